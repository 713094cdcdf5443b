"""Addresses of pages, remembered.

A page of results links to twenty items, and Django's ``reverse`` costs tens of
microseconds each time (it matches the arguments against every pattern of the view's
name). An address depends only on the view, its arguments, the URLconf, the script
prefix and the language, so each is worked out once per process.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

#: Addresses remembered per process (about 200 bytes each).
REMEMBERED = 20_000


def addressing() -> tuple[str, str, str]:
    """What addresses depend on besides the view and its arguments: the active URLconf,
    script prefix and language (the key of whatever remembers addresses)."""
    return get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language() or ""


@lru_cache(maxsize=REMEMBERED)
def _reversed(viewname: str, args: tuple, addressed: tuple[str, str, str]) -> str:
    return reverse(viewname, urlconf=addressed[0], args=args)


def url_for(viewname: str, *args, addressed: tuple[str, str, str] | None = None) -> str:
    """``reverse(viewname, args=args)``, remembered per ``addressing()`` (which a caller
    making many addresses at once may look up once and pass as ``addressed``)."""
    return _reversed(viewname, args, addressed or addressing())


def absolute(href: str) -> str:
    """An address on this site (``/events/…``) as it works from anywhere: a mailbox, a
    feed reader, a calendar, a search engine (on ``SITE_URL``, the site's public address).
    An address that is absolute already (a linked document, a file in an object store)
    is left as it is."""
    return settings.SITE_URL.rstrip("/") + href if href.startswith("/") else href


def replaced(query, name: str, value: str | int | None) -> str:
    """The query string ``query`` (a ``QueryDict``) with ``name`` set to ``value`` (put
    last), or left out when ``value`` is None, every other parameter kept: "?…", or "?"
    alone when nothing is left. (``QueryDict.copy`` deep-copies: a page makes a dozen.)"""
    kept = [(key, each) for key, values in query.lists() if key != name for each in values]
    if value is not None:
        kept.append((name, value))
    return "?" + urlencode(kept)
