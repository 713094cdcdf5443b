"""Reads for the map: what matches some search criteria, placed at its cities.

Three layers, read in a fixed number of queries whatever the data's size:

- cities: each city with the number of matching items about it (``engine.tally``);
- events: the first ``EVENT_LIMIT`` matching events (``engine.search``) at their city, and
  how many match in all;
- signatories: the cities whose signature of a matching campaign is public (confirmed,
  on a campaign whose signatories are public).

The cities and signatories drawn are within the chosen places: when regions, countries
or cities are chosen, a matching item's other places are left out (an item about Kisumu
and Amman is found by "Middle East", and only Amman is drawn), so that a city's count is
what a search with the same criteria and that city finds. Events are drawn where they
take place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from crossroads.content.cards import Card
from crossroads.content.dates import format_range
from crossroads.content.links import url_for
from crossroads.directory.models import City, Region
from crossroads.engagement.models import Signature, SignatureStatus
from crossroads.events.models import Event
from crossroads.search import engine
from crossroads.search.bitmaps import current_index
from crossroads.search.criteria import Criteria

#: Events drawn one by one; the page says how many more match.
EVENT_LIMIT = 20
#: Where places without a region are grouped.
NO_REGION = ""
REGION_LABELS = dict(Region.choices)
REGION_ORDER = {value: position for position, value in enumerate(Region.values)}


@dataclass(frozen=True)
class Place:
    slug: str
    name: str
    country_code: str
    country: str
    #: The city's region, else its country's (what the list is grouped by).
    region: str
    #: Every region the index gives the city: its own and its country's.
    regions: frozenset[str]
    latitude: float
    longitude: float

    @property
    def label(self) -> str:
        """The name a marker is read out by: "Kisumu, Kenya"."""
        return f"{self.name}, {self.country}" if self.country else self.name

    def get_absolute_url(self) -> str:
        return url_for("directory:city", self.slug)


@dataclass(frozen=True)
class CityMark:
    place: Place
    #: Matching items about the city.
    count: int
    #: /search/ with the same criteria and this city.
    search_url: str


@dataclass(frozen=True)
class EventMark:
    card: Card
    #: Where it takes place; None for an event without a city (online only).
    place: Place | None

    @property
    def when(self) -> str:
        return format_range(self.card.start_date, self.card.end_date, self.card.precision)


@dataclass(frozen=True)
class CampaignLink:
    title: str
    url: str


@dataclass(frozen=True)
class SignatoryMark:
    place: Place
    campaigns: tuple[CampaignLink, ...]

    @property
    def count(self) -> int:
        return len(self.campaigns)


@dataclass
class NetworkMap:
    #: The search for the criteria: its total, facet groups and labels (for the form).
    results: engine.Results
    cities: list[CityMark]
    events: list[EventMark]
    event_total: int
    signatories: list[SignatoryMark]

    @property
    def more_events(self) -> int:
        return self.event_total - len(self.events)

    @property
    def campaigns(self) -> list[CampaignLink]:
        """The campaigns the signatories signed, by title."""
        links = {link for mark in self.signatories for link in mark.campaigns}
        return sorted(links, key=lambda link: (link.title.casefold(), link.url))


def search_url(criteria: Criteria, **selected: tuple[str, ...]) -> str:
    """The address of /search/ with ``criteria`` and the ``selected`` facet values instead
    of their own."""
    query = criteria.fix(selected=selected).to_query()
    return url_for("search:search") + "?" + query.urlencode()


def within_chosen_places(place: Place, criteria: Criteria) -> bool:
    chosen = criteria.selected
    return (
        ("city" not in chosen or place.slug in chosen["city"])
        and ("country" not in chosen or place.country_code in chosen["country"])
        and ("region" not in chosen or bool(place.regions.intersection(chosen["region"])))
    )


def _kind_allowed(criteria: Criteria, kind: str) -> bool:
    return "kind" not in criteria.selected or kind in criteria.selected["kind"]


def _places(slugs: set[str]) -> dict[str, Place]:
    """The places of the cities of ``slugs``, in one query."""
    rows = City.objects.filter(slug__in=slugs).values_list(
        "slug",
        "name",
        "country_id",
        "country__name",
        "region",
        "country__region",
        "latitude",
        "longitude",
    )
    return {
        slug: Place(
            slug,
            name,
            code,
            country,
            region or country_region or NO_REGION,
            frozenset(filter(None, (region, country_region))),
            float(latitude),
            float(longitude),
        )
        for slug, name, code, country, region, country_region, latitude, longitude in rows
    }


def _matching_events(criteria: Criteria) -> tuple[list[Card], int]:
    """The first ``EVENT_LIMIT`` matching events, in the search's order, and how many
    match."""
    if not _kind_allowed(criteria, "event"):
        return [], 0
    events = engine.search(
        criteria.fix(selected={"kind": ("event",)}), per_page=EVENT_LIMIT, facets=()
    )
    return list(events.page.object_list), events.total


def _public_signatures(criteria: Criteria) -> list[tuple[str, str, str]]:
    """(city slug, campaign title, campaign slug) of every confirmed signature by a city
    of a matching campaign whose signatories are public."""
    if not _kind_allowed(criteria, "campaign"):
        return []
    index = current_index()
    campaigns = engine.matching(criteria, index=index) & index.value("kind", "campaign")
    if not campaigns:
        return []
    return list(
        Signature.objects.filter(
            campaign__in=list(campaigns),
            campaign__signatories_public=True,
            status=SignatureStatus.CONFIRMED,
            city__isnull=False,
        )
        .order_by("campaign__title", "campaign_id")
        .values_list("city__slug", "campaign__title", "campaign__slug")
    )


def network_map(criteria: Criteria, *, facets: tuple[str, ...] = ()) -> NetworkMap:
    """The three layers for ``criteria``, with the search's counts of ``facets`` (for a
    form of criteria); a fixed number of queries."""
    results = engine.search(criteria, per_page=1, facets=facets)
    counts = engine.tally(criteria, ["city"]).counts["city"]
    cards, event_total = _matching_events(criteria)
    event_cities = dict(
        Event.objects.filter(pk__in=[card.pk for card in cards], city__isnull=False)
        .values_list("pk", "city__slug")
        .order_by()
    )
    signatures = _public_signatures(criteria)
    places = _places({*counts, *event_cities.values(), *(row[0] for row in signatures)})
    shown = {slug: place for slug, place in places.items() if within_chosen_places(place, criteria)}

    cities = [
        CityMark(place, counts[slug], search_url(criteria, city=(slug,)))
        for slug, place in shown.items()
        if counts.get(slug)
    ]
    signed: dict[str, list[CampaignLink]] = defaultdict(list)
    for city, title, slug in signatures:
        if city in shown:
            signed[city].append(CampaignLink(title, url_for("campaigns:detail", slug)))
    return NetworkMap(
        results=results,
        cities=sorted(cities, key=lambda mark: _place_order(mark.place)),
        events=[EventMark(card, places.get(event_cities.get(card.pk, ""))) for card in cards],
        event_total=event_total,
        signatories=sorted(
            (SignatoryMark(shown[city], tuple(links)) for city, links in signed.items()),
            key=lambda mark: _place_order(mark.place),
        ),
    )


def _place_order(place: Place) -> tuple:
    return (
        REGION_ORDER.get(place.region, len(REGION_ORDER)),
        place.country.casefold(),
        place.name.casefold(),
        place.slug,
    )


@dataclass
class CountryGroup:
    code: str
    name: str
    marks: list = field(default_factory=list)


@dataclass
class RegionGroup:
    region: str
    countries: list[CountryGroup] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(REGION_LABELS.get(self.region, self.region) or _("Other places"))

    @property
    def count(self) -> int:
        return sum(len(country.marks) for country in self.countries)


def grouped(marks: list) -> list[RegionGroup]:
    """Marks (in ``_place_order``, as ``network_map`` gives them) by region, then
    country."""
    regions: list[RegionGroup] = []
    for mark in marks:
        place = mark.place
        if not regions or regions[-1].region != place.region:
            regions.append(RegionGroup(place.region))
        countries = regions[-1].countries
        if not countries or countries[-1].code != place.country_code:
            countries.append(CountryGroup(place.country_code, place.country))
        countries[-1].marks.append(mark)
    return regions
