"""Reads for city profiles and peer matching, each a fixed number of queries whatever the
number of cities, organisations or items: rankings come from the indexed ``Experience``
table and the profiles' own rows, never from scanning items."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, Sum
from django.utils import timezone

from crossroads.directory.models import City, Membership, Organisation
from crossroads.matching import scoring
from crossroads.matching.experience import CITY, ORGANISATION, Actor
from crossroads.matching.models import CityNeed, DisplacementFigure, Experience, HostedGroup
from crossroads.taxonomy.models import Topic

#: Peers and helpers shown by default.
LIMIT = 5
#: Cities offered when a name matches several.
CHOICES = 10


# -- profiles -----------------------------------------------------------------------------
@dataclass
class ExperienceLine:
    """The city's or organisation's experience on one topic, in words."""

    row: Experience
    clauses: list[scoring.Clause]

    @property
    def topic(self) -> Topic:
        return self.row.topic

    @property
    def points(self) -> float:
        return scoring.points_now(self.row.score)


@dataclass
class Profile:
    city: City
    size: scoring.SizeClass | None
    figures: list[DisplacementFigure]
    memberships: list[Membership]
    needs: list[CityNeed]
    experience: list[ExperienceLine]

    @property
    def groups(self) -> list[str]:
        """The groups the city hosts (a figure says so), in ``HostedGroup``'s order."""
        hosted = {figure.group for figure in self.figures}
        return [group for group in HostedGroup.values if group in hosted]

    @property
    def group_labels(self) -> list[str]:
        labels = dict(HostedGroup.choices)
        return [str(labels[group]) for group in self.groups]

    @property
    def need_topics(self) -> list[Topic]:
        return list({need.topic_id: need.topic for need in self.needs}.values())

    @property
    def is_empty(self) -> bool:
        """Whether there is too little to find peers by: nothing on who the city hosts,
        the networks it belongs to or what it needs."""
        return not (self.figures or self.memberships or self.needs)


def current_memberships(city: City, *, today: dt.date | None = None) -> list[Membership]:
    """The city's memberships that have not ended, with their networks (those
    prefetched on the city, if they were)."""
    today = today or timezone.localdate()
    if "memberships" in getattr(city, "_prefetched_objects_cache", {}):
        memberships = list(city.memberships.all())
    else:
        memberships = list(Membership.objects.filter(city=city).select_related("network"))
    found = [m for m in memberships if m.end is None or m.end >= today]
    return sorted(found, key=lambda m: (m.network.name, m.network_id))


def profile_of(city: City) -> Profile:
    """What the city's profile holds: three queries, and one more unless its memberships
    were prefetched with their networks."""
    experience = Experience.objects.filter(city=city).select_related("topic")
    return Profile(
        city=city,
        size=scoring.size_class(city.population),
        figures=list(city.displacement.order_by("group", "-year", "pk")),
        memberships=current_memberships(city),
        needs=list(
            CityNeed.objects.filter(city=city)
            .select_related("topic")
            .order_by("topic__name", "source", "pk")
        ),
        experience=[
            ExperienceLine(row, scoring.clauses_of([row]))
            for row in experience.order_by("-score", "topic__name", "pk")
        ],
    )


# -- cities like yours --------------------------------------------------------------------
def peers_like(city: City, *, limit: int = LIMIT, profile: Profile | None = None) -> list:
    """The cities most like ``city`` (``scoring.PeerMatch``, best first; ties by name,
    then slug): only cities sharing who they host, a network or a need count, scored by
    all they share. Five queries (and those of ``profile_of`` unless ``profile`` is
    given); none for an empty profile. The database adds up the points and keeps the
    best (``_best_peers``): nothing is read per candidate."""
    profile = profile or profile_of(city)
    if profile.is_empty or limit < 1:
        return []
    best = _best_peers(city, profile, limit)
    if not best:
        return []
    groups, networks, needs = (defaultdict(set) for _ in range(3))
    for other, group in (
        DisplacementFigure.objects.filter(city_id__in=best, group__in=profile.groups)
        .order_by()
        .values_list("city_id", "group")
    ):
        groups[other].add(group)
    for other, network in _current(
        Membership.objects.filter(
            city_id__in=best, network_id__in=[m.network_id for m in profile.memberships]
        )
    ).values_list("city_id", "network_id"):
        networks[other].add(network)
    for other, topic in (
        CityNeed.objects.filter(city_id__in=best, topic_id__in=[n.topic_id for n in profile.needs])
        .order_by()
        .values_list("city_id", "topic_id")
    ):
        needs[other].add(topic)
    cities = City.objects.select_related("country").in_bulk(best)
    return [_match(city, profile, cities[pk], groups[pk], networks[pk], needs[pk]) for pk in best]


def _current(memberships):
    today = timezone.localdate()
    return memberships.filter(Q(end__isnull=True) | Q(end__gte=today)).order_by()


