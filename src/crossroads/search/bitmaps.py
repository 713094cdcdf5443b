"""The index in each process's memory: roaring bitmaps of item ids.

Every term (``postings.py``), every facet value ("topic=housing", "country=KE"), every
day an entry starts or ends on, and (per month and year) the union of those days is a
compressed bitmap of the ids of the entries having it, as dedicated search engines keep
them. Combining criteria is then a few intersections and unions in C, counting a facet
value within a result set is one ``intersection_cardinality`` (or, for many values among
few results, one pass over a ``Column``), and a page of results in date order is found by
walking years, months and days from the newest, skipping whole ones by their counts.

The database tables stay the truth. A process loads the bitmaps from them on first use
and then follows the change log (``SearchLog``): each reindexing transaction bumps the
version in ``SearchState`` and logs the items it touched, so a process asking the
version before each search applies the few items changed since, or reloads everything
when it fell too far behind (or the index was rebuilt).
"""

from __future__ import annotations

import array
import calendar
import datetime as dt
import heapq
import logging
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator

import numpy as np
from django.db import connection
from pyroaring import BitMap

from crossroads.search import postings
from crossroads.search.backends import get_backend
from crossroads.search.criteria import FACETS
from crossroads.search.models import SearchEntry, SearchFacet, SearchLog, SearchState
from crossroads.search.text import Term

logger = logging.getLogger(__name__)

#: A process more than this many changes behind reloads everything instead.
MAX_REPLAY = 5_000
#: Facets with more values than this are counted from their column (``Column``) among
#: fewer results than a ``COLUMN_SHARE``-th of the entries: their values' counts are
#: then too small, next to the values' sizes, to stop trying values early.
MANY_VALUES = 256
COLUMN_SHARE = 8
#: Among fewer results than a ``SHARED_SHARE``-th of the entries, the facets without a
#: choice of their own are counted together from one column of all their values.
SHARED_SHARE = 16


class Dates:
    """Entries by a date (when they start, or when they end): bitmaps per day, and the
    unions per month and per year, so that any range is a union of few bitmaps."""

    def __init__(self) -> None:
        self.days: dict[dt.date, BitMap] = {}
        self.months: dict[tuple[int, int], BitMap] = {}
        self.years: dict[int, BitMap] = {}

    def add(self, day: dt.date, ids: Iterable[int]) -> None:
        ids = BitMap(ids)
        for buckets, key in (
            (self.days, day),
            (self.months, (day.year, day.month)),
            (self.years, day.year),
        ):
            if key in buckets:
                buckets[key] |= ids
            else:
                buckets[key] = BitMap(ids)

    def discard(self, ids: BitMap) -> None:
        for buckets in (self.days, self.months, self.years):
            for key in [key for key, bitmap in buckets.items() if bitmap.intersect(ids)]:
                buckets[key] -= ids
                if not buckets[key]:
                    del buckets[key]

    def between(self, first: dt.date | None, last: dt.date | None) -> BitMap:
        """Entries whose date is in [first, last] (either end may be open)."""
        if not self.years:
            return BitMap()
        first = first or dt.date(min(self.years), 1, 1)
        last = last or dt.date(max(self.years), 12, 31)
        parts = []
        for year in self.years:
            if first <= dt.date(year, 1, 1) and dt.date(year, 12, 31) <= last:
                parts.append(self.years[year])
            elif first.year <= year <= last.year:
                parts.extend(self._months_between(year, first, last))
        return BitMap.union(*parts) if parts else BitMap()

    def _months_between(self, year: int, first: dt.date, last: dt.date) -> Iterator[BitMap]:
        for month in range(1, 13):
            if (year, month) not in self.months:
                continue
            length = calendar.monthrange(year, month)[1]
            start, end = dt.date(year, month, 1), dt.date(year, month, length)
            if first <= start and end <= last:
                yield self.months[(year, month)]
            elif start <= last and first <= end:
                for day in range(1, length + 1):
                    date = dt.date(year, month, day)
                    if first <= date <= last and date in self.days:
                        yield self.days[date]

    def walk(
        self, within: BitMap, skip: int, wanted: int, *, newest_first: bool
    ) -> tuple[BitMap, int]:
        """The ids of ``within`` on the whole days that hold its places ``skip`` to
        ``skip + wanted`` in date order, and how many of them come before those places.

        Whole years and months are skipped by their counts, so finding page 50 costs
        about as much as finding page 1."""
        taken = BitMap()
        for year in sorted(self.years, reverse=newest_first):
            for month in sorted(
                (m for m in range(1, 13) if (year, m) in self.months), reverse=newest_first
            ):
                bucket = self.months[(year, month)]
                count = within.intersection_cardinality(bucket)
                if not count:
                    continue
                if not taken and count <= skip:
                    skip -= count
                    continue
                length = calendar.monthrange(year, month)[1]
                days = range(length, 0, -1) if newest_first else range(1, length + 1)
                for day in days:
                    date = dt.date(year, month, day)
                    if date not in self.days:
                        continue
                    part = within & self.days[date]
                    if not part:
                        continue
                    if not taken and len(part) <= skip:
                        skip -= len(part)
                        continue
                    taken |= part
                    if len(taken) >= skip + wanted:
                        return taken, skip
        return taken, skip


