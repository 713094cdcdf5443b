"""Relevance: a BM25-style score computed over a window of matches, the same way on
both databases.

Every match contains every query word (words are AND-ed), so what tells matches apart
is how often the words occur for the document's length: BM25's saturating term
frequency with length normalisation. The backends only hand over each document's
stored terms; scoring here keeps the order identical on SQLite and PostgreSQL and
costs a few milliseconds for a window of a few hundred documents, where asking the
database to score every match of a common word would cost a score per match.
"""

from __future__ import annotations

from crossroads.search.text import Query, Term

#: BM25's usual constants: how fast repeated words stop counting, and how much a
#: document's length matters.
K1 = 1.2
B = 0.75


def _counted(term: Term) -> tuple[list[str], str]:
    """What counts as ``term`` in a document: each of its stems, and every word its prefix
    begins (which covers the stems it begins too)."""
    stems = {stem for stem in term.stems if not (term.prefix and stem.startswith(term.prefix))}
    return sorted(stems), term.prefix


class Spaced:
    """A document's stored terms separated by spaces, in order (SQLite's text).

    Terms are counted with ``str.count`` on the text with its spaces doubled, so that
    each word has spaces of its own and a repeated word is counted every time: splitting
    every document into words cost more than the rest of a search."""

    @staticmethod
    def needles(stems: list[str], prefix: str) -> list[str]:
        return [f" {prefix}"] * bool(prefix) + [f" {stem} " for stem in stems]

    @staticmethod
    def prepare(text: str) -> str:
        return f"  {text.replace(' ', '  ')}  "

    @staticmethod
    def length(text: str) -> int:
        return text.count(" ") + 1 if text else 0

    @staticmethod
    def occurrences(prepared: str, needles: list[str]) -> int:
        return sum(map(prepared.count, needles))


def scores(query: Query, documents: dict[int, str], form=Spaced) -> dict[int, float]:
    """The score of each document (its stored text, read as ``form`` says), higher is
    better."""
    if not documents:
        return {}
    lengths = {pk: form.length(text) for pk, text in documents.items()}
    average = sum(lengths.values()) / len(documents) or 1
    terms = [*query.terms, *(term for phrase in query.phrases for term in phrase)]
    needles = [form.needles(*_counted(term)) for term in terms]
    result = {}
    for pk, text in documents.items():
        prepared = form.prepare(text)
        norm = K1 * (1 - B + B * lengths[pk] / average)
        total = 0.0
        for found in needles:
            tf = form.occurrences(prepared, found)
            total += tf * (K1 + 1) / (tf + norm) if tf else 0.0
        result[pk] = total
    return result
