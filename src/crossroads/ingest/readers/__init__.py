"""Readers: partner web pages, text files, iCalendar files and RSS/Atom feeds become pages.
:func:`read` finds the format (content type, then file name, then the bytes themselves) and
hands the bytes to that format's reader (:mod:`.html`, :mod:`.text`, :mod:`.calendars`,
:mod:`.feeds`), which decodes the text and returns
:class:`~crossroads.ingest.pages.Page` objects with the facts the format states. Nothing
here touches the network or the file system: links are only read, never followed, and XML
entity declarations are never expanded."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from crossroads.ingest.pages import Page, UnreadableInput
from crossroads.ingest.readers.calendars import read_calendar
from crossroads.ingest.readers.facts import is_web_url
from crossroads.ingest.readers.feeds import read_feed
from crossroads.ingest.readers.html import DOCUMENT_SUFFIXES, XML_DECLARATION, read_html
from crossroads.ingest.readers.text import bom_encoding, read_text

#: The largest input read, in bytes; larger files are refused before any parsing.
MAX_BYTES = 5 * 1024 * 1024

_HTML, _TEXT, _CALENDAR, _FEED, _BINARY = "html", "text", "calendar", "feed", "binary"

_MEDIA_TYPES = {
    **dict.fromkeys(("text/html", "application/xhtml+xml"), _HTML),
    "text/plain": _TEXT,
    "text/calendar": _CALENDAR,
    **dict.fromkeys(("application/rss+xml", "application/atom+xml", "application/rdf+xml"), _FEED),
    **dict.fromkeys(("application/pdf", "application/zip", "application/msword"), _BINARY),
}
_BINARY_MEDIA_PREFIXES = ("image/", "audio/", "video/", "font/", "application/vnd.")
_SUFFIXES = {
    **dict.fromkeys((".html", ".htm", ".xhtml"), _HTML),
    **dict.fromkeys((".txt", ".text"), _TEXT),
    **dict.fromkeys((".ics", ".ical"), _CALENDAR),
    **dict.fromkeys((".rss", ".atom"), _FEED),
    **dict.fromkeys((*DOCUMENT_SUFFIXES, ".png", ".jpg", ".jpeg", ".gif", ".zip"), _BINARY),
}
_BINARY_SIGNATURES = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"PK\x03\x04")
_BINARY_SIGNATURES += (b"\x1f\x8b", b"\xd0\xcf\x11\xe0", b"Rar!", b"7z\xbc\xaf")
_FEED_ROOTS = ("rss", "feed", "rdf:rdf")

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_FIRST_TAG = re.compile(r"<([a-z][\w:.-]*)")

_READERS: dict[str, Callable[[bytes, str, str | None], list[Page]]] = {
    _HTML: read_html,
    _TEXT: read_text,
    _CALENDAR: read_calendar,
    _FEED: read_feed,
}


def read(data: bytes, *, source: str, content_type: str | None = None) -> list[Page]:
    """Read ``data`` (from ``source``, a path or URL) into pages, or raise UnreadableInput.

    An HTML or text file is one page; an iCalendar file is one page per event and a feed
    one page per entry (their ``source`` is the entry's link, else ``source#n`` counted
    from 1).
    """
    if not data:
        raise UnreadableInput(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise UnreadableInput(
            _("The file is too large: %(size).1f MB, and the limit is %(limit)d MB.")
            % {"size": len(data) / 2**20, "limit": MAX_BYTES // 2**20}
        )
    found = _format(data, source, content_type)
    if found == _BINARY:
        raise UnreadableInput(
            _(
                "This is not a page or a text file: it looks like binary data "
                "(a PDF, an image or an archive)."
            )
        )
    return _READERS[found](data, source, content_type)


def _format(data: bytes, source: str, content_type: str | None) -> str:
    """The format of ``data``: its signature, content type, file name suffix, then sniffing."""
    if data.startswith(_BINARY_SIGNATURES) or data[:1024].count(b"\x00") > 100:  # 10% NUL
        return _BINARY
    media_type = (content_type or "").partition(";")[0].strip().lower()
    if media_type in _MEDIA_TYPES:
        return _MEDIA_TYPES[media_type]
    if media_type.startswith(_BINARY_MEDIA_PREFIXES):
        return _BINARY
    path = urlsplit(source).path if is_web_url(source) else source
    suffix = os.path.splitext(path)[1].lower()
    return _SUFFIXES.get(suffix) or _sniff(data)


def _sniff(data: bytes) -> str:
    """The format the first bytes look like: XML is a feed unless its root is <html>."""
    head = data[:2048].decode(bom_encoding(data) or "latin-1", errors="ignore")
    head = head.lstrip("\ufeff \t\r\n").lower()
    if head.startswith("begin:vcalendar"):
        return _CALENDAR
    if head.startswith("<"):
        found = _FIRST_TAG.search(_COMMENT.sub("", XML_DECLARATION.sub("", head)))
        root = found.group(1) if found else ""
        is_xml = head.startswith("<?xml") and root != "html"
        return _FEED if root in _FEED_ROOTS or is_xml else _HTML
    return _HTML if "<html" in head or "<body" in head else _TEXT
