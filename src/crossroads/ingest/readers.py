"""Readers: partner web pages, text files, iCalendar files and RSS/Atom feeds become pages.

:func:`read` finds the format (content type, then file name, then the bytes themselves),
decodes the text and hands back :class:`~crossroads.ingest.pages.Page` objects with the
facts the format states. Nothing here touches the network or the file system: links are
only read, never followed, and XML entity declarations are never expanded.
"""

from __future__ import annotations

import codecs
import email.utils
import html
import io
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote, urljoin, urlsplit

import charset_normalizer
import extruct
import feedparser
import icalendar
import lxml.etree
import lxml.html
import pycountry
import trafilatura
from django.utils.translation import gettext as _

from crossroads.ingest.pages import Page, UnreadableInput

#: The largest input read, in bytes; larger files are refused before any parsing.
MAX_BYTES = 5 * 1024 * 1024

_HTML, _TEXT, _CALENDAR, _FEED, _BINARY = "html", "text", "calendar", "feed", "binary"

_DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".ppt", ".pptx", ".odt")
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
    **dict.fromkeys((*_DOCUMENT_SUFFIXES, ".png", ".jpg", ".jpeg", ".gif", ".zip"), _BINARY),
}
_BINARY_SIGNATURES = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"PK\x03\x04")
_BINARY_SIGNATURES += (b"\x1f\x8b", b"\xd0\xcf\x11\xe0", b"Rar!", b"7z\xbc\xaf")
_FEED_ROOTS = ("rss", "feed", "rdf:rdf")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"))
_BOMS += ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"))
_BOMS += ((codecs.BOM_UTF16_BE, "utf-16"),)

_CHARSET_PARAMETER = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_MARKUP_CHARSET = re.compile(
    rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)",
    re.IGNORECASE,
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
# A DOCTYPE declaring entities: dropped before parsing, so that no entity ever expands.
_ENTITY_DECLARATIONS = r"<!DOCTYPE[^\[>]*\[.*?\]\s*>"
_DOCTYPE = re.compile(_ENTITY_DECLARATIONS, re.IGNORECASE | re.DOTALL)
_DOCTYPE_BYTES = re.compile(_ENTITY_DECLARATIONS.encode(), re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_FIRST_TAG = re.compile(r"<([a-z][\w:.-]*)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[^\S\n]+")
_LIST_DASH = re.compile(r"^- ")
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2})?")
_LANGUAGE_TAG = re.compile(r"\s*[\[(]([A-Za-z]{2})[\])]\s*$")
_CALENDAR_END = re.compile(r"^END:VCALENDAR", re.IGNORECASE | re.MULTILINE)
_EVENT_END = re.compile(r"^END:VEVENT[ \t]*$", re.IGNORECASE | re.MULTILINE)
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||–|—|-|·|::|»)\s+")

_ATTENDANCE = {
    "OfflineEventAttendanceMode": "in_person",
    "OnlineEventAttendanceMode": "virtual",
    "MixedEventAttendanceMode": "hybrid",
}
_ADDRESS = ("streetAddress", "addressLocality", "addressRegion", "addressCountry")
_ARTICLE_TYPES = {"BlogPosting", "LiveBlogPosting", "Report"}
_EVENT_TYPES = {"EventSeries", "Festival", "Hackathon"}
_BLOCK_TAGS = {"address", "article", "blockquote", "br", "dd", "div", "dt", "figcaption"}
_BLOCK_TAGS |= {"footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol"}
_BLOCK_TAGS |= {"p", "pre", "section", "table", "td", "th", "tr", "ul"}

# Comments and processing instructions go; the network is never used to fetch a DTD and
# no tree may grow past libxml2's default limits (huge_tree off).
_HTML_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, no_network=True, huge_tree=False
)


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
    path = urlsplit(source).path if _is_web_url(source) else source
    suffix = os.path.splitext(path)[1].lower()
    return _SUFFIXES.get(suffix) or _sniff(data)


def _sniff(data: bytes) -> str:
    """The format the first bytes look like: XML is a feed unless its root is <html>."""
    head = data[:2048].decode(_bom_encoding(data) or "latin-1", errors="ignore")
    head = head.lstrip("\ufeff \t\r\n").lower()
    if head.startswith("begin:vcalendar"):
        return _CALENDAR
    if head.startswith("<"):
        found = _FIRST_TAG.search(_COMMENT.sub("", _XML_DECLARATION.sub("", head)))
        root = found.group(1) if found else ""
        is_xml = head.startswith("<?xml") and root != "html"
        return _FEED if root in _FEED_ROOTS or is_xml else _HTML
    return _HTML if "<html" in head or "<body" in head else _TEXT