class BitmapIndex:
    """Facet values and dates of every entry, as bitmaps (see the module's docstring)."""

    def __init__(self) -> None:
        self.version = 0
        self.token = ""
        self.entries = BitMap()
        self.terms: dict[str, BitMap] = {}
        self._vocabulary: postings.Vocabulary | None = None
        self.facets: dict[str, dict[str, BitMap]] = defaultdict(dict)
        self.starts = Dates()
        self.ends = Dates()
        #: Entries published with a date still to come: hidden until then.
        self.scheduled: dict[int, dt.datetime] = {}
        self._hidden: BitMap | None = None
        self._hidden_until: dt.datetime | None = None
        self._by_size: dict[str, list[tuple[int, str, BitMap]]] = {}
        self._columns: dict[str, Column] = {}
        self._shared: tuple[Column, dict[str, tuple[int, int]]] | None = None
        #: Entries holding recent phrases (cleared whenever the index changes).
        self.phrase_cache: dict[tuple, BitMap] = {}
        #: Names of facet values held by entries (``labels``), cleared whenever the index
        #: changes: renaming a value reindexes the items holding it.
        self.names: dict[tuple[str, str], str | None] = {}

    # Loading and following the database ------------------------------------------------

    def load(self, item_ids: BitMap | None = None) -> None:
        """Read the entries of ``item_ids`` (all entries when None) from the tables: the
        database groups the ids of each day and of each facet value into one string, so
        a million entries load in seconds."""
        backend = get_backend()
        ids = backend.id_list
        chosen = None if item_ids is None else list(item_ids)

        def among(column: str) -> tuple[str, list]:
            if chosen is None:
                return "", []
            where, params = backend.among(column, chosen)
            return f"WHERE {where}", params

        entries, facets = SearchEntry._meta.db_table, SearchFacet._meta.db_table
        with connection.cursor() as cursor:
            for column, dates in (("start_date", self.starts), ("end_date", self.ends)):
                where, params = among("item_id")
                cursor.execute(
                    f"SELECT {column}, {ids('item_id')} FROM {entries} {where} GROUP BY {column}",
                    params,
                )
                for day, found in cursor.fetchall():
                    day_ids = bitmap_of(found)
                    dates.add(day, day_ids)
                    if column == "start_date":
                        self.entries |= day_ids
            where, params = among("entry_id")
            cursor.execute(
                f"SELECT facet, value, {ids('entry_id')} FROM {facets} {where} "
                "GROUP BY facet, value",
                params,
            )
            for facet, value, found in cursor.fetchall():
                values = self.facets[facet]
                values[value] = values.get(value, BitMap()) | bitmap_of(found)
            if chosen is None:
                self.terms = postings.load()
            else:
                stored = postings.stored_terms(cursor, chosen)
                for term, entries in postings.postings_of(stored).items():
                    self.terms[term] = self.terms.get(term, BitMap()) | entries
        # Only entries still to be published need their date: the dictionary stays small.
        scheduled = SearchEntry.objects.filter(published_at__gt=dt.datetime.now(tz=dt.UTC))
        if chosen is not None:
            scheduled = scheduled.filter(item_id__in=chosen)
        self.scheduled.update(scheduled.values_list("item_id", "published_at"))
        self._by_size.clear()
        self._columns.clear()
        self._shared = None
        self._hidden = None
        self._vocabulary = None
        self.phrase_cache.clear()
        self.names.clear()

    def discard(self, item_ids: BitMap) -> None:
        self.entries -= item_ids
        for term in [term for term, bitmap in self.terms.items() if bitmap.intersect(item_ids)]:
            self.terms[term] -= item_ids
            if not self.terms[term]:
                del self.terms[term]
        for values in self.facets.values():
            for value in [v for v, bitmap in values.items() if bitmap.intersect(item_ids)]:
                values[value] -= item_ids
                if not values[value]:
                    del values[value]
        self.starts.discard(item_ids)
        self.ends.discard(item_ids)
        for pk in item_ids:
            self.scheduled.pop(pk, None)

    def refresh(self) -> None:
        """Catch up with the database: one query when nothing changed."""
        state = SearchState.current()
        if (state.version, state.token) == (self.version, self.token):
            return
        changes = list(
            SearchLog.objects.filter(version__gte=self.version, version__lte=state.version)
            .order_by("version")
            .values_list("version", "token", "item_id")[: MAX_REPLAY + 1]
        )
        follows = (
            self.version
            and changes
            and changes[0][:2] == (self.version, self.token)
            and len(changes) <= MAX_REPLAY
            and all(item_id is not None for _, _, item_id in changes[1:])
            and {row[0] for row in changes} == set(range(self.version, state.version + 1))
        )
        if follows:
            touched = BitMap(item_id for version, _, item_id in changes if version > self.version)
            self.discard(touched)
            self.load(touched)
            logger.debug("Search index: %d items updated", len(touched))
        else:
            self.__init__()
            self.load()
            logger.info("Search index loaded: %d entries", len(self.entries))
        self.version, self.token = state.version, state.token

    # Asking -----------------------------------------------------------------------------

    def visible(self, now: dt.datetime) -> BitMap:
        """Every entry, less those whose publication date is still to come. The hidden
        ones are worked out again only when the next of those dates has passed (``now``
        only moves forward)."""
        if self._hidden is None or (self._hidden_until and now >= self._hidden_until):
            self.scheduled = {pk: moment for pk, moment in self.scheduled.items() if moment > now}
            self._hidden = BitMap(self.scheduled)
            self._hidden_until = min(self.scheduled.values(), default=None)
        return self.entries - self._hidden

    def holds(self, facet: str, value: str) -> bool:
        """Whether some entry has ``value`` in ``facet``."""
        return value in self.facets.get(facet, {})

    def matching(self, term: Term) -> BitMap:
        """Entries holding any stem of ``term``, or a term it begins when a prefix."""
        names = set(term.alternatives)
        if term.prefix:
            if self._vocabulary is None:
                self._vocabulary = postings.Vocabulary(self.terms)
            names.update(self._vocabulary.starting_with(term.prefix))
        found = [self.terms[name] for name in names if name in self.terms]
        return BitMap.union(*found) if found else BitMap()

    def value(self, facet: str, value: str) -> BitMap:
        return self.facets.get(facet, {}).get(value, BitMap())

    def any_of(self, facet: str, values: Iterable[str]) -> BitMap:
        chosen = [self.value(facet, value) for value in values]
        return BitMap.union(*chosen) if chosen else BitMap()

    def by_size(self, facet: str) -> list[tuple[int, str, BitMap]]:
        """The values of ``facet``, the most used first."""
        if facet not in self._by_size:
            self._by_size[facet] = sorted(
                ((len(bitmap), value, bitmap) for value, bitmap in self.facets[facet].items()),
                key=lambda row: (-row[0], row[1]),
            )
        return self._by_size[facet]

    def column(self, facet: str) -> Column:
        if facet not in self._columns:
            self._columns[facet] = Column(self.facets[facet])
        return self._columns[facet]

    def shared_column(self) -> tuple[Column, dict[str, tuple[int, int]]]:
        """One column of the values of every facet searches count (``FACETS``), and where
        each facet's values are in it."""
        if self._shared is None:
            column = Column(
                {
                    (facet, value): bitmap
                    for facet in FACETS
                    for value, bitmap in self.facets.get(facet, {}).items()
                }
            )
            places: dict[str, tuple[int, int]] = {}
            for code, (facet, _value) in enumerate(column.values):
                places[facet] = (places.get(facet, (code, code))[0], code + 1)
            self._shared = column, places
        return self._shared

    def top_of_each(
        self, facets: Iterable[str], within: BitMap, limit: int
    ) -> dict[str, dict[str, int]]:
        """``top`` of each of ``facets`` within the same entries: among few of them (a
        ``SHARED_SHARE``-th of all), in one pass over the column of every facet's values,
        which costs less than even the smallest facets counted one by one."""
        facets = list(facets)
        if len(within) * SHARED_SHARE >= len(self.entries) or not set(facets) <= set(FACETS):
            return {facet: self.top(facet, within, limit) for facet in facets}
        column, places = self.shared_column()
        counts = column.counts(within)
        return {
            facet: column.pick(counts, *places[facet], limit) if facet in places else {}
            for facet in facets
        }

    def top(self, facet: str, within: BitMap, limit: int, *, suffix: str = "") -> dict[str, int]:
        """The ``limit`` values of ``facet`` most frequent within ``within`` (ties by
        value), with their counts.

        When ``within`` holds most entries, a value's count is its size less its entries
        outside (the smaller intersection), and values are tried from the most used:
        once a value is used less often than the ``limit``-th count found, no later one
        can beat it. Among fewer entries, a facet of many values (cities, organisations)
        is counted in one pass over its column."""
        if len(within) > len(self.entries) // 2:
            outside = self.entries - within

            def count_in(bitmap: BitMap) -> int:
                return len(bitmap) - outside.intersection_cardinality(bitmap)

        elif len(self.facets.get(facet, ())) > MANY_VALUES and len(within) * COLUMN_SHARE < len(
            self.entries
        ):
            return self.column(facet).top(within, limit, suffix)
        else:
            count_in = within.intersection_cardinality
        found: list[tuple[int, str]] = []
        best: list[int] = []  # the ``limit`` largest counts so far, smallest first
        floor = 0  # once ``best`` is full, its smallest count
        for size, value, bitmap in self.by_size(facet):
            if size < floor:
                break
            if suffix and not value.endswith(suffix):
                continue
            count = count_in(bitmap)
            if count and count >= floor:
                found.append((count, value))
                if len(best) < limit:
                    heapq.heappush(best, count)
                    if len(best) == limit:
                        floor = best[0]
                elif count > floor:
                    heapq.heapreplace(best, count)
                    floor = best[0]
        found.sort(key=lambda row: (-row[0], row[1]))
        return {value: count for count, value in found[:limit]}


