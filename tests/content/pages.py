"""Reading rendered pages in tests: the text with its spacing collapsed, the titles of cards,
and on pages of results their count, chips, facets, snippets and permalink."""

import re
from html import unescape

_CARD_TITLE = re.compile(r'<h3 lang="[a-z]+"[^>]*><a href="[^"]+">([^<]*)</a></h3>')


def html(response) -> str:
    """The page's HTML with every run of white space made one space."""
    return re.sub(r"\s+", " ", response.content.decode())


def h1(response) -> str:
    """The inside of the page's main heading."""
    return re.search(r"<h1[^>]*>(.*?)</h1>", html(response)).group(1)


def card_titles(response) -> list[str]:
    """The titles of the item cards on the page, in order."""
    return _CARD_TITLE.findall(response.content.decode())


def card_titles_in(response, heading: str) -> list[str]:
    """The titles of the item cards in the section under ``heading``."""
    return _CARD_TITLE.findall(section(response, heading))


def section(response, heading: str) -> str:
    """The collapsed HTML from the ``<h2>`` reading ``heading`` to the next ``<h2>``."""
    page = html(response)
    start = page.index(f">{heading}</h2>")
    end = page.find("<h2", start)
    return page[start : end if end != -1 else len(page)]


# -- pages of results (search.views.results_page) -----------------------------------
_COUNT = re.compile(r'<p class="summary-line"> (\d+) results? ·')
_CHIP = re.compile(r'<li><a href="([^"]*)" title="Remove">(.*?) <span aria-hidden="true">×</span>')
_FIELDSET = re.compile(
    r'<fieldset class="facet"(?: id="facet-[a-z]+")?> ?<legend>([^<]*)</legend>(.*?)</fieldset>'
)
_MORE = re.compile(
    r'<fieldset class="facet" id="facet-[a-z]+"><legend>([^<]*)</legend>.*?'
    r'<a class="more" href="([^"]*)">([^<]*)<span class="visually-hidden"> \(\1\)</span></a>'
    r"</fieldset>"
)
_FACET_VALUE = re.compile(
    r'<label><input type="checkbox" name="[a-z]+" value="([^"]*)"( checked)?> (.*?) '
    r'<span class="count">(\d+)</span></label>'
)
_SNIPPET = re.compile(r'<p class="summary" lang="[a-z]+" dir="auto">(.*?)</p>')


def result_count(response) -> int:
    """The number of results the page announces."""
    return int(_COUNT.search(html(response)).group(1))


def chips(response) -> list[tuple[str, str]]:
    """The chosen criteria shown as chips: (label, address without it), "Clear all" aside."""
    page = html(response)
    start = page.find('<ul class="chips"')
    if start == -1:
        return []
    found = _CHIP.findall(page[start : page.index("</ul>", start)])
    return [(unescape(label), unescape(href)) for href, label in found]


def facets(response) -> dict[str, list[tuple[str, str, int, bool]]]:
    """Each facet offered, by its title: (value, label, count, checked) in the order shown."""
    return {
        legend: [
            (unescape(value), unescape(label), int(count), bool(checked))
            for value, checked, label, count in _FACET_VALUE.findall(body)
        ]
        for legend, body in _FIELDSET.findall(html(response))
        if 'type="checkbox"' in body
    }


def more_links(response) -> dict[str, tuple[str, str]]:
    """The "Show more" or "Show fewer" link of each facet that has one, by its title:
    (text, address)."""
    return {legend: (text, unescape(href)) for legend, href, text in _MORE.findall(html(response))}


def snippets(response) -> list[str]:
    """The snippet under each result, as HTML (matches in ``<mark>``)."""
    return _SNIPPET.findall(html(response))


def permalink(response) -> str:
    """The address the "Link to this search" link gives."""
    return unescape(re.search(r'<a href="([^"]*)">Link to this search</a>', html(response))[1])
