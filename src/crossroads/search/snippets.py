"""Highlighted snippets: the part of an item's text where the query's words appear."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from crossroads.search.text import Query, fold, stem

#: Characters of text around the first match.
WIDTH = 220
_TOKEN = re.compile(r"\w+", re.UNICODE)
_MARKUP = re.compile(r"[*_`#>\[\]()!|]+|https?://\S+")


def _matcher(query: Query, language: str) -> Callable[[str], bool]:
    """Whether a word of the text is one of the query's words (any form, or beginning
    with its prefix)."""
    terms = [*query.terms, *(term for phrase in query.phrases for term in phrase)]
    stems = {name for term in terms for name in term.stems}
    prefixes = tuple(term.prefix for term in terms if term.prefix)

    def matches(word: str) -> bool:
        folded = fold(word)
        return (
            folded in stems
            or stem(folded, language) in stems
            or bool(prefixes and folded.startswith(prefixes))
        )

    return matches


def _word_end(plain: str, first: int, end: int) -> int:
    """``end``, moved back to the space before a word it would cut (not before
    ``first``)."""
    if end >= len(plain):
        return len(plain)
    space = plain.rfind(" ", first, end + 1)
    return space if space > first else end


def _around(plain: str, token: re.Match) -> tuple[int, int]:
    """Where a snippet around ``token`` starts and ends, cutting no word in two."""
    start = max(0, token.start() - WIDTH // 3)
    if start:
        space = plain.find(" ", start - 1, token.start())
        start = space + 1 if space != -1 else token.start()
    return start, _word_end(plain, token.end(), start + WIDTH)


def snippet(text: str, query: Query, language: str) -> SafeString:
    """About ``WIDTH`` characters of ``text`` (Markdown stripped) around the first word
    that matches ``query``, matches wrapped in ``<mark>``; the start of the text if none.
    Words are looked at up to the end of the snippet only (a body can be long)."""
    plain = " ".join(_MARKUP.sub(" ", text or "").split())
    start, end = 0, _word_end(plain, 0, WIDTH)
    hits = []
    if query:
        matches = _matcher(query, language)
        for token in _TOKEN.finditer(plain):
            if hits and token.end() > end:
                break
            if matches(token.group()):
                if not hits:
                    start, end = _around(plain, token)
                hits.append(token)
    parts, cursor = [], start
    for token in hits:
        parts.append(escape(plain[cursor : token.start()]))
        parts.append(f"<mark>{escape(token.group())}</mark>")
        cursor = token.end()
    parts.append(escape(plain[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(plain) else ""
    return mark_safe(prefix + "".join(parts) + suffix)
