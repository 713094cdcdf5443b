"""Which entries hold each term, and each pair of adjacent terms: what every search's
words and phrases are matched against.

Each term the index knows ("refuge", "logement") has a roaring bitmap of the entries whose
text holds it. A query's word is then the union of its stems' bitmaps (and, for the last
word, of every term it begins: ``Vocabulary``), and the words' intersection is the match,
computed in memory: a word found in most of a million entries costs as little as a rare
one.

Each pair of terms following each other in some entry ("host communiti") has one too, as
search engines index word pairs ("shingles") to answer phrases: a two-word phrase is then
one bitmap, however many entries hold both words somewhere (checking the order of the
words in each of them is what made phrases slow). Pairs are many more than terms, so they
stay in the database and are read when a phrase asks for them.

The tables ``SearchPosting`` and ``SearchPair`` hold the bitmaps per term (or pair) and
per block of 65,536 ids, so a process loads every term in one query, and changing an item
rewrites only the small rows of the terms and pairs it gained or lost, in the same
transaction as the rest of its entry.
"""

from __future__ import annotations

import array
import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise

import numpy as np
from django.db import connection
from pyroaring import BitMap

from crossroads.search.backends import get_backend
from crossroads.search.models import SearchPair, SearchPosting

#: Ids per stored row: a row holds one term's entries among ids sharing their high bits.
BLOCK_BITS = 16
#: A rebuild numbers terms in this many bits, two to a pair (``Collector``).
TERM_BITS = 24
_IN_BLOCK = (1 << BLOCK_BITS) - 1
_SECOND = (1 << TERM_BITS) - 1


def pairs_in(sequence: Sequence[str | None]) -> set[str]:
    """The pairs of adjacent terms in ``sequence``, as keys ("host communiti"); no pair
    spans a gap (``None``: a place where the text backend keeps no term)."""
    return {f"{first} {second}" for first, second in pairwise(sequence) if first and second}


def terms_in(sequence: Sequence[str | None]) -> list[str]:
    return [term for term in sequence if term]


def postings_of(terms_by_entry: Mapping[int, Iterable[str]]) -> dict[str, BitMap]:
    """``{term: entries}`` of ``{entry: its terms}``."""
    found: dict[str, list[int]] = defaultdict(list)
    for entry, terms in terms_by_entry.items():
        for term in set(terms):
            found[term].append(entry)
    return {term: BitMap(entries) for term, entries in found.items()}


def stored_terms(cursor, ids: list[int]) -> dict[int, list[str]]:
    """``{entry: its terms}`` as the text backend stores them for ``ids``."""
    return {pk: terms_in(found) for pk, found in get_backend().sequences(cursor, ids).items()}


def _insert(cursor, model, rows: list[tuple[str, int, bytes]]) -> None:
    get_backend().insert(cursor, model._meta.db_table, (model.KEY, "block", "entries"), rows)


class _Numbers(dict):
    """Terms numbered in the order they come (0 stands for a gap)."""

    def __init__(self) -> None:
        super().__init__({None: 0})
        self.names: list[str | None] = [None]

    def __missing__(self, term: str) -> int:
        self[term] = number = len(self.names)
        self.names.append(term)
        return number


