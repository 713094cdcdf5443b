"""The dashboards' figures: what the network did (the published items matching the
criteria of /search/, counted by the search index in memory), which cities it connects
most, and which needs of cities have no practice behind them yet.

Each figure costs a fixed number of queries whatever the data's size: counts come from
the index's bitmaps (``engine.tally``), connections from its columns of city and
organisation values, needs and experience from one grouped query each.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from django.db.models import Count, Q
from django.utils import timezone
from pyroaring import BitMap

from crossroads.content.models import Kind
from crossroads.directory.models import Membership, Organisation, OrganisationKind, Region
from crossroads.engagement.models import PledgeType
from crossroads.matching.models import CityNeed, Experience
from crossroads.search import engine
from crossroads.search.bitmaps import BitmapIndex, Column, current_index
from crossroads.search.criteria import Criteria
from crossroads.search.labels import labels
from crossroads.taxonomy.models import Framework, Topic

#: Cities listed as the most connected.
MOST_CONNECTED = 20
#: The years from the first to the last with items are all listed, the empty ones too,
#: when they span at most this many; else only the years with items.
YEAR_SPAN = 40
#: Pairs of values made at once when connections are counted (about 16 MB of numbers).
PAIRS_AT_ONCE = 2_000_000


@dataclass
class Counted:
    """One value of a facet (a region, a topic…) and how many matching items have it."""

    value: str
    label: str
    count: int


@dataclass
class Year:
    year: int
    by_kind: dict[str, int]
    total: int


@dataclass
class OrganisationKindCount:
    value: str
    label: str
    items: int  # matching items with at least one organisation of this kind
    organisations: int  # organisations of this kind in those items


@dataclass
class ConnectedCity:
    slug: str
    label: str
    items: int
    cities: int  # other cities sharing at least one matching item with it
    organisations: int  # organisations taking part in at least one of its matching items
    networks: int  # networks it is a member of today

    @property
    def connections(self) -> int:
        return self.cities + self.organisations


@dataclass
class Need:
    topic: str
    label: str
    cities: int  # cities having stated the need
    events: int
    resources: int
    offers: int  # pledges offering support
    experienced_cities: int
    experienced_organisations: int

    @property
    def practices(self) -> int:
        return self.events + self.resources + self.offers

    @property
    def unmet(self) -> bool:
        """Nothing to learn from yet: no practice, and no city or organisation with
        experience of the topic."""
        return not (self.practices or self.experienced_cities or self.experienced_organisations)


def _rows(column: Column, ids: np.ndarray) -> np.ndarray:
    """The codes of each entry's values in ``column``, a row per id: its values first,
    then zeros (``Column`` fills rows from the left)."""
    last = len(column.rows) - 1
    rows = column.rows[np.minimum(ids, last)]
    rows[ids > last] = 0  # entries newer than any holding a value of the column
    return rows


def _pairs(left: np.ndarray, right: np.ndarray, span: int) -> np.ndarray:
    """The distinct pairs, as ``a * span + b``, of a value ``a`` of a row of ``left``
    with a value ``b`` of the same row of ``right`` (another one, when ``right`` is
    ``left``). Rows holding as many values are paired together, so that none is wider
    than it needs (one entry with thirty organisations does not widen all the others);
    ``PAIRS_AT_ONCE`` pairs at a time."""
    held_left = np.count_nonzero(left, axis=1)
    shape = held_left * (right.shape[1] + 1) + np.count_nonzero(right, axis=1)
    order = np.argsort(shape, kind="stable")
    shapes, starts = np.unique(shape[order], return_index=True)
    found = [np.empty(0, dtype=np.int64)]
    for key, start, end in zip(shapes, starts, [*starts[1:], len(order)], strict=True):
        width_left, width_right = divmod(int(key), right.shape[1] + 1)
        if not (width_left and width_right):
            continue
        step = max(1, PAIRS_AT_ONCE // (width_left * width_right))
        for first in range(start, end, step):
            rows = order[first : min(first + step, end)]
            a = left[rows, :width_left, None].astype(np.int64)
            b = right[rows, None, :width_right]
            pairs = a * span + b
            found.append(np.unique(pairs[a != b] if right is left else pairs))
    return np.unique(np.concatenate(found))


class Figures:
    """The figures of one dashboard for ``criteria``, each worked out when first asked."""

    def __init__(self, criteria: Criteria) -> None:
        self.criteria = criteria

    # Activity, counted by the search engine ---------------------------------------------

    @cached_property
    def tallied(self) -> engine.Tally:
        return engine.tally(self.criteria, ("year", "region", "topic", "framework"))

    @property
    def total(self) -> int:
        return self.tallied.total

    @cached_property
    def kinds(self) -> list[str]:
        """The kinds of items the criteria allow, in their usual order."""
        chosen = self.criteria.selected.get("kind")
        return [kind for kind in Kind.values if not chosen or kind in chosen]

    @cached_property
    def by_kind(self) -> dict[str, engine.Tally]:
        return {
            kind: engine.tally(self.criteria.fix(selected={"kind": (kind,)}), ("year", "topic"))
            for kind in self.kinds
        }

    @cached_property
    def offers(self) -> dict[str, int]:
        """Matching pledges offering support, by topic."""
        types = self.criteria.selected.get("type")
        if Kind.PLEDGE not in self.kinds or (types and PledgeType.OFFER not in types):
            return {}
        criteria = self.criteria.fix(
            selected={"kind": (Kind.PLEDGE.value,), "type": (PledgeType.OFFER.value,)}
        )
        return engine.tally(criteria, ("topic",)).counts["topic"]

    def years(self) -> list[Year]:
        """Matching items per year (an event over several years counts in each), by kind."""
        counts = self.tallied.counts["year"]
        present = sorted(int(year) for year in counts if year.isdigit())
        years = present
        if present and present[-1] - present[0] < YEAR_SPAN:
            years = list(range(present[0], present[-1] + 1))
        return [
            Year(
                year,
                {kind: self.by_kind[kind].counts["year"].get(str(year), 0) for kind in self.kinds},
                counts.get(str(year), 0),
            )
            for year in years
        ]

    def regions(self) -> list[Counted]:
        return self._every("region", Region.choices)

    def topics(self) -> list[Counted]:
        return self._every("topic", Topic.objects.values_list("slug", "name"))

    def frameworks(self) -> list[Counted]:
        return self._every("framework", Framework.objects.values_list("code", "short_name"))

    def _every(self, facet: str, known) -> list[Counted]:
        """Every ``known`` value of ``facet`` (so that where nothing happens shows) and
        any other counted, the most frequent first."""
        counts = self.tallied.counts[facet]
        names = {value: str(name) for value, name in known}
        for value in counts:
            names.setdefault(value, self.tallied.labels[(facet, value)])
        rows = [Counted(value, name, counts.get(value, 0)) for value, name in names.items()]
        rows.sort(key=lambda row: (-row.count, row.label.casefold()))
        return rows

    # Organisations and cities, counted from the matching entries ------------------------

    @cached_property
    def matching(self) -> tuple[BitmapIndex, BitMap]:
        """The index and its entries matching the criteria (what ``tally`` counts in)."""
        index = current_index()
        return index, engine.matching(self.criteria, index=index)

    def organisation_kinds(self) -> list[OrganisationKindCount]:
        index, found = self.matching
        slugs: dict[str, list[str]] = defaultdict(list)
        for slug, kind in Organisation.objects.values_list("slug", "kind"):
            slugs[kind].append(slug)
        active: dict[str, int] = defaultdict(int)
        if index.facets.get("organisation") and found:
            column = index.column("organisation")
            kind_of = {slug: kind for kind, held in slugs.items() for slug in held}
            for value, count in zip(column.values, column.counts(found), strict=True):
                if count and value in kind_of:
                    active[kind_of[value]] += 1
        rows = [
            OrganisationKindCount(
                kind,
                str(label),
                found.intersection_cardinality(index.any_of("organisation", slugs[kind])),
                active[kind],
            )
            for kind, label in OrganisationKind.choices
        ]
        rows.sort(key=lambda row: (-row.items, row.label.casefold()))
        return rows

    def connected_cities(self, *, limit: int = MOST_CONNECTED) -> list[ConnectedCity]:
        """The cities sharing matching items with the most other cities and
        organisations (ties: more items, then by address), at most ``limit``."""
        index, found = self.matching
        if not index.facets.get("city") or not found:
            return []
        cities = index.column("city")
        ids = np.frombuffer(found.to_array(), dtype=np.uint32)
        places = _rows(cities, ids)
        named = places[:, 0] > 0
        ids, places = ids[named], places[named]
        size = len(cities.values) + 1
        with_cities = np.bincount(_pairs(places, places, size) // size, minlength=size)
        with_organisations = np.zeros(size, dtype=np.int64)
        if index.facets.get("organisation"):
            organisations = index.column("organisation")
            span = len(organisations.values) + 1
            pairs = _pairs(places, _rows(organisations, ids), span)
            with_organisations = np.bincount(pairs // span, minlength=size)
        items = np.concatenate([[0], cities.counts(found)])
        connections = with_cities + with_organisations
        order = np.lexsort((np.arange(size), -items, -connections))
        codes = [int(code) for code in order[:limit] if connections[code]]
        slugs = [cities.values[code - 1] for code in codes]
        names = labels({"city": set(slugs)}, known=index.names, lasting=index.holds)
        networks = self._networks(slugs)
        return [
            ConnectedCity(
                slug,
                names[("city", slug)],
                int(items[code]),
                int(with_cities[code]),
                int(with_organisations[code]),
                networks.get(slug, 0),
            )
            for code, slug in zip(codes, slugs, strict=True)
        ]

    @staticmethod
    def _networks(slugs: list[str]) -> dict[str, int]:
        """How many networks each city is a member of today."""
        if not slugs:
            return {}
        today = timezone.localdate()
        current = (Q(start__isnull=True) | Q(start__lte=today)) & (
            Q(end__isnull=True) | Q(end__gte=today)
        )
        rows = (
            Membership.objects.filter(current, city__slug__in=slugs)
            .values("city__slug")
            .annotate(networks=Count("network", distinct=True))
            .values_list("city__slug", "networks")
        )
        return dict(rows)

    # Needs --------------------------------------------------------------------------------

    def needs(self) -> list[Need]:
        """The topics cities need (those of the cities and topics the criteria choose),
        with the matching practices on each and who has experience of it; the needs with
        nothing behind them first, then the most needed."""
        needed = list(
            CityNeed.objects.filter(self._needs_chosen())
            .values("topic__slug", "topic__name")
            .annotate(cities=Count("city", distinct=True))
            .values_list("topic__slug", "topic__name", "cities")
        )
        did_something = (
            Q(hosted__gt=0)
            | Q(spoke__gt=0)
            | Q(published__gt=0)
            | Q(pledged__gt=0)
            | Q(signed__gt=0)
        )
        experience = {
            slug: (cities, organisations)
            for slug, cities, organisations in Experience.objects.filter(
                did_something, topic__slug__in=[slug for slug, _, _ in needed]
            )
            .values("topic__slug")
            .annotate(
                cities=Count("city", distinct=True),
                organisations=Count("organisation", distinct=True),
            )
            .values_list("topic__slug", "cities", "organisations")
        }
        rows = [
            Need(
                slug,
                name,
                cities,
                self._on_topic(Kind.EVENT, slug),
                self._on_topic(Kind.RESOURCE, slug),
                self.offers.get(slug, 0),
                *experience.get(slug, (0, 0)),
            )
            for slug, name, cities in needed
        ]
        rows.sort(key=lambda need: (not need.unmet, -need.cities, need.label.casefold()))
        return rows

    def _on_topic(self, kind: str, topic: str) -> int:
        tallied = self.by_kind.get(kind)
        return tallied.counts["topic"].get(topic, 0) if tallied else 0

    def _needs_chosen(self) -> Q:
        """The criteria that apply to needs: the cities' places and the topics."""
        chosen = self.criteria.selected
        condition = Q()
        if "region" in chosen:
            regions = chosen["region"]
            condition &= Q(city__region__in=regions) | Q(city__country__region__in=regions)
        if "country" in chosen:
            condition &= Q(city__country__in=chosen["country"])
        if "city" in chosen:
            condition &= Q(city__slug__in=chosen["city"])
        if "topic" in chosen:
            condition &= Q(topic__slug__in=chosen["topic"])
        return condition
