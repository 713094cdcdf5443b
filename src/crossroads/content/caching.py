"""How long browsers and shared caches may keep what the site sends.

- Static files have fingerprinted names (the manifest storage of ``collectstatic``) and
  WhiteNoise serves them before any of this runs, with a far-future expiry
  (``max-age=315360000, public, immutable``): a changed file gets a new name.
- Pages are made for each visitor: every one holds the language switcher's form with the
  visitor's CSRF token, and the "Sign in" or "Your account" link. So a page may be kept
  by the visitor's own browser only, and is asked for again each time it is shown (the
  back button's memory aside): ``Cache-Control: private, no-cache``. A view that says
  otherwise (``never_cache``, the API, the map's data) keeps its own header.
"""

from __future__ import annotations

PAGE_CACHE_CONTROL = "private, no-cache"


class PageCacheMiddleware:
    """Give HTML responses without a Cache-Control header ``private, no-cache``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        is_page = response.get("Content-Type", "").startswith("text/html")
        if is_page and not response.has_header("Cache-Control"):
            response["Cache-Control"] = PAGE_CACHE_CONTROL
        return response
