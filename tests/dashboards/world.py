"""A small network for the dashboard tests, random but reproducible from its seed: cities
in regions (a city's region may differ from its country's, or be empty), organisations of
several kinds, items of every kind with topics, frameworks, places and organisations in
several roles, events over New Year, items that are not public (drafts, in review,
archived, scheduled), networks with past and current members, the needs cities stated
and the experience of cities and organisations. Everything made is indexed at the end.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from crossroads.content.models import ActorRole, Item, Status
from crossroads.directory.models import City, Country, Organisation
from crossroads.matching.models import CityNeed, Experience
from crossroads.search.services import deferred_indexing
from crossroads.taxonomy.models import Framework, Topic
from tests.factories import (
    CampaignFactory,
    CityFactory,
    CountryFactory,
    EventFactory,
    FrameworkFactory,
    ItemActorFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PledgeFactory,
    ResourceFactory,
    StoryFactory,
    TopicFactory,
)

#: (code, name, region); Senegal has no region yet.
COUNTRIES = [
    ("KE", "Kenya", "east_africa"),
    ("ET", "Ethiopia", "horn_of_africa"),
    ("TN", "Tunisia", "north_africa"),
    ("SN", "Senegal", ""),
    ("FR", "France", "europe"),
]
#: City regions drawn per city: its country's, another, or none.
CITY_REGIONS = [
    "east_africa",
    "horn_of_africa",
    "sahel",
    "north_africa",
    "",
    "mediterranean_europe",
]
TOPICS = [
    ("Housing", "housing"),
    ("Health", "health"),
    ("Education", "education"),
    ("Jobs", "jobs"),
    ("Climate mobility", "climate-mobility"),
    ("Data", "data"),
]
#: A topic only cities need: nothing is ever published on it.
UNMET = ("Water", "water")
FRAMEWORKS = [("GCM", "GCM"), ("GCR", "GCR"), ("SDG", "SDGs")]
ORGANISATION_KINDS = [
    "un_agency",
    "un_agency",
    "ngo",
    "ngo",
    "local_government",
    "refugee_led",
    "academia",
    "donor",
]
KINDS = ["event", "story", "resource", "campaign", "pledge"]
#: Statuses of the items that are not public; "scheduled" is published with a date to come.
HIDDEN = [Status.DRAFT, Status.REVIEW, Status.ARCHIVED, "scheduled"]
#: A word some titles hold, for the searches by words.
WORD = "marketplace"


@dataclass
class World:
    countries: list[Country]
    cities: list[City]
    organisations: list[Organisation]
    topics: list[Topic]
    frameworks: list[Framework]
    items: list[Item]


def build_world(*, seed: int, size: int) -> World:
    """``size`` published items of each kind, a few hidden ones, ``size`` cities or more."""
    rng = random.Random(seed)
    countries = [CountryFactory(code=c, name=n, region=r) for c, n, r in COUNTRIES]
    cities = [
        CityFactory(
            name=f"Town {n:02d}",
            slug=f"town-{n:02d}",
            country=countries[n % len(countries)],
            region=rng.choice(CITY_REGIONS),
        )
        for n in range(max(size, 4))
    ]
    organisations = [
        OrganisationFactory(name=f"Body {n}", slug=f"body-{n}", kind=kind)
        for n, kind in enumerate(ORGANISATION_KINDS)
    ]
    topics = [TopicFactory(name=name, slug=slug) for name, slug in TOPICS]
    unmet = TopicFactory(name=UNMET[0], slug=UNMET[1])
    frameworks = [FrameworkFactory(code=code, short_name=short) for code, short in FRAMEWORKS]
    world = World(countries, cities, organisations, topics, frameworks, [])
    with deferred_indexing():
        for number in range(size * len(KINDS)):
            world.items.append(_item(world, rng, number, KINDS[number % len(KINDS)], "published"))
        for number, status in enumerate(HIDDEN * 2):
            world.items.append(_item(world, rng, 1000 + number, KINDS[number % 5], status))
    _networks(world, rng)
    _needs(world, rng, unmet)
    return world


def _item(world: World, rng: random.Random, number: int, kind: str, status: str) -> Item:
    published_at = dt.datetime(
        rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28), 12, tzinfo=dt.UTC
    )
    if status == "scheduled":
        status, published_at = Status.PUBLISHED, dt.datetime(2999, 1, 1, tzinfo=dt.UTC)
    elif status == Status.DRAFT:
        published_at = None
    values = {
        "title": f"Item {number}" + (f" at the {WORD}" if rng.random() < 0.3 else ""),
        "slug": f"item-{number}",
        "status": status,
        "published_at": published_at,
    }
    if kind == "event":
        start = dt.date(rng.randint(2018, 2026), rng.randint(1, 12), rng.randint(1, 28))
        if rng.random() < 0.2:
            start = dt.date(start.year, 12, 30)  # over New Year: in two years
        item = EventFactory(
            **values,
            start_date=start,
            end_date=start + dt.timedelta(days=rng.choice([0, 1, 4])),
            city=rng.choice([None, *world.cities]),
        )
    elif kind == "story":
        item = StoryFactory(**values)
    elif kind == "resource":
        item = ResourceFactory(**values)
    elif kind == "campaign":
        item = CampaignFactory(**values)
    else:
        item = PledgeFactory(**values, pledge_type=rng.choice(["commitment", "offer", "need"]))
    item.topics.set(rng.sample(world.topics, rng.choice([0, 1, 1, 2])))
    item.frameworks.set(rng.sample(world.frameworks, rng.choice([0, 1, 2])))
    item.cities.set(rng.sample(world.cities, rng.choice([0, 1, 2, 3])))
    item.countries.set(rng.sample(world.countries, rng.choice([0, 0, 1])))
    roles = [rng.choice(ActorRole.values) for _ in range(3)]
    chosen = rng.sample(world.organisations, rng.choice([0, 1, 2, 3]))
    for order, (organisation, role) in enumerate(zip(chosen, roles, strict=False)):
        ItemActorFactory(item=item, organisation=organisation, role=role, order=order)
    if chosen and rng.random() < 0.3:  # the same organisation in a second role
        second = next(other for other in ActorRole.values if other != roles[0])
        ItemActorFactory(item=item, organisation=chosen[0], role=second, order=9)
    return item


def _networks(world: World, rng: random.Random) -> None:
    today = dt.date.today()
    for n in range(2):
        network = NetworkFactory(name=f"Network {n}", slug=f"network-{n}")
        for city in rng.sample(world.cities, len(world.cities) // 2):
            MembershipFactory(network=network, city=city)
        MembershipFactory(network=network, city=None, organisation=world.organisations[n])
    former = world.cities[0]
    MembershipFactory(
        network=NetworkFactory(name="Former", slug="former"),
        city=former,
        start=today - dt.timedelta(days=800),
        end=today - dt.timedelta(days=400),
    )
    MembershipFactory(
        network=NetworkFactory(name="Future", slug="future"),
        city=former,
        start=today + dt.timedelta(days=30),
    )


def _needs(world: World, rng: random.Random, unmet: Topic) -> None:
    CityNeed.objects.create(city=world.cities[1], topic=unmet, source="survey", year=2023)
    for city in world.cities:
        for topic in rng.sample(world.topics, rng.choice([0, 1, 2])):
            for source in rng.sample(["editor", "survey", "pledge"], rng.choice([1, 2])):
                CityNeed.objects.create(city=city, topic=topic, source=source, year=2024)
    for topic in world.topics[:4]:
        for city in rng.sample(world.cities, 2):
            Experience.objects.create(
                city=city, topic=topic, hosted=1, hosted_since=2020, latest_year=2024, score=1.0
            )
        Experience.objects.create(
            organisation=rng.choice(world.organisations),
            topic=topic,
            published=2,
            published_since=2021,
            latest_year=2023,
            score=2.0,
        )
    # A row whose counters are all zero is no experience.
    Experience.objects.create(
        organisation=world.organisations[-1], topic=world.topics[5], latest_year=2024, score=0.0
    )
