"""The JSON API under /api/ (django-ninja): what the pages show, for other programs."""