def _bom_encoding(data: bytes) -> str | None:
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def _decode(data: bytes, *declared: str | None) -> str:
    """Text of ``data``: by its BOM, the first declared charset Python knows, UTF-8, then
    detection. Undecodable bytes become U+FFFD; this never raises."""
    for encoding in (_bom_encoding(data), *declared):
        if encoding:
            try:
                return data.decode(encoding, errors="replace")
            except LookupError:
                continue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        matches = charset_normalizer.from_bytes(data)
    if (best := matches.best()) is None:
        return data.decode("cp1252", errors="replace")
    # Short texts fit several code pages equally well: the web's default wins a tie.
    tied = (m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence))
    return str(next((m for m in tied if "cp1252" in m.could_be_from_charset), best))


def _http_charset(content_type: str | None) -> str | None:
    found = _CHARSET_PARAMETER.search(content_type or "")
    return found.group(1) if found else None


def _clean(text: str) -> str:
    """Unix newlines, and no control characters but newlines and tabs."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _tidy(text: str) -> str:
    """One paragraph or list item per line, single spaces, list dashes as bullets."""
    lines = (_SPACES.sub(" ", line).strip() for line in _clean(text).split("\n"))
    return "\n".join(_LIST_DASH.sub("• ", line) for line in lines if line)


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else [value]


def _stated(facts: dict) -> dict:
    """The facts with a value: a format states a key or leaves it out."""
    return {key: value for key, value in facts.items() if value}


# Plain text ------------------------------------------------------------------------------


def _read_text(data: bytes, source: str, content_type: str | None) -> list[Page]:
    """The file as one page, its lines as they are; it states no facts."""
    text = _clean(_decode(data, _http_charset(content_type))).strip()
    if not text:
        raise UnreadableInput(_("No readable text was found in the file."))
    return [Page(source=source, text=text)]


# HTML --------------------------------------------------------------------------------------


def _read_html(data: bytes, source: str, content_type: str | None) -> list[Page]:
    """The page, parsed once: schema.org data, title, links and language from the tree,
    then its main text."""
    markup_charset = _MARKUP_CHARSET.search(data[:4096])
    declared = markup_charset and (markup_charset[1] or markup_charset[2]).decode("ascii")
    text = _clean(_decode(data, _http_charset(content_type), declared))
    try:
        markup = _DOCTYPE.sub("", _XML_DECLARATION.sub("", text), count=1)
        tree = lxml.html.document_fromstring(markup, parser=_HTML_PARSER)
    except (lxml.etree.ParserError, ValueError) as error:
        raise UnreadableInput(_("No readable text was found on the page.")) from error

    canonical = next(
        (link.get("href") for link in tree.iter("link") if _has_rel(link, "canonical")), None
    )
    base = _base_url(tree, source, canonical)
    facts = _schema_facts(tree, base)
    if title := _page_title(tree):
        facts.setdefault("title", title)
    if published := _iso(_meta(tree, "article:published_time")):
        facts.setdefault("published", published)
    if url := _absolute_url(canonical, base):
        facts["url"] = url
    if documents := _documents(tree.iter("a"), base):
        facts["documents"] = documents

    lxml.etree.strip_tags(tree, "time")  # trafilatura drops <time> elements, dates and all
    body = _main_text(tree, base)
    if not body:
        raise UnreadableInput(_("No readable text was found on the page."))
    language = _language_code(tree.get("lang") or tree.get("xml:lang"))
    return [Page(source=source, text=body, language=language, facts=facts)]


def _main_text(tree: lxml.html.HtmlElement, base: str | None) -> str:
    """The page's main text by trafilatura, else every text of its body."""
    document = trafilatura.bare_extraction(
        tree,
        url=base,
        favor_recall=True,
        include_comments=False,
        include_links=False,
        include_tables=True,
    )
    if document is not None and (text := _tidy(document.text or "")):
        return text
    body = tree.find("body")
    return _markup_text(body) if body is not None else ""


