"""Counting what cities and organisations did on each topic, from what is published.

An *actor* is a city or an organisation. Each *activity* is one published item, counted
once per actor, activity and topic of the item (an item without topics counts for none):

- **hosted**: an event held in the city (``Event.city``), or organised or hosted
  (``ItemActor`` role organiser or host) by the organisation, or by the city's local
  government for the city; in the year it starts.
- **spoke**: an event where a participant of a session (any role: speaker, panellist,
  moderator, chair, presenter, rapporteur) represents the organisation (``Participant.
  organisation``) or holds one of its offices, or holds an office of the city itself (an
  office with a city and no organisation: "Vice-Mayor of Sfax"), or represents the city's
  local government; in the year the event starts.
- **published**: a resource or a story by the organisation (``ItemActor`` role
  organiser, host or publisher), or by the city's local government for the city; in
  the year it was published.
- **pledged**: a commitment or an offer of support (not a need: that is a ``CityNeed``),
  not withdrawn, whose pledgers name the city or the organisation (or the city's local
  government); in the year it was published.
- **signed**: a campaign signed by the city or the organisation (or the city's local
  government), the signature confirmed (and approved where the campaign asks for it:
  ``SignatureStatus.CONFIRMED``); in the year it was confirmed.

"Published" is ``Item.objects.published()``: published, and its publication date come.
An event counts once it has started: experience is what was done, not what is planned.
A city's local government is counted with its city, and has no rows of its own (it would
stand beside its city as a second helper with the same record).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from crossroads.content.models import LEAD_ROLES, ActorRole, Item, ItemActor, Kind, Status
from crossroads.directory.models import City
from crossroads.engagement.models import Pledger, PledgeType, Progress, Signature, SignatureStatus
from crossroads.events.models import Event, Participant
from crossroads.matching import scoring
from crossroads.matching.models import Experience

CITY, ORGANISATION = "city", "organisation"
#: ("city", pk) or ("organisation", pk).
Actor = tuple[str, int]

HOST_ROLES = (ActorRole.ORGANISER, ActorRole.HOST)
#: Item ids in one ``IN`` list.
CHUNK = 500


@dataclass
class Scope:
    """What to count: some cities and organisations (both None: everyone; else both
    sets), on some topics (None: all), in the items whose id lies in ``items``
    (inclusive bounds; None: all)."""

    cities: set[int] | None = None
    organisations: set[int] | None = None
    topics: set[int] | None = None
    items: tuple[int, int] | None = None


@dataclass
class Tally:
    """One actor's activities on one topic."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(scoring.ACTIVITIES, 0))
    since: dict[str, int | None] = field(
        default_factory=lambda: dict.fromkeys(scoring.ACTIVITIES, None)
    )
    latest: int = 0
    score: float = 0.0

    def add(self, activity: str, year: int) -> None:
        self.counts[activity] += 1
        first = self.since[activity]
        self.since[activity] = year if first is None else min(first, year)
        self.latest = max(self.latest, year)
        self.score += scoring.activity_points(activity, year)

    def merge(self, other: Tally) -> None:
        for activity in scoring.ACTIVITIES:
            self.counts[activity] += other.counts[activity]
            ours, theirs = self.since[activity], other.since[activity]
            self.since[activity] = theirs if ours is None else min(ours, theirs or ours)
        self.latest = max(self.latest, other.latest)
        self.score += other.score

    def as_row(self, actor: Actor, topic_id: int) -> Experience:
        kind, pk = actor
        row = Experience(
            city_id=pk if kind == CITY else None,
            organisation_id=pk if kind == ORGANISATION else None,
            topic_id=topic_id,
            latest_year=self.latest,
            score=self.score,
        )
        for activity in scoring.ACTIVITIES:
            setattr(row, activity, self.counts[activity])
            setattr(row, f"{activity}_since", self.since[activity])
        return row


def governments(cities: Iterable[int] | None = None) -> dict[int, list[int]]:
    """The organisations that are local governments, each with the cities it governs
    (of ``cities`` only, when given)."""
    query = City.objects.filter(local_government__isnull=False)
    if cities is not None:
        query = query.filter(pk__in=list(cities))
    governed: dict[int, list[int]] = defaultdict(list)
    for organisation_id, city_id in query.values_list("local_government_id", "pk").order_by("pk"):
        governed[organisation_id].append(city_id)
    return dict(governed)


def all_governments() -> set[int]:
    return set(
        City.objects.filter(local_government__isnull=False).values_list(
            "local_government_id", flat=True
        )
    )


def tally(scope: Scope) -> dict[tuple[Actor, int], Tally]:
    """Every (actor, topic) of ``scope`` with what it did there."""
    counter = _Counter(scope)
    activities = set(counter.involvements())
    topics = _topics_of({item for _, _, item, _ in activities}, scope)
    tallies: dict[tuple[Actor, int], Tally] = defaultdict(Tally)
    for actor, activity, item, year in sorted(activities):
        for topic in topics.get(item, ()):
            tallies[actor, topic].add(activity, year)
    return dict(tallies)


def _topics_of(items: set[int], scope: Scope) -> dict[int, list[int]]:
    through = Item.topics.through.objects.order_by()
    if scope.topics is not None:
        through = through.filter(topic_id__in=list(scope.topics))
    if scope.items is not None:
        batches = [through.filter(item_id__gte=scope.items[0], item_id__lte=scope.items[1])]
    else:
        ids = sorted(items)
        batches = [
            through.filter(item_id__in=ids[start : start + CHUNK])
            for start in range(0, len(ids), CHUNK)
        ]
    topics: dict[int, list[int]] = defaultdict(list)
    for batch in batches:
        for item_id, topic_id in batch.values_list("item_id", "topic_id"):
            if item_id in items:
                topics[item_id].append(topic_id)
    return topics


