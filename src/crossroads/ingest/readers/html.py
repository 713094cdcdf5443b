"""HTML pages: the markup parsed once (no network, no entity expansion), facts taken from
its schema.org data (JSON-LD and microdata through extruct: the first Event, else the first
article), its title, canonical address, publication date and links to documents, and its
main text found by trafilatura, else every text of its body; feeds turn their HTML entries
into text with :func:`markup_text` too."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import extruct
import lxml.etree
import lxml.html
import trafilatura
from django.utils.translation import gettext as _

from crossroads.ingest.pages import Page, UnreadableInput
from crossroads.ingest.readers.facts import (
    absolute_url,
    as_list,
    file_name,
    is_web_url,
    iso,
    language_code,
    stated,
)
from crossroads.ingest.readers.text import clean, decode, http_charset, squash, tidy

DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".ppt", ".pptx", ".odt")

_MARKUP_CHARSET = re.compile(
    rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)",
    re.IGNORECASE,
)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
# A DOCTYPE declaring entities: dropped before parsing, so that no entity ever expands.
ENTITY_DECLARATIONS = r"<!DOCTYPE[^\[>]*\[.*?\]\s*>"
_DOCTYPE = re.compile(ENTITY_DECLARATIONS, re.IGNORECASE | re.DOTALL)
_LANGUAGE_TAG = re.compile(r"\s*[\[(]([A-Za-z]{2})[\])]\s*$")
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
HTML_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, no_network=True, huge_tree=False
)


def read_html(data: bytes, source: str, content_type: str | None) -> list[Page]:
    """The page, parsed once: schema.org data, title, links and language from the tree,
    then its main text."""
    markup_charset = _MARKUP_CHARSET.search(data[:4096])
    declared = markup_charset and (markup_charset[1] or markup_charset[2]).decode("ascii")
    text = clean(decode(data, http_charset(content_type), declared))
    try:
        markup = _DOCTYPE.sub("", XML_DECLARATION.sub("", text), count=1)
        tree = lxml.html.document_fromstring(markup, parser=HTML_PARSER)
    except (lxml.etree.ParserError, ValueError) as error:
        raise UnreadableInput(_("No readable text was found on the page.")) from error

    canonical = next(
        (link.get("href") for link in tree.iter("link") if _has_rel(link, "canonical")), None
    )
    base = _base_url(tree, source, canonical)
    facts = _schema_facts(tree, base)
    if title := _page_title(tree):
        facts.setdefault("title", title)
    if published := iso(_meta(tree, "article:published_time")):
        facts.setdefault("published", published)
    if url := absolute_url(canonical, base):
        facts["url"] = url
    if documents := _documents(tree.iter("a"), base):
        facts["documents"] = documents

    lxml.etree.strip_tags(tree, "time")  # trafilatura drops <time> elements, dates and all
    body = _main_text(tree, base)
    if not body:
        raise UnreadableInput(_("No readable text was found on the page."))
    language = language_code(tree.get("lang") or tree.get("xml:lang"))
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
    if document is not None and (text := tidy(document.text or "")):
        return text
    body = tree.find("body")
    return markup_text(body) if body is not None else ""


def markup_text(root: lxml.html.HtmlElement) -> str:
    """Plain text of an element: block elements on their own lines, list items bulleted.

    The element is changed in place (scripts and styles dropped, newlines added)."""
    for element in root.xpath(".//script|.//style|.//template"):
        element.drop_tree()
    for element in root.iter(lxml.etree.Element):
        if element.tag in _BLOCK_TAGS:
            bullet = "• " if element.tag == "li" else ""
            element.text = f"\n{bullet}{element.text or ''}"
            element.tail = f"\n{element.tail or ''}"
    return tidy(root.text_content())


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
    page_url = source if is_web_url(source) else absolute_url(canonical, None)
    base = tree.find(".//base[@href]")
    return absolute_url(base.get("href"), page_url) if base is not None else page_url


def _page_title(tree: lxml.html.HtmlElement) -> str | None:
    """og:title, else the first <h1>, else <title>, without a site name around it."""
    h1 = tree.find(".//h1")
    candidates = (_meta(tree, "og:title"), h1.text_content() if h1 is not None else None)
    for candidate in (*candidates, tree.findtext(".//title")):
        if title := squash(candidate):
            return _strip_site_name(title, squash(_meta(tree, "og:site_name")))
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
        label = squash(link.text_content())
        tag = _LANGUAGE_TAG.search(label)
        language = language_code(tag.group(1)) if tag else None
        if not language and not parts.path.lower().endswith(DOCUMENT_SUFFIXES):
            continue
        url = absolute_url(href, base)
        title = (label[: tag.start()] if tag else label).strip()
        key = (url or href, language)
        if key not in seen:
            seen.add(key)
            documents.append({"title": title or file_name(href), "language": language, "url": url})
    return documents


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
            "start": iso(_value(event.get("startDate"))),
            "end": iso(_value(event.get("endDate"))),
            "location": _location(event.get("location")),
            "attendance": _ATTENDANCE.get(_type_name(_value(event.get("eventAttendanceMode")))),
            "organizers": _values(event.get("organizer")),
            "url": absolute_url(_value(event.get("url")), base),
        }
        return stated(facts)
    article = next((item for item in items if _is_a(item, _is_article_type)), None)
    if article is not None:
        facts = {
            "kind": "news",
            "title": _value(article.get("headline")) or _value(article.get("name")),
            "published": iso(_value(article.get("datePublished"))),
            "url": absolute_url(_value(article.get("url")), base),
        }
        return stated(facts)
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
    return any(test(_type_name(name)) for name in as_list(types))


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
    return (squash(value) or None) if isinstance(value, str) else None


def _values(value: object) -> list[str]:
    """Every text of a schema.org value (names of organisers…), in order, once each."""
    values = as_list(value)
    return list(dict.fromkeys(filter(None, map(_value, values))))


def _location(value: object) -> str | None:
    """A schema.org location as text: places' names and addresses, or "online"."""
    return "; ".join(filter(None, map(_place, as_list(value))))


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