def _markup_text(root: lxml.html.HtmlElement) -> str:
    """Plain text of an element: block elements on their own lines, list items bulleted.

    The element is changed in place (scripts and styles dropped, newlines added)."""
    for element in root.xpath(".//script|.//style|.//template"):
        element.drop_tree()
    for element in root.iter(lxml.etree.Element):
        if element.tag in _BLOCK_TAGS:
            bullet = "• " if element.tag == "li" else ""
            element.text = f"\n{bullet}{element.text or ''}"
            element.tail = f"\n{element.tail or ''}"
    return _tidy(root.text_content())


def _has_rel(link: lxml.html.HtmlElement, rel: str) -> bool:
    return rel in (link.get("rel") or "").lower().split()


def _meta(tree: lxml.html.HtmlElement, name: str) -> str | None:
    """The content of ``<meta property=name>`` (or ``name=name``)."""
    for meta in tree.iter("meta"):
        if name in (meta.get("property"), meta.get("name")):
            return meta.get("content")
    return None


def _base_url(tree: lxml.html.HtmlElement, source: str, canonical: str | None) -> str | None:
    """The address relative links resolve against: <base href>, the source, the canonical."""
    page_url = source if _is_web_url(source) else _absolute_url(canonical, None)
    base = tree.find(".//base[@href]")
    return _absolute_url(base.get("href"), page_url) if base is not None else page_url


def _is_web_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _absolute_url(href: str | None, base: str | None) -> str | None:
    """``href`` resolved against ``base``, when that gives an http(s) address."""
    if not href:
        return None
    try:
        url = urljoin(base or "", href.strip())
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def _language_code(value: str | None) -> str | None:
    """The ISO 639-1 code a language tag starts with ("fr-FR" → "fr")."""
    code = (value or "").strip().lower()[:3].rstrip("-_")
    return code if len(code) == 2 and pycountry.languages.get(alpha_2=code) else None


def _page_title(tree: lxml.html.HtmlElement) -> str | None:
    """og:title, else the first <h1>, else <title>, without a site name around it."""
    h1 = tree.find(".//h1")
    candidates = (_meta(tree, "og:title"), h1.text_content() if h1 is not None else None)
    for candidate in (*candidates, tree.findtext(".//title")):
        if title := _squash(candidate):
            return _strip_site_name(title, _squash(_meta(tree, "og:site_name")))
    return None


def _strip_site_name(title: str, site_name: str) -> str:
    """The title without the site's name: the stated name goes from either end ("Hub
    meeting | Crossroads" → "Hub meeting"); without one, a last part after " | " does."""
    if site_name:
        name, separator = re.escape(site_name), _TITLE_SEPARATOR.pattern
        pattern = rf"^{name}{separator}|{separator}{name}$"
        return re.sub(pattern, "", title, flags=re.IGNORECASE) or title
    head, separator, _site = title.rpartition(" | ")
    return head.strip() or title


def _documents(links: Iterator[lxml.html.HtmlElement], base: str | None) -> list[dict]:
    """Links to documents: to a PDF, Word, PowerPoint or ODT file, or labelled "Flyer [EN]"."""
    documents, seen = [], set()
    for link in links:
        href = (link.get("href") or "").strip()
        try:
            parts = urlsplit(href)
        except ValueError:
            continue
        if not href or parts.scheme.lower() not in ("", "http", "https"):
            continue
        label = _squash(link.text_content())
        tag = _LANGUAGE_TAG.search(label)
        language = _language_code(tag.group(1)) if tag else None
        if not language and not parts.path.lower().endswith(_DOCUMENT_SUFFIXES):
            continue
        url = _absolute_url(href, base)
        title = (label[: tag.start()] if tag else label).strip()
        key = (url or href, language)
        if key not in seen:
            seen.add(key)
            documents.append({"title": title or _file_name(href), "language": language, "url": url})
    return documents


def _file_name(url: str) -> str:
    return unquote(urlsplit(url).path.rstrip("/").rpartition("/")[2])


# schema.org ------------------------------------------------------------------------------


