"""The home page, the error pages, and uploaded files."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

from crossroads.content import uploads
from crossroads.events.queries import upcoming_events
from crossroads.library.queries import featured_resources
from crossroads.news.queries import latest_stories


def home(request):
    return render(
        request,
        "content/home.html",
        {
            "events": upcoming_events()[:6],
            "stories": latest_stories(),
            "resources": featured_resources(),
        },
    )


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


@require_safe
def media(request, path: str):
    """An uploaded file, never as a page the browser would run: its type from the stored
    name's extension among ``uploads.SERVED_TYPES`` (else bytes to download), no type
    guessing, a sandbox without scripts, and a download for everything but PDFs and
    images. 404 for a path leading out of the media folder."""
    if "\x00" in path or "\\" in path:
        raise Http404
    try:
        target = Path(safe_join(settings.MEDIA_ROOT, path))
    except SuspiciousFileOperation:  # a path leading out of the folder
        raise Http404 from None
    if not target.is_file():
        raise Http404
    extension = target.suffix.lower().removeprefix(".")
    content_type = uploads.SERVED_TYPES.get(extension, "application/octet-stream")
    inline = extension in uploads.SHOWN_INLINE
    response = FileResponse(target.open("rb"), content_type=content_type, as_attachment=not inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