class _Counter:
    """The involvements of actors in items, one query per way of being involved."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.governed = governments(scope.cities)
        self.governments = set(self.governed) if scope.cities is None else all_governments()
        #: Organisations whose involvements are looked up: those asked for, and the
        #: local governments of the cities asked for.
        if scope.organisations is None:
            self.organisations = None
        else:
            self.organisations = (scope.organisations - self.governments) | set(self.governed)

    # -- who an involvement counts for ---------------------------------------------
    def for_city(self, city_id: int | None) -> list[Actor]:
        if city_id is None or (self.scope.cities is not None and city_id not in self.scope.cities):
            return []
        return [(CITY, city_id)]

    def for_organisation(self, organisation_id: int | None) -> list[Actor]:
        if organisation_id is None:
            return []
        if organisation_id in self.governments:
            return [(CITY, city) for city in self.governed.get(organisation_id, ())]
        if self.organisations is not None and organisation_id not in self.organisations:
            return []
        return [(ORGANISATION, organisation_id)]

    # -- the filters of each query -------------------------------------------------
    def published(self, prefix: str) -> Q:
        condition = Q(
            **{f"{prefix}status": Status.PUBLISHED, f"{prefix}published_at__lte": self.now}
        )
        if self.scope.items is not None:
            low, high = self.scope.items
            condition &= Q(**{f"{prefix}pk__gte": low, f"{prefix}pk__lte": high})
        return condition

    def who(self, *, cities: str | None = None, organisations: tuple[str, ...] = ()) -> Q:
        """Rows naming an actor of the scope, through the fields named (all rows when the
        scope is everyone)."""
        if self.scope.cities is None and self.scope.organisations is None:
            return Q()
        condition = Q(pk__in=[])
        if cities and self.scope.cities:
            condition |= Q(**{f"{cities}__in": sorted(self.scope.cities)})
        if self.organisations:
            for name in organisations:
                condition |= Q(**{f"{name}__in": sorted(self.organisations)})
        return condition

    # -- the involvements ------------------------------------------------------------
    def involvements(self) -> Iterator[tuple[Actor, str, int, int]]:
        """(actor, activity, item id, year) for every involvement, repeated when the
        same involvement is found twice (the caller keeps one)."""
        yield from self.held_in_cities()
        yield from self.by_organisations()
        yield from self.spoken()
        yield from self.pledged()
        yield from self.signed()

    def held_in_cities(self):
        if self.scope.cities is not None and not self.scope.cities:
            return
        events = Event.objects.filter(
            self.published(""), self.who(cities="city_id"), start_date__lte=self.today
        )
        for pk, city_id, start in events.exclude(city=None).values_list(
            "pk", "city_id", "start_date"
        ):
            for actor in self.for_city(city_id):
                yield actor, "hosted", pk, start.year

    def by_organisations(self):
        if self.organisations is not None and not self.organisations:
            return
        rows = ItemActor.objects.filter(
            self.published("item__"),
            Q(item__kind=Kind.EVENT, role__in=HOST_ROLES, item__event__start_date__lte=self.today)
            | Q(item__kind__in=(Kind.RESOURCE, Kind.STORY), role__in=LEAD_ROLES),
            self.who(organisations=("organisation_id",)),
        )
        for item_id, organisation_id, kind, published_at, start in rows.values_list(
            "item_id",
            "organisation_id",
            "item__kind",
            "item__published_at",
            "item__event__start_date",
        ):
            activity = "hosted" if kind == Kind.EVENT else "published"
            year = start.year if kind == Kind.EVENT else _year(published_at)
            for actor in self.for_organisation(organisation_id):
                yield actor, activity, item_id, year

    def spoken(self):
        rows = Participant.objects.filter(
            self.published("session__event__"),
            self.who(
                cities="office__city_id",
                organisations=("organisation_id", "office__organisation_id"),
            ),
            session__event__start_date__lte=self.today,
        )
        for event_id, organisation_id, office_city, office_organisation, start in rows.values_list(
            "session__event_id",
            "organisation_id",
            "office__city_id",
            "office__organisation_id",
            "session__event__start_date",
        ):
            actors = self.for_organisation(organisation_id)
            actors += self.for_organisation(office_organisation)
            if office_organisation is None:
                actors += self.for_city(office_city)
            for actor in actors:
                yield actor, "spoke", event_id, start.year

    def pledged(self):
        rows = Pledger.objects.filter(
            self.published("pledge__"),
            self.who(cities="city_id", organisations=("organisation_id",)),
            pledge__pledge_type__in=(PledgeType.COMMITMENT, PledgeType.OFFER),
        ).exclude(pledge__progress=Progress.WITHDRAWN)
        for pledge_id, city_id, organisation_id, published_at in rows.values_list(
            "pledge_id", "city_id", "organisation_id", "pledge__published_at"
        ):
            for actor in self.for_city(city_id) + self.for_organisation(organisation_id):
                yield actor, "pledged", pledge_id, _year(published_at)

    def signed(self):
        rows = Signature.objects.filter(
            self.published("campaign__"),
            self.who(cities="city_id", organisations=("organisation_id",)),
            status=SignatureStatus.CONFIRMED,
        )
        for campaign_id, city_id, organisation_id, confirmed_at, created_at in rows.values_list(
            "campaign_id", "city_id", "organisation_id", "confirmed_at", "created_at"
        ):
            for actor in self.for_city(city_id) + self.for_organisation(organisation_id):
                yield actor, "signed", campaign_id, _year(confirmed_at or created_at)


def _year(moment) -> int:
    return timezone.localtime(moment).year
