"""Which entries hold each term: the postings every search's words are matched against.

Each term the index knows ("refuge", "logement") has a roaring bitmap of the entries whose
text holds it. A query's word is then the union of its stems' bitmaps (and, for the last
word, of every term it begins: ``Vocabulary``), and the words' intersection is the match,
computed in memory: a word found in most of a million entries costs as little as a rare
one. The text backend keeps each entry's terms in order for phrases and ranking.

The table ``SearchPosting`` holds the bitmaps per term and per block of 65,536 ids, so a
process loads them all in one query, and changing an item rewrites only the small rows of
the terms it gained or lost, in the same transaction as the rest of its entry.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping

from django.db import connection
from pyroaring import BitMap

from crossroads.search.backends import get_backend
from crossroads.search.models import SearchPosting

#: Ids per stored row: a row holds one term's entries among ids sharing their high bits.
BLOCK_BITS = 16
#: Terms per statement when reading or deleting rows (SQLite's limit on parameters).
TERMS_PER_QUERY = 500


def postings_of(terms_by_entry: Mapping[int, Iterable[str]]) -> dict[str, BitMap]:
    """``{term: entries}`` of ``{entry: its terms}``."""
    found: dict[str, list[int]] = defaultdict(list)
    for entry, terms in terms_by_entry.items():
        for term in set(terms):
            found[term].append(entry)
    return {term: BitMap(entries) for term, entries in found.items()}


def stored_terms(cursor, ids: list[int]) -> dict[int, list[str]]:
    """``{entry: its terms}`` as the text backend stores them for ``ids``."""
    return {pk: text.split() for pk, text in get_backend().terms(cursor, ids).items()}


def _blocks(entries: BitMap) -> Iterator[tuple[int, BitMap]]:
    """``entries`` cut into the blocks of ids they fall in."""
    for block in range(entries.min() >> BLOCK_BITS, (entries.max() >> BLOCK_BITS) + 1):
        span = BitMap()
        span.add_range(block << BLOCK_BITS, (block + 1) << BLOCK_BITS)
        part = entries & span
        if part:
            yield block, part


def _insert(cursor, rows: list[tuple[str, int, bytes]]) -> None:
    get_backend().insert(cursor, SearchPosting._meta.db_table, ("term", "block", "entries"), rows)


def write(postings: Mapping[str, BitMap]) -> None:
    """Store ``postings`` as new rows (the rows of these terms and blocks must be gone)."""
    rows = [
        (term, block, part.serialize())
        for term, entries in postings.items()
        if entries
        for block, part in _blocks(entries)
    ]
    with connection.cursor() as cursor:
        _insert(cursor, rows)


def update(before: Mapping[int, Iterable[str]], after: Mapping[int, Iterable[str]]) -> None:
    """Move the entries whose terms changed from ``before`` to ``after`` (``{entry: its
    terms}``; an entry missing on one side had none): only the rows of the terms each
    entry lost or gained, in the blocks of those entries, are read and rewritten."""
    changes: dict[tuple[int, str], tuple[BitMap, BitMap]] = {}
    for entry in before.keys() | after.keys():
        old, new = set(before.get(entry, ())), set(after.get(entry, ()))
        block = entry >> BLOCK_BITS
        for term in old ^ new:
            lost, gained = changes.setdefault((block, term), (BitMap(), BitMap()))
            (gained if term in new else lost).add(entry)
    by_block: dict[int, list[str]] = defaultdict(list)
    for block, term in changes:
        by_block[block].append(term)
    table = SearchPosting._meta.db_table
    with connection.cursor() as cursor:
        for block, terms in by_block.items():
            for start in range(0, len(terms), TERMS_PER_QUERY):
                some = terms[start : start + TERMS_PER_QUERY]
                where = f"block = %s AND term IN ({', '.join(['%s'] * len(some))})"
                cursor.execute(f"SELECT term, entries FROM {table} WHERE {where}", [block, *some])
                stored = {term: BitMap.deserialize(bytes(data)) for term, data in cursor}
                cursor.execute(f"DELETE FROM {table} WHERE {where}", [block, *some])
                rows = []
                for term in some:
                    lost, gained = changes[(block, term)]
                    entries = (stored.get(term, BitMap()) - lost) | gained
                    if entries:
                        rows.append((term, block, entries.serialize()))
                _insert(cursor, rows)


def load() -> dict[str, BitMap]:
    """Every term's entries, from the table."""
    found: dict[str, BitMap] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term, entries FROM {SearchPosting._meta.db_table}")
        for term, data in cursor:
            part = BitMap.deserialize(bytes(data))
            if term in found:
                found[term] |= part
            else:
                found[term] = part
    return found


class Vocabulary:
    """The terms in order, to find those beginning with a prefix."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._sorted = sorted(terms)

    def starting_with(self, prefix: str) -> list[str]:
        first = bisect.bisect_left(self._sorted, prefix)
        last = bisect.bisect_left(self._sorted, prefix + "\U0010ffff", lo=first)
        return self._sorted[first:last]
