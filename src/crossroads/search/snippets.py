"""Highlighted snippets: the part of an item's text where the query's words appear."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from crossroads.search.text import Query, fold, stem

#: Characters of text around the first match.
WIDTH = 220
_TOKEN = re.compile(r"\w+", re.UNICODE)
_MARKUP = re.compile(r"[*_`#>\[\]()!|]+|https?://\S+")


def _matches(word: str, query: Query, language: str) -> bool:
    folded = fold(word)
    stemmed = stem(folded, language)
    terms = [*query.terms, *(term for phrase in query.phrases for term in phrase)]
    return any(
        stemmed in term.stems
        or folded in term.stems
        or bool(term.prefix and folded.startswith(term.prefix))
        for term in terms
    )


def snippet(text: str, query: Query, language: str) -> SafeString:
    """About ``WIDTH`` characters of ``text`` (Markdown stripped) around the first word
    that matches ``query``, matches wrapped in ``<mark>``; the start of the text if none."""
    plain = " ".join(_MARKUP.sub(" ", text or "").split())
    tokens = list(_TOKEN.finditer(plain))
    hits = [token for token in tokens if query and _matches(token.group(), query, language)]
    start = max(0, hits[0].start() - WIDTH // 3) if hits else 0
    end = min(len(plain), start + WIDTH)
    parts, cursor = [], start
    for token in hits:
        if token.start() < start or token.end() > end:
            continue
        parts.append(escape(plain[cursor : token.start()]))
        parts.append(f"<mark>{escape(token.group())}</mark>")
        cursor = token.end()
    parts.append(escape(plain[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(plain) else ""
    return mark_safe(prefix + "".join(parts) + suffix)
