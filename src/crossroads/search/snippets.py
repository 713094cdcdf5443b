"""Highlighted snippets: the part of an item's text where the query's words appear."""

from __future__ import annotations

import html
import re

from django.utils.safestring import SafeString, mark_safe

from crossroads.search.text import Query, fold, stem

#: Characters of text around the first match.
WIDTH = 220
_TOKEN = re.compile(r"\w+", re.UNICODE)
_MARKUP = re.compile(r"[*_`#>\[\]()!|]+|https?://\S+")


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


class Highlighter:
    """Snippets of texts for one query. Whether a word is one of the query's words (any
    form, or beginning with its prefix) is remembered from one text to the next: a page
    shows twenty snippets, and most words recur."""

    def __init__(self, query: Query):
        terms = [*query.terms, *(term for phrase in query.phrases for term in phrase)]
        self.query = query
        self.stems = {name for term in terms for name in term.stems}
        self.prefixes = tuple(term.prefix for term in terms if term.prefix)
        #: Per language: whether a word (as written) matches.
        self.known: dict[str, dict[str, bool]] = {}

    def _matches(self, word: str, language: str) -> bool:
        folded = fold(word)
        return (
            folded in self.stems
            or stem(folded, language) in self.stems
            or bool(self.prefixes and folded.startswith(self.prefixes))
        )

    def snippet(self, text: str, language: str) -> SafeString:
        """About ``WIDTH`` characters of ``text`` (Markdown stripped) around the first word
        that matches the query, matches wrapped in ``<mark>``; the start of the text if
        none. Words are looked at up to the end of the snippet only (a body can be long)."""
        plain = " ".join(_MARKUP.sub(" ", text or "").split())
        start, end = 0, _word_end(plain, 0, WIDTH)
        hits = []
        if self.query:
            known = self.known.setdefault(language, {})
            for token in _TOKEN.finditer(plain):
                if hits and token.end() > end:
                    break
                word = token.group()
                hit = known.get(word)
                if hit is None:
                    hit = known[word] = self._matches(word, language)
                if hit:
                    if not hits:
                        start, end = _around(plain, token)
                    hits.append(token)
        return _marked(plain, start, end, hits)


def _marked(plain: str, start: int, end: int, hits: list[re.Match]) -> SafeString:
    """``plain[start:end]`` escaped (``html.escape`` escapes as Django's ``escape``
    does, without its checks for lazy strings), with ``hits`` in ``<mark>``."""
    parts, cursor = [], start
    for token in hits:
        parts.append(html.escape(plain[cursor : token.start()]))
        parts.append(f"<mark>{html.escape(token.group())}</mark>")
        cursor = token.end()
    parts.append(html.escape(plain[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(plain) else ""
    return mark_safe(prefix + "".join(parts) + suffix)
