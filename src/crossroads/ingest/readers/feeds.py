"""RSS and Atom feeds: one page per entry, read by feedparser with relative links resolved
and HTML sanitised, its title and content as text and its publication date (keeping the
stated offset), link and document enclosures as facts; entity declarations are dropped
before parsing, so that no entity ever expands."""

from __future__ import annotations

import email.utils
import html
import io
import re
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

import feedparser
import lxml.etree
import lxml.html
from django.utils.translation import gettext as _

from crossroads.ingest.pages import Page, UnreadableInput
from crossroads.ingest.readers.facts import (
    absolute_url,
    file_name,
    is_web_url,
    iso,
    language_code,
    stated,
)
from crossroads.ingest.readers.html import (
    DOCUMENT_SUFFIXES,
    ENTITY_DECLARATIONS,
    HTML_PARSER,
    markup_text,
)
from crossroads.ingest.readers.text import squash, tidy

_DOCTYPE_BYTES = re.compile(ENTITY_DECLARATIONS.encode(), re.IGNORECASE | re.DOTALL)


def read_feed(data: bytes, source: str, content_type: str | None) -> list[Page]:
    """One page per entry. Entity declarations are dropped before parsing, so no entity
    expands (feedparser would otherwise expand simple ones, even a thousand times)."""
    headers = {"content-type": content_type} if content_type else {}
    if is_web_url(source):
        headers["content-location"] = source
    feed = feedparser.parse(
        io.BytesIO(_DOCTYPE_BYTES.sub(b"", data, count=1)),
        response_headers=headers,
        resolve_relative_uris=True,
        sanitize_html=True,
    )
    language = language_code(feed.feed.get("language"))
    pages = []
    for index, entry in enumerate(feed.entries, start=1):
        if page := _entry_page(entry, f"{source}#{index}", language):
            pages.append(page)
    if not pages and (feed.bozo or not feed.version):
        raise UnreadableInput(_("The feed could not be read."))
    if not pages:
        raise UnreadableInput(_("The feed holds no entries."))
    return pages


def _entry_page(entry: dict, fallback_source: str, language: str | None) -> Page | None:
    """One feed entry as a page, or None when it has neither title nor text."""
    title_detail = entry.get("title_detail") or {}
    title = squash(_detail_text(title_detail))
    content = (entry.get("content") or [entry.get("summary_detail") or {}])[0]
    text = "\n".join(part for part in (title, _detail_text(content)) if part)
    if not text:
        return None
    link = absolute_url(entry.get("link"), None)
    stated_date = entry.get("published") or entry.get("updated")
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    documents = [
        {"title": file_name(url), "language": None, "url": url}
        for enclosure in entry.get("enclosures", [])
        if (url := absolute_url(enclosure.get("href"), None))
        and urlsplit(url).path.lower().endswith(DOCUMENT_SUFFIXES)
    ]
    facts = {
        "kind": "news",
        "title": title,
        "published": _feed_date(stated_date, moment),
        "url": link,
        "documents": documents,
    }
    return Page(
        source=link or fallback_source,
        text=text,
        language=language_code(content.get("language") or title_detail.get("language")) or language,
        facts=stated(facts),
    )


def _detail_text(detail: dict) -> str:
    """The text of a feedparser text construct: HTML turned into lines, plain text tidied."""
    value = detail.get("value") or ""
    if "html" not in (detail.get("type") or ""):
        return tidy(value)
    if "<" not in value:
        return tidy(html.unescape(value))
    try:
        root = lxml.html.fragment_fromstring(value, create_parent="div", parser=HTML_PARSER)
    except (lxml.etree.ParserError, ValueError):
        return tidy(value)
    return markup_text(root)


def _feed_date(stated_date: str | None, moment: time.struct_time | None) -> str | None:
    """A feed date in ISO 8601, keeping its stated offset: RFC 3339, RFC 822, else UTC."""
    if stated_date:
        if iso_date := iso(stated_date):
            return iso_date
        try:
            return email.utils.parsedate_to_datetime(stated_date).isoformat()
        except (TypeError, ValueError):
            pass
    return datetime(*moment[:6], tzinfo=UTC).isoformat() if moment else None
