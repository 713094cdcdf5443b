"""The search engine: free text and facets over the index, with disjunctive counts.

Every list of items (/search/, the event, news and resource lists, and later the API and
feeds) asks ``search``. Within a facet, chosen values are alternatives (OR); across
facets, all must hold (AND). A facet's counts ignore its own selection, so each count
says how many results choosing that value as well would give.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from crossroads.content.models import Item
from crossroads.content.queries import item_cards
from crossroads.search.backends import get_backend
from crossroads.search.criteria import FACETS, Criteria
from crossroads.search.labels import labels
from crossroads.search.models import SearchEntry, SearchFacet
from crossroads.search.text import Query, parse_query

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


def _facet_filter(facet: str, values: tuple[str, ...], role: str) -> Exists:
    if facet == "organisation" and role:
        facet, values = "actor", tuple(f"{value}/{role}" for value in values)
    return Exists(SearchFacet.objects.filter(entry=OuterRef("pk"), facet=facet, value__in=values))


def _base(criteria: Criteria, query: Query, *, today: dt.date) -> QuerySet:
    """Entries matching the text, the dates and the time, before any facet."""
    entries = SearchEntry.objects.filter(published_at__lte=timezone.now())
    if query:
        sql, params = get_backend().match(query)
        entries = entries.filter(item_id__in=RawSQL(sql, params))
    if criteria.when == "upcoming":
        entries = entries.filter(kind="event", end_date__gte=today)
    elif criteria.when == "past":
        entries = entries.filter(kind="event", end_date__lt=today)
    if criteria.date_from:
        entries = entries.filter(end_date__gte=criteria.date_from)
    if criteria.date_to:
        entries = entries.filter(start_date__lte=criteria.date_to)
    return entries


def _filtered(base: QuerySet, criteria: Criteria, *, skip: str = "") -> QuerySet:
    for facet, values in criteria.selected.items():
        if facet != skip:
            base = base.filter(_facet_filter(facet, values, criteria.role))
    return base


def _ordered(entries: QuerySet, criteria: Criteria, query: Query) -> tuple[QuerySet, str]:
    sort = criteria.sort or ("relevance" if query else "date")
    if sort == "relevance" and query:
        sql, params = get_backend().rank(query, '"search_searchentry"."item_id"')
        return entries.annotate(rank=RawSQL(sql, params)).order_by(
            "rank", "-published_at", "-pk"
        ), sort
    if criteria.when == "upcoming":
        return entries.order_by("start_date", "pk"), "date"
    return entries.order_by("-start_date", "-published_at", "-pk"), "date"


def _counts(base: QuerySet, criteria: Criteria, facet: str) -> list[tuple[str, int]]:
    """The most frequent values of ``facet`` among the results of every other criterion,
    and the chosen values of ``facet`` even when they are not among the most frequent."""
    suffix = f"/{criteria.role}" if facet == "organisation" and criteria.role else ""
    matching = _filtered(base, criteria, skip=facet).values("pk")
    rows = (
        SearchFacet.objects.filter(facet="actor" if suffix else facet, entry__in=matching)
        .values_list("value")
        .annotate(count=Count("entry"))
        .order_by("-count", "value")
    )
    if suffix:
        rows = rows.filter(value__endswith=suffix)
    counts = list(rows[:FACET_LIMIT])
    chosen = {value + suffix for value in criteria.selected.get(facet, ())}
    missing = chosen - {value for value, _ in counts}
    if missing:
        counts += list(rows.filter(value__in=missing))
    return [(value.removesuffix(suffix) if suffix else value, count) for value, count in counts]


def search(
    criteria: Criteria,
    *,
    page: str | int | None = 1,
    per_page: int = 20,
    facets: tuple[str, ...] = FACETS,
    today: dt.date | None = None,
) -> Results:
    """One page of results with the counts of ``facets``; a fixed number of queries."""
    query = parse_query(criteria.text)
    base = _base(criteria, query, today=today or timezone.localdate())
    ordered, sort = _ordered(_filtered(base, criteria), criteria, query)
    result_page = Paginator(ordered.values_list("item_id", flat=True), per_page).get_page(page)
    ids = list(result_page.object_list)
    items = item_cards(Item.objects.filter(pk__in=ids)).in_bulk()
    result_page.object_list = [items[pk] for pk in ids if pk in items]

    counted = {facet: _counts(base, criteria, facet) for facet in facets}
    wanted: dict[str, set[str]] = {facet: {v for v, _ in rows} for facet, rows in counted.items()}
    for facet, values in criteria.selected.items():
        wanted.setdefault(facet, set()).update(values)
    if criteria.role:
        wanted.setdefault("role", set()).add(criteria.role)
    names = labels(wanted)
    groups = []
    for facet in facets:
        chosen = set(criteria.selected.get(facet, ()))
        values = [
            FacetValue(value, names[(facet, value)], count, value in chosen)
            for value, count in counted[facet]
            if count
        ]
        shown = {value.value for value in values}
        values += [FacetValue(value, names[(facet, value)], 0, True) for value in chosen - shown]
        values.sort(key=lambda value: not value.selected)  # chosen first, then by count
        if values:
            groups.append(FacetGroup(facet, values))
    return Results(criteria, query, result_page, groups, names, sort)
