"""The search engine: free text and facets over the index, with disjunctive counts.

Every list of items (/search/, the event, news and resource lists, and later the API and
feeds) asks ``search``. Within a facet, chosen values are alternatives (OR); across
facets, all must hold (AND). A facet's counts ignore its own selection, so each count
says how many results choosing that value as well would give.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise

from django.core.paginator import Page, Paginator
from django.db import connection
from django.utils import timezone
from pyroaring import BitMap

from crossroads.content.queries import cards_in_order
from crossroads.search import postings
from crossroads.search.backends import get_backend
from crossroads.search.backends.base import TextBackend
from crossroads.search.bitmaps import BitmapIndex, bitmap_of, current_index
from crossroads.search.criteria import FACETS, Criteria
from crossroads.search.labels import labels
from crossroads.search.models import SearchEntry
from crossroads.search.ranking import scores
from crossroads.search.text import Query, Term, parse_query

#: How many values of one facet are offered (the most frequent first).
FACET_LIMIT = 30


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetGroup:
    name: str
    values: list[FacetValue] = field(default_factory=list)


@dataclass
class Results:
    criteria: Criteria
    query: Query
    page: Page
    facets: list[FacetGroup]
    labels: dict[tuple[str, str], str]
    sort: str

    @property
    def total(self) -> int:
        return self.page.paginator.count


#: With relevance order, this many matches (the newest) are ranked by ``ranking.scores``;
#: results past them follow in date order. Ranking every match of a common word would
#: cost a score per match (hundreds of thousands at the sizes we aim at).
RANK_WINDOW = 200
#: Phrase matches (of word pairs, and of longer phrases) remembered per process (until
#: the index changes).
PHRASE_CACHE = 256
#: Result sets up to this size are sorted by date from their rows in the database.
FEW = 500


def _text_matches(index: BitmapIndex, query: Query) -> BitMap:
    """Ids of the entries whose text matches ``query``: every word (and every word of a
    phrase) from the postings, each pair of a phrase's adjacent words from the pairs'
    postings, and the word order of longer phrases from the text backend."""
    words = [*query.terms, *(term for phrase in query.phrases for term in phrase)]
    found = sorted((index.matching(term) for term in words), key=len)
    matches = found[0].intersection(*found[1:])
    for phrase in query.phrases:
        if matches:
            matches &= _adjacent(index, phrase)
    longer = [phrase for phrase in query.phrases if len(phrase) > 2]
    if longer and matches:
        matches &= _in_order(index, longer)
    return matches


def _remembered(index: BitmapIndex, key: tuple, find: Callable[[], BitMap]) -> BitMap:
    """``find()``, remembered under ``key`` until the index changes."""
    if key not in index.phrase_cache:
        if len(index.phrase_cache) >= PHRASE_CACHE:
            del index.phrase_cache[next(iter(index.phrase_cache))]
        index.phrase_cache[key] = find()
    return index.phrase_cache[key]


def _adjacent(index: BitmapIndex, phrase: list[Term]) -> BitMap:
    """Entries holding each pair of the phrase's adjacent words next to each other (in a
    phrase of three words or more, each pair may be in a different place)."""
    found = []
    for pair in pairwise(phrase):
        keys = sorted({" ".join(variant) for variant in TextBackend.phrase_variants(list(pair))})
        found.append(_remembered(index, ("pair", *keys), partial(postings.pair_entries, keys)))
    found.sort(key=len)
    return found[0].intersection(*found[1:])


def _in_order(index: BitmapIndex, phrases: list[list[Term]]) -> BitMap:
    backend = get_backend()
    sql, params = backend.in_order(phrases)

    def find() -> BitMap:
        with connection.cursor() as cursor:
            # One string of ids costs less to hand over than a row per match.
            cursor.execute(f"SELECT {backend.id_list('id')} FROM ({sql}) AS matches", params)
            found = cursor.fetchone()[0]
        return bitmap_of(found) if found else BitMap()

    return _remembered(index, (sql, *params), find)


def _base(index: BitmapIndex, criteria: Criteria, query: Query, *, today: dt.date) -> BitMap:
    """Entries matching the text, the dates and the time, before any facet."""
    entries = index.visible(timezone.now())
    if query:
        entries &= _text_matches(index, query)
    if criteria.when:
        entries &= index.value("kind", "event")
        upcoming = index.ends.between(today, None)
        entries = entries & upcoming if criteria.when == "upcoming" else entries - upcoming
    if criteria.date_from:
        entries &= index.ends.between(criteria.date_from, None)
    if criteria.date_to:
        entries &= index.starts.between(None, criteria.date_to)
    return entries


def _chosen(index: BitmapIndex, criteria: Criteria) -> dict[str, BitMap]:
    """For each facet with chosen values, the entries having any of them."""
    chosen = {}
    for facet, values in criteria.selected.items():
        source, suffix = _source(facet, criteria)
        chosen[facet] = index.any_of(source, (value + suffix for value in values))
    return chosen


def _all_but(base: BitMap, chosen: dict[str, BitMap], skip: str = "") -> BitMap:
    """``base`` within every chosen facet but ``skip``: the smallest sets first."""
    result = BitMap(base)
    for facet, entries in sorted(chosen.items(), key=lambda pair: len(pair[1])):
        if facet != skip:
            result &= entries
    return result


def _source(facet: str, criteria: Criteria) -> tuple[str, str]:
    """Where a facet's values are kept: organisations in a given role are the actor
    values ending in that role ("unhcr/organiser")."""
    if facet == "organisation" and criteria.role:
        return "actor", f"/{criteria.role}"
    return facet, ""


def _counts(
    index: BitmapIndex,
    base: BitMap,
    chosen: dict[str, BitMap],
    results: BitMap,
    criteria: Criteria,
    facets,
) -> dict[str, dict[str, int]]:
    """For each facet, its most frequent values among the results of every criterion but
    its own, and its chosen values even when they are not among them; counted in memory
    (``BitmapIndex.top_of_each`` and ``top``) however few the results."""
    # Facets with no choice of their own (nor a role) count the results themselves: together.
    plain = [facet for facet in facets if facet not in chosen and _source(facet, criteria)[1] == ""]
    tops = index.top_of_each(plain, results, FACET_LIMIT)
    counted = {}
    for facet in facets:
        within = _all_but(base, chosen, skip=facet) if facet in chosen else results
        source, suffix = _source(facet, criteria)
        top = (
            tops[facet] if facet in tops else index.top(source, within, FACET_LIMIT, suffix=suffix)
        )
        counts = {value.removesuffix(suffix): count for value, count in top.items()}
        for value in criteria.selected.get(facet, ()):
            if value not in counts:
                counts[value] = within.intersection_cardinality(index.value(source, value + suffix))
        counted[facet] = counts
    return counted


class Ordered(Sequence):
    """The results in their order, fetched a slice at a time (what ``Paginator`` reads):
    by date through the index's day buckets, with the newest matches first ranked by
    ``ranking.scores`` when ordered by relevance."""

    def __init__(self, index: BitmapIndex, ids: BitMap, query: Query, sort: str, upcoming: bool):
        self.index, self.ids, self.query = index, ids, query
        self.ranked = sort == "relevance"
        self.upcoming = upcoming

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, wanted):
        if not isinstance(wanted, slice):
            return self[wanted : wanted + 1][0]
        start, stop, _ = wanted.indices(len(self))
        if stop <= start:
            return []
        if not self.ranked:
            return self._by_date(self.ids, start, stop - start)
        window = self._by_date(self.ids, 0, RANK_WINDOW)
        ranked = self._rank(window)
        if stop <= len(ranked):
            return ranked[start:stop]
        rest = self.ids - BitMap(window)
        later = self._by_date(rest, max(start - len(ranked), 0), stop - max(start, len(ranked)))
        return ranked[start:] + later

    def _by_date(self, ids: BitMap, skip: int, count: int) -> list[int]:
        if len(ids) <= FEW:  # the database sorts a few rows faster than a walk finds them
            taken, before = ids, skip
        else:
            walk = self.index.starts.walk
            taken, before = walk(ids, skip, count, newest_first=not self.upcoming)
        where, params = get_backend().among("item_id", list(taken))
        order = (
            "start_date, item_id"
            if self.upcoming
            else "start_date DESC, published_at DESC, item_id DESC"
        )
        with connection.cursor() as cursor:
            # Plain SQL: building hundreds of ids into an ORM query cost more than the query.
            cursor.execute(
                f"SELECT item_id FROM {SearchEntry._meta.db_table} WHERE {where} "
                f"ORDER BY {order} LIMIT %s OFFSET %s",
                [*params, count, before],
            )
            return [pk for (pk,) in cursor.fetchall()]

    def _rank(self, ids: list[int]) -> list[int]:
        if not ids:
            return []
        with connection.cursor() as cursor:
            backend = get_backend()
            score = scores(self.query, backend.terms(cursor, ids), backend.form)
        order = {pk: position for position, pk in enumerate(ids)}
        return sorted(ids, key=lambda pk: (-score.get(pk, 0.0), order[pk]))


def search(
    criteria: Criteria,
    *,
    page: str | int | None = 1,
    per_page: int = 20,
    facets: tuple[str, ...] = FACETS,
    today: dt.date | None = None,
) -> Results:
    """One page of results with the counts of ``facets``; a fixed number of queries."""
    index = current_index()
    query = parse_query(criteria.text)
    base = _base(index, criteria, query, today=today or timezone.localdate())
    chosen = _chosen(index, criteria)
    sort = (criteria.sort or "relevance") if query else "date"
    results = _all_but(base, chosen)
    ordered = Ordered(index, results, query, sort, criteria.when == "upcoming")
    result_page = Paginator(ordered, per_page).get_page(page)
    result_page.object_list = cards_in_order(list(result_page.object_list))

    counted = _counts(index, base, chosen, results, criteria, facets)
    wanted: dict[str, set[str]] = {facet: set(rows) for facet, rows in counted.items()}
    for facet, values in criteria.selected.items():
        wanted.setdefault(facet, set()).update(values)
    if criteria.role:
        wanted.setdefault("role", set()).add(criteria.role)
    names = labels(wanted, known=index.names, lasting=index.holds)
    groups = []
    for facet in facets:
        picked = set(criteria.selected.get(facet, ()))
        values = [
            FacetValue(value, names[(facet, value)], count, value in picked)
            for value, count in counted[facet].items()
            if count
        ]
        shown = {value.value for value in values}
        values += [FacetValue(value, names[(facet, value)], 0, True) for value in picked - shown]
        values.sort(key=lambda value: not value.selected)  # chosen first, then by count
        if values:
            groups.append(FacetGroup(facet, values))
    return Results(criteria, query, result_page, groups, names, sort)


def matching(
    criteria: Criteria, *, index: BitmapIndex | None = None, today: dt.date | None = None
) -> BitMap:
    """The entries matching all of ``criteria``: what ``tally`` counts in, and what
    dashboards count from the index's columns."""
    index = index or current_index()
    base = _base(index, criteria, parse_query(criteria.text), today=today or timezone.localdate())
    return _all_but(base, _chosen(index, criteria))


@dataclass
class Tally:
    """How many entries match some criteria, and among them the count of every value of
    the facets asked for (not limited to the most frequent), with the values' names."""

    total: int
    counts: dict[str, dict[str, int]]
    labels: dict[tuple[str, str], str]


def tally(criteria: Criteria, facets: Sequence[str], *, today: dt.date | None = None) -> Tally:
    """The counts of every value of ``facets`` among the entries matching all of
    ``criteria``, counted in memory: what maps and dashboards draw. Unlike ``search``,
    counts are not disjunctive: each is the number of matching entries with the value.
    Unknown facet names count nothing."""
    index = current_index()
    results = matching(criteria, index=index, today=today)
    counts = {
        facet: index.top(facet, results, len(index.facets.get(facet, ()))) for facet in facets
    }
    names = labels(
        {facet: set(rows) for facet, rows in counts.items()}, known=index.names, lasting=index.holds
    )
    return Tally(len(results), counts, names)