def _best_peers(city: City, profile: Profile, limit: int) -> list[int]:
    """The ids of the ``limit`` best peers, best first, in one query: each shared trait's
    points summed per city (``traits``), then the place's added (``scoring.PEER_POINTS``)."""
    points = scoring.PEER_POINTS
    quote = connection.ops.quote_name
    branches, params = [], []

    def branch(model, column: str, values: list, weight: int, extra: str = "", *more) -> None:
        table = quote(model._meta.db_table)
        marks = ", ".join(["%s"] * len(values))
        branches.append(
            f"SELECT city_id, {int(weight)} AS points FROM (SELECT DISTINCT city_id, "
            f"{quote(column)} FROM {table} WHERE {quote(column)} IN ({marks}) "
            f"AND city_id IS NOT NULL AND city_id <> %s{extra}) AS shared"
        )
        params.extend([*values, city.pk, *more])

    if profile.groups:
        branch(DisplacementFigure, "group", profile.groups, points["group"])
    if profile.memberships:
        networks = sorted({m.network_id for m in profile.memberships})
        ended = f" AND ({quote('end')} IS NULL OR {quote('end')} >= %s)"
        branch(Membership, "network_id", networks, points["network"], ended, timezone.localdate())
    if profile.needs:
        branch(CityNeed, "topic_id", sorted({n.topic_id for n in profile.needs}), points["need"])
    place, place_params = [], []
    if city.region:
        place.append(f"CASE WHEN c.region = %s THEN {int(points['region'])} ELSE 0 END")
        place_params.append(city.region)
    place.append(f"CASE WHEN c.country_id = %s THEN {int(points['country'])} ELSE 0 END")
    place_params.append(city.country_id)
    if profile.size is not None:
        cases = []
        for size in scoring.SIZE_CLASSES:
            distance = abs(size.rank - profile.size.rank)
            weight = {0: points["same_size"], 1: points["adjacent_size"]}.get(distance)
            if weight:
                upper = " AND c.population < %s" if size.upper is not None else ""
                cases.append(f"WHEN c.population >= %s{upper} THEN {int(weight)}")
                place_params += [size.lower] + ([size.upper] if size.upper is not None else [])
        place.append(f"CASE {' '.join(cases)} ELSE 0 END")
    if city.is_intermediary:
        place.append(f"CASE WHEN c.is_intermediary THEN {int(points['intermediary'])} ELSE 0 END")
    sql = (
        f"SELECT c.id, t.points + {' + '.join(place)} AS total "
        f"FROM (SELECT city_id, SUM(points) AS points FROM ({' UNION ALL '.join(branches)}) "
        f"AS traits GROUP BY city_id) AS t "
        f"JOIN {quote(City._meta.db_table)} c ON c.id = t.city_id "
        f"ORDER BY total DESC, c.name, c.slug LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*place_params, *params, limit])
        return [pk for pk, _total in cursor.fetchall()]


def _match(city: City, profile: Profile, other: City, groups, networks, needs):
    names = {m.network_id: m.network.name for m in profile.memberships}
    topics = {need.topic_id: need.topic.name for need in profile.needs}
    match = scoring.PeerMatch(
        city=other,
        same_region=other.region if other.region and other.region == city.region else "",
        same_country=other.country_id == city.country_id,
        both_intermediary=other.is_intermediary and city.is_intermediary,
        groups=[group for group in profile.groups if group in groups],
        networks=sorted(names[n] for n in networks),
        needs=sorted(topics[t] for t in needs),
    )
    other_size = scoring.size_class(other.population)
    if profile.size and other_size:
        match.size = {0: "same", 1: "adjacent"}.get(abs(profile.size.rank - other_size.rank), "")
        match.size_label = str(other_size) if match.size else ""
    return match


# -- who can help -------------------------------------------------------------------------
@dataclass
class Helper:
    """A city or an organisation with experience on the topics asked about."""

    actor: City | Organisation
    kind: str  # CITY or ORGANISATION
    score: float  # stored points (as of scoring.REFERENCE_YEAR), summed over the topics
    clauses: list[scoring.Clause] = field(default_factory=list)

    @property
    def is_city(self) -> bool:
        return self.kind == CITY

    @property
    def points(self) -> float:
        return scoring.points_now(self.score)

    @property
    def explanation(self) -> str:
        return scoring.explain(self.clauses)


def _actor_of(entry: City | Organisation) -> Actor:
    return (CITY, entry.pk) if isinstance(entry, City) else (ORGANISATION, entry.pk)


#: Rows read per topic, the best first, before adding up, for up to so many topics
#: (``_best_totals``).
HEAD = 50
HEAD_TOPICS = 5


def _actor_of_row(city_id: int | None, organisation_id: int | None) -> Actor:
    return (CITY, city_id) if city_id else (ORGANISATION, organisation_id)


def _best_totals(topic_ids: list[int], count: int) -> dict[Actor, float]:
    """Every actor whose score summed over ``topic_ids`` is among the best ``count``
    (with all those tied with the last), with its total.

    Each topic's best ``HEAD`` rows come first, through the index on (topic, score); an
    actor in none of them scores at most the sum of each topic's last row read. When the
    best ``count`` totals of the actors read beat that, they are the answer; otherwise
    (many ties), or for more than ``HEAD_TOPICS`` topics, the database adds up every row
    of the topics. At most ``HEAD_TOPICS`` + 2 queries."""
    everyone = Experience.objects.filter(topic_id__in=topic_ids).values(
        "city_id", "organisation_id"
    )
    if len(topic_ids) > HEAD_TOPICS:
        return _summed(everyone, count)
    head = max(HEAD, count)
    seen: set[Actor] = set()
    bound = 0.0
    for topic in topic_ids:
        rows = list(
            Experience.objects.filter(topic_id=topic)
            .order_by("-score")
            .values_list("city_id", "organisation_id", "score")[:head]
        )
        seen.update(_actor_of_row(city, organisation) for city, organisation, _ in rows)
        if len(rows) == head:
            bound += rows[-1][2]
    if bound:
        cities = sorted(pk for kind, pk in seen if kind == CITY)
        organisations = sorted(pk for kind, pk in seen if kind == ORGANISATION)
        read = everyone.filter(Q(city_id__in=cities) | Q(organisation_id__in=organisations))
    else:  # every row of the topics was read
        read = everyone
    totals = {
        _actor_of_row(row["city_id"], row["organisation_id"]): row["total"]
        for row in read.annotate(total=Sum("score")).order_by()
    }
    ranked = sorted(totals.values(), reverse=True)
    if not bound or (len(ranked) >= count and ranked[count - 1] > bound):
        last = ranked[min(count, len(ranked)) - 1] if ranked else 0
        return {actor: total for actor, total in totals.items() if total >= last}
    return _summed(everyone, count)


def _summed(everyone, count: int) -> dict[Actor, float]:
    """The best ``count`` totals of ``everyone`` (rows of actors), with all tied with the
    last: one query, or two when the last has ties."""
    summed = everyone.annotate(total=Sum("score"))
    best = list(summed.order_by("-total", "city_id", "organisation_id")[:count])
    if len(best) == count:
        # Everyone tied with the last: the order among them is by name, not by id.
        best = list(summed.filter(total__gte=best[-1]["total"]).order_by())
    return {_actor_of_row(row["city_id"], row["organisation_id"]): row["total"] for row in best}


def helpers_for(topics, *, limit: int = LIMIT, exclude=()) -> list[Helper]:
    """The cities and organisations with the most experience on ``topics`` (``Topic``
    instances): their ``Experience`` scores summed over those topics, best first; ties by
    name, then slug. ``exclude`` lists cities or organisations left out (a city does not
    help itself). At most ten queries (``_best_totals``), whatever the number of actors."""
    topic_ids = sorted({topic.pk for topic in topics})
    if not topic_ids or limit < 1:
        return []
    excluded = {_actor_of(entry) for entry in exclude}
    totals = _best_totals(topic_ids, limit + len(excluded))
    scores = {actor: total for actor, total in totals.items() if actor not in excluded}
    if not scores:
        return []
    cities = City.objects.select_related("country").in_bulk(
        [pk for kind, pk in scores if kind == CITY]
    )
    organisations = Organisation.objects.in_bulk(
        [pk for kind, pk in scores if kind == ORGANISATION]
    )
    helpers = [
        Helper(cities[pk] if kind == CITY else organisations[pk], kind, total)
        for (kind, pk), total in scores.items()
    ]
    helpers.sort(key=lambda h: (-h.score, h.actor.name, h.actor.slug, h.kind))
    helpers = helpers[:limit]
    rows = (
        Experience.objects.filter(topic_id__in=topic_ids)
        .filter(
            Q(city_id__in=[h.actor.pk for h in helpers if h.is_city])
            | Q(organisation_id__in=[h.actor.pk for h in helpers if not h.is_city])
        )
        .select_related("topic")
    )
    by_actor = defaultdict(list)
    for row in rows:
        by_actor[
            (CITY, row.city_id) if row.city_id else (ORGANISATION, row.organisation_id)
        ].append(row)
    for helper in helpers:
        helper.clauses = scoring.clauses_of(by_actor[helper.kind, helper.actor.pk])
    return helpers


# -- the /peers/ page ---------------------------------------------------------------------
def find_city(text: str) -> tuple[City | None, list[City]]:
    """The city named ``text`` (its slug, or its name or an alias in any case), or the
    cities it could mean (names starting with it) to choose from."""
    text = text.strip()
    if not text:
        return None, []
    cities = City.objects.select_related("country")
    exact = cities.filter(slug=text).first()
    if exact:
        return exact, []
    named = list(
        cities.filter(Q(name__iexact=text) | Q(aliases__name__iexact=text))
        .distinct()
        .order_by("name", "slug")[: CHOICES + 1]
    )
    if len(named) == 1:
        return named[0], []
    if named:
        return None, named[:CHOICES]
    return None, list(cities.filter(name__istartswith=text).order_by("name", "slug")[:CHOICES])


def topic_list() -> list[Topic]:
    return list(Topic.objects.order_by("name"))
