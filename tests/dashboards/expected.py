"""The dashboards' figures worked out again from the ORM, item by item, without the search
index: what the pages must show."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from crossroads.content.models import Item
from crossroads.directory.models import Membership, Organisation, OrganisationKind, Region
from crossroads.matching.models import CityNeed, Experience
from crossroads.taxonomy.models import Framework, Topic

KIND_COLUMNS = {
    "event": "Events",
    "story": "News",
    "resource": "Resources",
    "campaign": "Campaigns",
    "pledge": "Pledges",
}


@dataclass
class Facts:
    """What one public item is about and where, as the dashboards count it."""

    kind: str
    pledge_type: str
    title: str
    years: set[int]
    regions: set[str]
    countries: set[str]
    cities: set[str]
    topics: set[str]
    frameworks: set[str]
    organisations: set[str]


def public_facts() -> list[Facts]:
    found = []
    items = Item.objects.published().prefetch_related(
        "topics", "frameworks", "cities__country", "countries", "actors__organisation"
    )
    for item in items.select_related("event__city__country", "pledge"):
        places = list(item.cities.all())
        event = item.event if item.kind == "event" else None
        if event and event.city:
            places.append(event.city)
        countries = [*item.countries.all(), *(city.country for city in places)]
        if event:
            years = set(range(event.start_date.year, event.end_date.year + 1))
        else:
            years = {item.published_at.astimezone(dt.UTC).year}
        found.append(
            Facts(
                kind=item.kind,
                pledge_type=item.pledge.pledge_type if item.kind == "pledge" else "",
                title=item.title,
                years=years,
                regions={city.region for city in places if city.region}
                | {country.region for country in countries if country.region},
                countries={country.code for country in countries},
                cities={city.slug for city in places},
                topics={topic.slug for topic in item.topics.all()},
                frameworks={framework.code for framework in item.frameworks.all()},
                organisations={actor.organisation.slug for actor in item.actors.all()},
            )
        )
    return found


def share(count: int, total: int) -> str:
    """A whole percentage, halves rounded up."""
    if not total:
        return "0%"
    return f"{Decimal(100 * count / total).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def _by_count(rows: list[list[str]]) -> list[list[str]]:
    """Rows [label, count, …]: the largest counts first, then by label."""
    return sorted(rows, key=lambda row: (-int(row[1]), row[0].casefold()))


def years(facts: list[Facts], kinds: list[str]) -> list[list[str]]:
    held = sorted({year for fact in facts for year in fact.years})
    if not held:
        return []
    rows = []
    for year in range(held[0], held[-1] + 1):
        counts = [sum(1 for f in facts if f.kind == kind and year in f.years) for kind in kinds]
        total = sum(1 for f in facts if year in f.years)
        rows.append([str(year), *map(str, counts), str(total)])
    return rows


def counts_by(facts: list[Facts], field: str, names: dict[str, str]) -> list[list[str]]:
    rows = []
    for value, name in names.items():
        count = sum(1 for fact in facts if value in getattr(fact, field))
        rows.append([name, str(count), share(count, len(facts))])
    return _by_count(rows)


def regions(facts: list[Facts]) -> list[list[str]]:
    return counts_by(facts, "regions", {value: str(label) for value, label in Region.choices})


def topics(facts: list[Facts]) -> list[list[str]]:
    return counts_by(facts, "topics", dict(Topic.objects.values_list("slug", "name")))


def frameworks(facts: list[Facts]) -> list[list[str]]:
    names = dict(Framework.objects.values_list("code", "short_name"))
    return counts_by(facts, "frameworks", names)


def organisation_kinds(facts: list[Facts]) -> list[list[str]]:
    kind_of = dict(Organisation.objects.values_list("slug", "kind"))
    rows = []
    for kind, label in OrganisationKind.choices:
        having = [f for f in facts if any(kind_of[slug] == kind for slug in f.organisations)]
        bodies = {slug for f in having for slug in f.organisations if kind_of[slug] == kind}
        rows.append(
            [str(label), str(len(having)), share(len(having), len(facts)), str(len(bodies))]
        )
    return _by_count(rows)


def cities(facts: list[Facts], names: dict[str, str], limit: int = 20) -> list[list[str]]:
    today = dt.date.today()
    rows = []
    for slug in sorted({slug for fact in facts for slug in fact.cities}):
        shared = [fact for fact in facts if slug in fact.cities]
        others = {other for fact in shared for other in fact.cities} - {slug}
        bodies = {body for fact in shared for body in fact.organisations}
        networks = {
            membership.network_id
            for membership in Membership.objects.filter(city__slug=slug)
            if (membership.start is None or membership.start <= today)
            and (membership.end is None or membership.end >= today)
        }
        connections = len(others) + len(bodies)
        if connections:
            rows.append(
                (
                    (-connections, -len(shared), slug),
                    [
                        names[slug],
                        str(connections),
                        str(len(others)),
                        str(len(bodies)),
                        str(len(shared)),
                        str(len(networks)),
                    ],
                )
            )
    return [row for _, row in sorted(rows)[:limit]]


def needs(facts: list[Facts], chosen: Callable[[CityNeed], bool] = lambda need: True) -> list:
    """Rows of the needs' table, for the needs ``chosen`` keeps."""
    cities_by_topic: dict[str, set[int]] = defaultdict(set)
    names = {}
    for need in CityNeed.objects.select_related("topic", "city__country"):
        if chosen(need):
            cities_by_topic[need.topic.slug].add(need.city_id)
            names[need.topic.slug] = need.topic.name
    rows = []
    for slug, needing in cities_by_topic.items():
        on_topic = [fact for fact in facts if slug in fact.topics]
        events = sum(1 for fact in on_topic if fact.kind == "event")
        resources = sum(1 for fact in on_topic if fact.kind == "resource")
        offers = sum(1 for fact in on_topic if fact.pledge_type == "offer")
        experience = [
            row
            for row in Experience.objects.filter(topic__slug=slug)
            if row.hosted + row.spoke + row.published + row.pledged + row.signed > 0
        ]
        experienced_cities = len({row.city_id for row in experience if row.city_id})
        experienced_bodies = len({row.organisation_id for row in experience if row.organisation_id})
        unmet = not (events + resources + offers + experienced_cities + experienced_bodies)
        rows.append(
            (
                (not unmet, -len(needing), names[slug].casefold()),
                [
                    names[slug],
                    str(len(needing)),
                    str(events),
                    str(resources),
                    str(offers),
                    str(experienced_cities),
                    str(experienced_bodies),
                    "None yet" if unmet else "Yes",
                ],
            )
        )
    return [row for _, row in sorted(rows)]
