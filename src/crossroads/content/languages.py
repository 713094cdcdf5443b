"""Pages in the visitor's language: addresses name it (``/fr/events/``, ``/ar/events/``;
English, the site's own, has none), and a visitor reaching an address without one is
sent to the same page in the language they prefer.

The preference is the one they chose with the language switcher (remembered in the
language cookie by ``set_language``), else their browser's (``Accept-Language``). Only
pages move: the API, feeds, the admin and static files have one address in any language.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import is_valid_path, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers

from crossroads.content.links import addressing

#: Longest path whose versions are remembered, and how many paths are (about 300 bytes
#: each): a longer path is most likely no page at all.
REMEMBERED_PATH = 300
REMEMBERED_PATHS = 4_096


def _versions_of(path: str, addressed: tuple[str, str, str]) -> tuple[tuple[str, str, str], ...]:
    # ``addressed`` (the active URLconf, script prefix and language) keys the cache.
    return tuple((code, name, translate_url(path, code)) for code, name in settings.LANGUAGES)


def _has_versions(path: str, addressed: tuple[str, str, str]) -> bool:
    other = next(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
    return is_valid_path(path, addressed[0]) and translate_url(path, other) != path


_remembered_versions = lru_cache(maxsize=REMEMBERED_PATHS)(_versions_of)
_remembered_has_versions = lru_cache(maxsize=REMEMBERED_PATHS)(_has_versions)


def versions(path: str) -> tuple[tuple[str, str, str], ...]:
    """(code, name, address) of the page at ``path`` (its query string kept) in each
    language, read while the page's own language is active, which is when its address
    can be resolved. Every page names them (the ``hreflang`` alternates, the language
    switcher), and resolving an address and reversing it in each language costs a
    quarter of a millisecond: each path's are remembered per ``addressing()``."""
    path, mark, query = path.partition("?")
    look_up = _remembered_versions if len(path) <= REMEMBERED_PATH else _versions_of
    return tuple(
        (code, name, address + mark + query) for code, name, address in look_up(path, addressing())
    )


def has_versions(path: str) -> bool:
    """Whether ``path`` (without a language in it) is a page with versions in other
    languages; remembered like ``versions``."""
    if translation.get_language_from_path(path):
        return False
    look_up = _remembered_has_versions if len(path) <= REMEMBERED_PATH else _has_versions
    return look_up(path, addressing())


class PreferredLanguageMiddleware:
    """Redirect (302) a GET for an English page to the visitor's preferred language.

    After ``LocaleMiddleware``, which shows an address without a language in English.
    Only pages with versions in other languages vary with the visitor's preference.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not has_versions(request.path_info):
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