class Column:
    """Each entry's values (their numbers in the values' order, plus one; 0 for none) in
    a row of its own, as column stores keep them: counting the values among any entries
    then reads only those entries' rows, in one ``bincount``. Rows are as wide as the
    most values an entry has (a few), so that they are read in one step. Values are any
    sortable keys: a facet's values, or ``(facet, value)`` pairs for several facets at
    once (``shared_column``)."""

    def __init__(self, values: dict) -> None:
        self.values = sorted(values)
        arrays = [np.frombuffer(values[value].to_array(), dtype=np.uint32) for value in self.values]
        size = max((int(ids[-1]) for ids in arrays if len(ids)), default=-1) + 1
        held = np.zeros(size, dtype=np.int64)  # how many values each entry holds
        for ids in arrays:
            held[ids] += 1  # each value holds an entry once: no repeated ids
        width = int(held.max(initial=0))
        self.rows = np.zeros((size, width), dtype=np.int16 if len(arrays) < 2**15 else np.int32)
        held[:] = 0  # now: the next free place in each entry's row
        for code, ids in enumerate(arrays, start=1):
            self.rows[ids, held[ids]] = code
            held[ids] += 1

    def counts(self, within: BitMap) -> np.ndarray:
        """How many entries of ``within`` hold each value (by the values' order)."""
        ids = np.frombuffer(within.to_array(), dtype=np.uint32)
        ids = ids[ids < len(self.rows)]
        return np.bincount(self.rows[ids].ravel(), minlength=len(self.values) + 1)[1:]

    def top(self, within: BitMap, limit: int, suffix: str) -> dict[str, int]:
        return self.pick(self.counts(within), 0, len(self.values), limit, suffix)

    def pick(
        self, counts: np.ndarray, first: int, end: int, limit: int, suffix: str = ""
    ) -> dict[str, int]:
        """The ``limit`` values of codes ``first`` to ``end`` most counted in ``counts``
        (ties in the values' order), keyed by value (the last part of a pair)."""
        found = {}
        part = counts[first:end]
        # Stable: equal counts stay in the values' order.
        for code in np.argsort(-part, kind="stable"):
            count = int(part[code])
            if not count or len(found) == limit:
                break
            value = self.values[first + code]
            value = value[-1] if isinstance(value, tuple) else value
            if value.endswith(suffix):
                found[value] = count
        return found


def bitmap_of(ids: str) -> BitMap:
    """Ids joined by commas (as the database's string aggregate gives them), read by
    numpy and handed to the bitmap as one array: 5-10 ms for a common phrase's 210,000
    matches, where converting them one by one took 40-50 ms."""
    found = array.array("I")
    found.frombytes(np.fromstring(ids, dtype=np.uint32, sep=",").tobytes())
    return BitMap(found)


_index = BitmapIndex()
_lock = threading.Lock()


def current_index() -> BitmapIndex:
    """This process's index, brought up to date with the database."""
    with _lock:
        _index.refresh()
        return _index
