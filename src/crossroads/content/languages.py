"""Pages in the visitor's language: addresses name it (``/fr/events/``, ``/ar/events/``;
English, the site's own, has none), and a visitor reaching an address without one is
sent to the same page in the language they prefer.

The preference is the one they chose with the language switcher (remembered in the
language cookie by ``set_language``), else their browser's (``Accept-Language``). Only
pages move: the API, feeds, the admin and static files have one address in any language.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import is_valid_path, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PreferredLanguageMiddleware:
    """Redirect (302) a GET for an English page to the visitor's preferred language.

    After ``LocaleMiddleware``, which shows an address without a language in English.
    Only pages with versions in other languages vary with the visitor's preference.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.other = next(
            code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
        )

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not self._has_versions(request):
            return self.get_response(request)
        preferred = translation.get_language_from_request(request, check_path=False)
        moved = None
        if preferred != settings.LANGUAGE_CODE:
            moved = translate_url(request.get_full_path(), preferred)
        if moved and moved != request.get_full_path():
            response = HttpResponseRedirect(moved)
        else:
            response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def _has_versions(self, request) -> bool:
        """Whether the address names no language and the page has other versions."""
        path = request.path_info
        if translation.get_language_from_path(path):
            return False
        return is_valid_path(path, getattr(request, "urlconf", None)) and (
            translate_url(path, self.other) != path
        )
