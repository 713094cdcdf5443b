"""Reading rendered pages in tests: the text with its spacing collapsed, the titles of cards."""

import re

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