class Collector:
    """The postings of entries coming in increasing id order (a rebuild's), written to
    ``model``'s table a block of ids at a time: a block's rows are complete once an entry
    of a later block comes, so memory holds one block's postings however many entries
    there are. Each (term or pair, entry) is one 64-bit number, sorted and deduplicated by
    numpy, then cut into one bitmap per term or pair."""

    def __init__(self, model, *, pairs: bool = False) -> None:
        self.model, self.pairs = model, pairs
        self.numbers = _Numbers()
        self.block = -1
        self.parts: list[np.ndarray] = []

    def add(self, entry: int, sequence: Sequence[str | None]) -> None:
        """Add the terms (or, for pairs, the pairs of adjacent terms) of ``sequence``."""
        block = entry >> BLOCK_BITS
        if block != self.block:
            if block < self.block:
                raise ValueError("Entries must be collected in increasing order of their ids.")
            self.flush()
            self.block = block
        numbers = np.fromiter(
            map(self.numbers.__getitem__, sequence), dtype=np.uint64, count=len(sequence)
        )
        if self.pairs:
            if len(self.numbers.names) > 1 << TERM_BITS:
                raise RuntimeError(
                    f"The index holds more than {1 << TERM_BITS:,} different words, more "
                    "than a rebuild can number."
                )
            first, second = numbers[:-1], numbers[1:]
            numbers = ((first << np.uint64(TERM_BITS)) | second)[(first > 0) & (second > 0)]
        else:
            numbers = numbers[numbers > 0]
        self.parts.append((numbers << np.uint64(BLOCK_BITS)) | np.uint64(entry & _IN_BLOCK))

    def _name(self, key: int) -> str:
        names = self.numbers.names
        if self.pairs:
            return f"{names[key >> TERM_BITS]} {names[key & _SECOND]}"
        return names[key]

    def flush(self) -> None:
        """Write the rows of the block collected so far."""
        if not self.parts:
            return
        codes = np.concatenate(self.parts)
        self.parts = []
        codes.sort()  # then keep each number once (numpy's ``unique`` hashes: slower)
        codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))]
        ids = (codes & np.uint64(_IN_BLOCK)).astype(np.uint32)
        ids |= np.uint32(self.block << BLOCK_BITS)
        keys = codes
        keys >>= np.uint64(BLOCK_BITS)  # in place: a block holds millions of numbers
        cuts = [0, *(np.flatnonzero(keys[1:] != keys[:-1]) + 1).tolist(), len(keys)]
        rows = []
        for start, end in pairwise(cuts):
            found = array.array("I")
            found.frombytes(ids[start:end].tobytes())
            rows.append((self._name(int(keys[start])), self.block, BitMap(found).serialize()))
        with connection.cursor() as cursor:
            _insert(cursor, self.model, rows)


def update(
    before: Mapping[int, Iterable[str]],
    after: Mapping[int, Iterable[str]],
    model=SearchPosting,
) -> None:
    """Move the entries whose terms (or pairs, in ``SearchPair``) changed from ``before``
    to ``after`` (``{entry: its terms}``; an entry missing on one side had none): only
    the rows of the terms each entry lost or gained, in the blocks of those entries, are
    read and rewritten."""
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
    table, key = model._meta.db_table, model.KEY
    with connection.cursor() as cursor:
        for block, terms in by_block.items():
            among, params = get_backend().among(key, terms)
            where, params = f"block = %s AND {among}", [block, *params]
            cursor.execute(f"SELECT {key}, entries FROM {table} WHERE {where}", params)
            stored = {term: BitMap.deserialize(bytes(data)) for term, data in cursor}
            cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
            rows = []
            for term in terms:
                lost, gained = changes[(block, term)]
                entries = (stored.get(term, BitMap()) - lost) | gained
                if entries:
                    rows.append((term, block, entries.serialize()))
            _insert(cursor, model, rows)


def follow(
    before: Mapping[int, Sequence[str | None]], after: Mapping[int, Sequence[str | None]]
) -> None:
    """Move the entries from the terms and pairs of ``before`` to those of ``after``
    (``{entry: its terms in order}``, as ``TextBackend.sequences`` reads them)."""
    for model, keys in ((SearchPosting, terms_in), (SearchPair, pairs_in)):
        update(
            {entry: keys(found) for entry, found in before.items()},
            {entry: keys(found) for entry, found in after.items()},
            model,
        )


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


def pair_entries(keys: Iterable[str]) -> BitMap:
    """The entries holding any of the pairs ``keys``, read from the table."""
    where, params = get_backend().among("pair", list(keys))
    found = BitMap()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT entries FROM {SearchPair._meta.db_table} WHERE {where}", params)
        for (data,) in cursor:
            found |= BitMap.deserialize(bytes(data))
    return found


class Vocabulary:
    """The terms in order, to find those beginning with a prefix."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._sorted = sorted(terms)

    def starting_with(self, prefix: str) -> list[str]:
        first = bisect.bisect_left(self._sorted, prefix)
        last = bisect.bisect_left(self._sorted, prefix + "\U0010ffff", lo=first)
        return self._sorted[first:last]
