"""Topics, frameworks and their objectives."""