def _schema_facts(tree: lxml.html.HtmlElement, base: str | None) -> dict:
    """Facts of the page's first schema.org Event, else its first article (JSON-LD or
    microdata)."""
    data = extruct.extract(tree, base_url=base, syntaxes=["json-ld", "microdata"], errors="ignore")
    items = list(_schema_items(data))
    event = next((item for item in items if _is_a(item, _is_event_type)), None)
    if event is not None:
        facts = {
            "kind": "event",
            "title": _value(event.get("name")),
            "start": _iso(_value(event.get("startDate"))),
            "end": _iso(_value(event.get("endDate"))),
            "location": _location(event.get("location")),
            "attendance": _ATTENDANCE.get(_type_name(_value(event.get("eventAttendanceMode")))),
            "organizers": _values(event.get("organizer")),
            "url": _absolute_url(_value(event.get("url")), base),
        }
        return _stated(facts)
    article = next((item for item in items if _is_a(item, _is_article_type)), None)
    if article is not None:
        facts = {
            "kind": "news",
            "title": _value(article.get("headline")) or _value(article.get("name")),
            "published": _iso(_value(article.get("datePublished"))),
            "url": _absolute_url(_value(article.get("url")), base),
        }
        return _stated(facts)
    return {}


def _schema_items(data: dict) -> Iterator[dict]:
    """JSON-LD items (a @graph's too) and microdata items, all shaped like JSON-LD."""
    for item in data.get("json-ld", []):
        graph = item.get("@graph") if isinstance(item, dict) else None
        nodes = graph if isinstance(graph, list) else [item]
        yield from (node for node in nodes if isinstance(node, dict))
    for item in data.get("microdata", []):
        yield _from_microdata(item)


def _from_microdata(value: object) -> object:
    if isinstance(value, dict) and "properties" in value:
        properties = {name: _from_microdata(item) for name, item in value["properties"].items()}
        return {"@type": value.get("type"), **properties}
    if isinstance(value, list):
        return [_from_microdata(item) for item in value]
    return value


def _type_name(value: object) -> str:
    """The bare name of a schema.org type ("https://schema.org/Event" → "Event")."""
    return value.rsplit("/", 1)[-1].rsplit(":", 1)[-1] if isinstance(value, str) else ""


def _is_a(item: dict, test: Callable[[str], bool]) -> bool:
    types = item.get("@type")
    return any(test(_type_name(name)) for name in _as_list(types))


def _is_event_type(name: str) -> bool:
    return name.endswith("Event") or name in _EVENT_TYPES


def _is_article_type(name: str) -> bool:
    return name.endswith("Article") or name in _ARTICLE_TYPES


def _value(value: object) -> str | None:
    """The first text of a schema.org value: a string, a list, {"@value": …} or a thing's
    name."""
    if isinstance(value, list):
        return next(filter(None, map(_value, value)), None)
    if isinstance(value, dict):
        return _value(value.get("@value") or value.get("name"))
    return (_squash(value) or None) if isinstance(value, str) else None


def _values(value: object) -> list[str]:
    """Every text of a schema.org value (names of organisers…), in order, once each."""
    values = _as_list(value)
    return list(dict.fromkeys(filter(None, map(_value, values))))


def _location(value: object) -> str | None:
    """A schema.org location as text: places' names and addresses, or "online"."""
    return "; ".join(filter(None, map(_place, _as_list(value))))


def _place(place: object) -> str | None:
    """One place as text: "Kampala City Hall, Kampala, UG"."""
    if not isinstance(place, dict):
        return _value(place)
    if _is_a(place, "VirtualLocation".__eq__):
        return _value(place.get("name")) or "online"
    address = place.get("address")
    parts = [place.get("name")]
    parts += [address.get(key) for key in _ADDRESS] if isinstance(address, dict) else [address]
    return ", ".join(dict.fromkeys(filter(None, map(_value, parts))))


def _iso(value: str | None) -> str | None:
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


# iCalendar -------------------------------------------------------------------------------


def _read_calendar(data: bytes, source: str, content_type: str | None) -> list[Page]:
    """One page per event; ``source#n`` (from 1) when the file holds several."""
    text = _complete_calendar(_clean(_decode(data, _http_charset(content_type))))
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
        events = [event for calendar in calendars for event in calendar.walk("VEVENT")]
        pages = [page for event in events if (page := _event_page(event, source))]
    except Exception as error:  # icalendar raises many kinds of errors on malformed input
        raise UnreadableInput(
            _("The calendar file could not be read: %(reason)s") % {"reason": error}
        ) from error
    if not pages:
        raise UnreadableInput(_("The calendar file holds no event."))
    if len(pages) == 1:
        return pages
    return [replace(page, source=f"{source}#{n}") for n, page in enumerate(pages, start=1)]


