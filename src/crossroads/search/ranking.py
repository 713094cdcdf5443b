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

from collections import Counter

from crossroads.search.text import Query, Term

#: BM25's usual constants: how fast repeated words stop counting, and how much a
#: document's length matters.
K1 = 1.2
B = 0.75


def _names(term: Term, seen: set[str]) -> list[str]:
    """The stored terms counting as ``term``: its stems, and what its prefix begins."""
    names = set(term.stems)
    if term.prefix:
        names.update(word for word in seen if word.startswith(term.prefix))
    return list(names)


def scores(query: Query, documents: dict[int, list[str]]) -> dict[int, float]:
    """The score of each document (its stored terms, in order), higher is better."""
    if not documents:
        return {}
    average = sum(len(terms) for terms in documents.values()) / len(documents) or 1
    counted = {pk: Counter(words) for pk, words in documents.items()}
    seen = set().union(*counted.values())
    terms = [*query.terms, *(term for phrase in query.phrases for term in phrase)]
    names = [_names(term, seen) for term in terms]
    result = {}
    for pk, counts in counted.items():
        norm = K1 * (1 - B + B * len(documents[pk]) / average)
        total = 0.0
        for alternatives in names:
            tf = sum(counts.get(name, 0) for name in alternatives)
            total += tf * (K1 + 1) / (tf + norm) if tf else 0.0
        result[pk] = total
    return result
