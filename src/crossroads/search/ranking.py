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


def _needles(term: Term) -> list[str]:
    """What to count in a document with its spaces doubled (``scores``) to find the
    stored terms counting as ``term``: each of its stems, and every word its prefix
    begins (which covers the stems it begins too)."""
    prefix = [f" {term.prefix}"] if term.prefix else []
    return prefix + [
        f" {stem} "
        for stem in set(term.stems)
        if not (term.prefix and stem.startswith(term.prefix))
    ]


def scores(query: Query, documents: dict[int, str]) -> dict[int, float]:
    """The score of each document (its stored terms, space-separated), higher is better.

    Terms are counted with ``str.count`` on the text with its spaces doubled, so that
    each word has spaces of its own and a repeated word is counted every time: splitting
    every document into words cost more than the rest of a search."""
    if not documents:
        return {}
    lengths = {pk: text.count(" ") + 1 if text else 0 for pk, text in documents.items()}
    average = sum(lengths.values()) / len(documents) or 1
    terms = [*query.terms, *(term for phrase in query.phrases for term in phrase)]
    needles = [_needles(term) for term in terms]
    result = {}
    for pk, text in documents.items():
        spaced = f"  {text.replace(' ', '  ')}  "
        norm = K1 * (1 - B + B * lengths[pk] / average)
        total = 0.0
        for alternatives in needles:
            tf = sum(map(spaced.count, alternatives))
            total += tf * (K1 + 1) / (tf + norm) if tf else 0.0
        result[pk] = total
    return result