def _complete_calendar(text: str) -> str:
    """A calendar cut short keeps its complete events: the rest goes and the calendar is
    closed again."""
    if _CALENDAR_END.search(text):
        return text
    event_ends = list(_EVENT_END.finditer(text))
    if not event_ends:
        raise UnreadableInput(
            _("The calendar file could not be read: it ends before its first event does.")
        )
    return f"{text[: event_ends[-1].end()]}\nEND:VCALENDAR\n"


def _event_page(event: icalendar.Event, source: str) -> Page | None:
    """One calendar event as a page, or None when it states nothing to read."""
    summary = _squash(str(event.get("SUMMARY", "")))
    location = _squash(str(event.get("LOCATION", "")))
    description = _tidy(str(event.get("DESCRIPTION", "")))
    details = "\n".join(part for part in (description, location) if part)
    text = "\n\n".join(part for part in (summary, details) if part)
    if not text:
        return None
    facts = {"kind": "event", "title": summary, "location": location}
    if "DTSTART" in event:
        start, end = event.start, event.end
        if not isinstance(start, datetime):  # an all-day DTEND is the day after the last
            end = max(start, end - timedelta(days=1))
        facts |= {"start": start.isoformat(), "end": end.isoformat()}
        if isinstance(start, datetime) and "TZID" in event["DTSTART"].params:
            facts["timezone"] = getattr(start.tzinfo, "key", None)
    organizers = event.get("ORGANIZER", [])
    names = (_squash(organizer.params.get("CN")) for organizer in _as_list(organizers))
    facts["organizers"] = list(dict.fromkeys(filter(None, names)))
    facts["url"] = _absolute_url(str(event.get("URL", "")), None)
    return Page(source=source, text=text, facts=_stated(facts))


# Feeds -----------------------------------------------------------------------------------


def _read_feed(data: bytes, source: str, content_type: str | None) -> list[Page]:
    """One page per entry. Entity declarations are dropped before parsing, so no entity
    expands (feedparser would otherwise expand simple ones, even a thousand times)."""
    headers = {"content-type": content_type} if content_type else {}
    if _is_web_url(source):
        headers["content-location"] = source
    feed = feedparser.parse(
        io.BytesIO(_DOCTYPE_BYTES.sub(b"", data, count=1)),
        response_headers=headers,
        resolve_relative_uris=True,
        sanitize_html=True,
    )
    language = _language_code(feed.feed.get("language"))
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
    title = _squash(_detail_text(title_detail))
    content = (entry.get("content") or [entry.get("summary_detail") or {}])[0]
    text = "\n".join(part for part in (title, _detail_text(content)) if part)
    if not text:
        return None
    link = _absolute_url(entry.get("link"), None)
    stated = entry.get("published") or entry.get("updated")
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    documents = [
        {"title": _file_name(url), "language": None, "url": url}
        for enclosure in entry.get("enclosures", [])
        if (url := _absolute_url(enclosure.get("href"), None))
        and urlsplit(url).path.lower().endswith(_DOCUMENT_SUFFIXES)
    ]
    facts = {
        "kind": "news",
        "title": title,
        "published": _feed_date(stated, moment),
        "url": link,
        "documents": documents,
    }
    return Page(
        source=link or fallback_source,
        text=text,
        language=_language_code(content.get("language") or title_detail.get("language"))
        or language,
        facts=_stated(facts),
    )


def _detail_text(detail: dict) -> str:
    """The text of a feedparser text construct: HTML turned into lines, plain text tidied."""
    value = detail.get("value") or ""
    if "html" not in (detail.get("type") or ""):
        return _tidy(value)
    if "<" not in value:
        return _tidy(html.unescape(value))
    try:
        root = lxml.html.fragment_fromstring(value, create_parent="div", parser=_HTML_PARSER)
    except (lxml.etree.ParserError, ValueError):
        return _tidy(value)
    return _markup_text(root)


def _feed_date(stated: str | None, moment: time.struct_time | None) -> str | None:
    """A feed date in ISO 8601, keeping its stated offset: RFC 3339, RFC 822, else UTC."""
    if stated:
        if iso := _iso(stated):
            return iso
        try:
            return email.utils.parsedate_to_datetime(stated).isoformat()
        except (TypeError, ValueError):
            pass
    return datetime(*moment[:6], tzinfo=UTC).isoformat() if moment else None


_READERS: dict[str, Callable[[bytes, str, str | None], list[Page]]] = {
    _HTML: _read_html,
    _TEXT: _read_text,
    _CALENDAR: _read_calendar,
    _FEED: _read_feed,
}
