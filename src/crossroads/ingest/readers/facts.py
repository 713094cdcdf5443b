"""Facts as every format states them: web addresses resolved and kept only when they are
http(s), ISO 639-1 language codes, ISO 8601 dates as stated, values stated once or as a
list, and a page's facts keeping only the keys a format states (see
:class:`~crossroads.ingest.pages.Page`)."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import unquote, urljoin, urlsplit

import pycountry

_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2})?")


def stated(facts: dict) -> dict:
    """The facts with a value: a format states a key or leaves it out."""
    return {key: value for key, value in facts.items() if value}


def as_list(value: object) -> list:
    return value if isinstance(value, list) else [value]


def is_web_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def absolute_url(href: str | None, base: str | None) -> str | None:
    """``href`` resolved against ``base``, when that gives an http(s) address."""
    if not href:
        return None
    try:
        url = urljoin(base or "", href.strip())
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def file_name(url: str) -> str:
    return unquote(urlsplit(url).path.rstrip("/").rpartition("/")[2])


def language_code(value: str | None) -> str | None:
    """The ISO 639-1 code a language tag starts with ("fr-FR" → "fr")."""
    code = (value or "").strip().lower()[:3].rstrip("-_")
    return code if len(code) == 2 and pycountry.languages.get(alpha_2=code) else None


def iso(value: str | None) -> str | None:
    """An ISO 8601 date or datetime as stated ("2024", "2024-03" too), else None."""
    if not value:
        return None
    value = value.strip()
    if _PARTIAL_DATE.fullmatch(value):
        return value
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.date().isoformat() if len(value) <= 10 else moment.isoformat()
