"""Cities like yours and who can help, on profiles built for the purpose."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from crossroads.directory.models import City
from crossroads.matching import queries, scoring
from crossroads.matching.models import Experience
from crossroads.matching.services import rebuild_experience
from tests.factories import (
    CityFactory,
    EventFactory,
    ItemActorFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    ParticipantFactory,
    ResourceFactory,
    SessionFactory,
    TopicFactory,
)

from .conftest import day, host, moment, need

pytestmark = pytest.mark.django_db


def names(peers):
    return [match.city.name for match in peers]


@pytest.fixture
def housing():
    return TopicFactory(name="Housing", slug="housing")


@pytest.fixture
def water():
    return TopicFactory(name="Water", slug="water")


@pytest.fixture
def kisumu(kenya):
    return CityFactory(name="Kisumu", slug="kisumu", country=kenya, population=400_000)


# -- cities like yours --------------------------------------------------------------------
def test_peers_are_scored_by_what_they_share(kisumu, kenya, uganda, jordan, housing):
    lake = NetworkFactory(name="Lake network")
    MembershipFactory(network=lake, city=kisumu)
    host(kisumu, "refugees")
    host(kisumu, "internally_displaced")
    need(kisumu, housing)
    arua = CityFactory(name="Arua", country=uganda, population=80_000)
    host(arua, "refugees")
    nakuru = CityFactory(name="Nakuru", country=kenya, population=500_000)
    host(nakuru, "internally_displaced")
    need(nakuru, housing, source="survey")
    mafraq = CityFactory(name="Mafraq", country=jordan, region="middle_east", population=300_000)
    MembershipFactory(network=lake, city=mafraq)
    CityFactory(name="Lodwar", country=kenya, population=400_000)  # place alone: no peer
    left = CityFactory(name="Left the network", country=jordan, region="middle_east")
    MembershipFactory(network=lake, city=left, end=timezone.localdate() - dt.timedelta(days=1))

    peers = queries.peers_like(kisumu)

    assert [(match.city.name, match.score, match.explanation) for match in peers] == [
        (
            "Nakuru",
            2 + 1 + 2 + 3 + 2 + 1,
            "both host internally displaced people; a need in common: Housing; same country; "
            "same region (East Africa); same size (300,000 to 1 million people); "
            "both intermediary cities",
        ),
        (
            "Arua",
            2 + 3 + 1,
            "both host refugees; same region (East Africa); both intermediary cities",
        ),
        (
            "Mafraq",
            1 + 2 + 1,
            "a network in common: Lake network; same size (300,000 to 1 million people); "
            "both intermediary cities",
        ),
    ]


def test_ties_go_by_name_then_slug(kisumu, kenya):
    host(kisumu, "refugees")
    for name, slug in [
        ("Zeta", "zeta"),
        ("Gulu", "gulu-b"),
        ("Alpha", "alpha"),
        ("Gulu", "gulu-a"),
    ]:
        host(CityFactory(name=name, slug=slug, country=kenya, population=400_000), "refugees")

    peers = queries.peers_like(kisumu, limit=3)

    assert [(match.city.name, match.city.slug) for match in peers] == [
        ("Alpha", "alpha"),
        ("Gulu", "gulu-a"),
        ("Gulu", "gulu-b"),
    ]
    assert {match.score for match in peers} == {2 + 2 + 3 + 2 + 1}


def test_an_empty_profile_finds_no_peers(kisumu, kenya):
    neighbour = CityFactory(name="Neighbour", country=kenya, population=400_000)
    host(neighbour, "refugees")

    profile = queries.profile_of(kisumu)

    assert profile.is_empty
    assert queries.peers_like(kisumu, profile=profile) == []


def test_a_profile_shared_by_nobody_finds_no_peers(kisumu, housing):
    need(kisumu, housing)

    assert not queries.profile_of(kisumu).is_empty
    assert queries.peers_like(kisumu) == []


def test_peers_queries_are_fixed(kisumu, kenya, housing, django_assert_num_queries):
    network = NetworkFactory()
    MembershipFactory(network=network, city=kisumu)
    host(kisumu, "refugees")
    need(kisumu, housing)
    for _ in range(8):
        other = CityFactory(country=kenya)
        host(other, "refugees")
        need(other, housing)
        MembershipFactory(network=network, city=other)
    profile = queries.profile_of(kisumu)

    with django_assert_num_queries(5):
        peers = queries.peers_like(kisumu, profile=profile)

    assert len(peers) == 5


def test_the_profile_holds_figures_networks_needs_and_experience(kisumu, housing, water):
    host(kisumu, "refugees", people=None, year=2023, source="County survey")
    host(kisumu, "refugees", people=52_000, year=2024)
    host(kisumu, "labour_migrants", people=9_000, year=2022)
    MembershipFactory(network=NetworkFactory(name="Lake network"), city=kisumu)
    need(kisumu, water, source="survey", year=2024, note="Survey 2024: Water")
    need(kisumu, housing)
    held = EventFactory(city=kisumu, start_date=day(2023), end_date=day(2023))
    held.topics.set([housing])
    rebuild_experience()

    profile = queries.profile_of(kisumu)

    assert str(profile.size) == "300,000 to 1 million people"
    assert [(f.group, f.people, f.year) for f in profile.figures] == [
        ("labour_migrants", 9_000, 2022),
        ("refugees", 52_000, 2024),
        ("refugees", None, 2023),
    ]
    assert profile.group_labels == ["Refugees", "Labour migrants"]
    assert [m.network.name for m in profile.memberships] == ["Lake network"]
    assert [(n.topic.name, n.source) for n in profile.needs] == [
        ("Housing", "editor"),
        ("Water", "survey"),
    ]
    assert [(line.topic.name, [str(c) for c in line.clauses]) for line in profile.experience] == [
        ("Housing", ["hosted 1 event on Housing in 2023"])
    ]


# -- who can help -------------------------------------------------------------------------
def hosted(organisation, topics, year, *, role="organiser"):
    event = EventFactory(city=None, start_date=day(year), end_date=day(year))
    event.topics.set(topics)
    ItemActorFactory(item=event, organisation=organisation, role=role)
    return event


def test_helpers_rank_by_depth_and_recency(housing):
    deep, recent, old = (OrganisationFactory(name=n) for n in ("Deep", "Recent", "Old"))
    hosted(deep, [housing], 2025)
    session = SessionFactory(event=EventFactory(city=None, start_date=day(2025)))
    session.event.topics.set([housing])
    ParticipantFactory(session=session, organisation=recent)
    for year in (2010, 2011, 2012):
        hosted(old, [housing], year)
    rebuild_experience()

    helpers = queries.helpers_for([housing])

    assert [(h.actor.name, h.score, h.explanation) for h in helpers] == [
        ("Deep", 3.0, "hosted 1 event on Housing in 2025"),
        ("Recent", 2.0, "spoke at 1 event on Housing in 2025"),
        (
            "Old",
            sum(scoring.activity_points("hosted", year) for year in (2010, 2011, 2012)),
            "hosted 3 events on Housing since 2010",
        ),
    ]


def test_helpers_add_up_the_topics_asked_and_explain_with_the_counts(housing, water, kenya):
    both, one = OrganisationFactory(name="Both"), OrganisationFactory(name="One")
    hosted(both, [housing, water], 2025)
    hosted(both, [water], 2022)
    for year in (2025, 2024):
        hosted(one, [housing], year)
    city = CityFactory(name="Kisumu", country=kenya)
    report = ResourceFactory(published_at=moment(2025))
    report.topics.set([water])
    ItemActorFactory(item=report, organisation=OrganisationFactory(kind="local_government"))
    city.local_government = report.actors.get().organisation
    city.save()
    rebuild_experience()

    helpers = queries.helpers_for([housing, water])

    assert [(h.actor.name, h.kind, h.explanation) for h in helpers] == [
        (
            "Both",
            "organisation",
            "hosted 2 events on Water since 2022; hosted 1 event on Housing in 2025",
        ),
        ("One", "organisation", "hosted 2 events on Housing since 2024"),
        ("Kisumu", "city", "published 1 resource or story on Water in 2025"),
    ]
    assert helpers[0].score == 3 + 3 + 1.5
    assert helpers[0].points == scoring.points_now(7.5)


def test_helper_ties_go_by_name_and_exclusions_leave_room(housing, kenya):
    for name in ("Delta", "Alpha", "Charlie", "Bravo"):
        hosted(OrganisationFactory(name=name), [housing], 2024)
    city = CityFactory(name="Alpha", slug="alpha", country=kenya)
    held = EventFactory(city=city, start_date=day(2024), end_date=day(2024))
    held.topics.set([housing])
    rebuild_experience()

    assert [h.actor.name for h in queries.helpers_for([housing], limit=2)] == ["Alpha", "Alpha"]
    assert [h.kind for h in queries.helpers_for([housing], limit=2)] == ["city", "organisation"]
    assert [h.actor.name for h in queries.helpers_for([housing], limit=2, exclude=[city])] == [
        "Alpha",
        "Bravo",
    ]
    assert queries.helpers_for([], limit=2) == []
    assert queries.helpers_for([TopicFactory()], limit=2) == []


def test_helpers_queries_are_fixed(housing, django_assert_max_num_queries):
    for number in range(12):
        hosted(OrganisationFactory(), [housing], 2020 + number % 3)
    rebuild_experience()

    with django_assert_max_num_queries(5):
        helpers = queries.helpers_for([housing], limit=5)

    assert len(helpers) == 5


# -- finding a city by what a person types ------------------------------------------------
def test_a_city_is_found_by_slug_name_or_alias(kisumu, kenya):
    kisumu.aliases.create(name="كيسومو", language="ar")
    CityFactory(name="Kisii", slug="kisii", country=kenya)
    gulus = [CityFactory(name="Gulu", slug=f"gulu-{n}", country=kenya) for n in (2, 1)]

    assert queries.find_city("kisumu") == (kisumu, [])
    assert queries.find_city("  KISUMU ") == (kisumu, [])
    assert queries.find_city("كيسومو") == (kisumu, [])
    assert queries.find_city("gulu") == (None, [gulus[1], gulus[0]])
    assert queries.find_city("Kis") == (
        None,
        [CityFactory._meta.model.objects.get(slug="kisii"), kisumu],
    )
    assert queries.find_city("Atlantis") == (None, [])
    assert queries.find_city("") == (None, [])


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("head", [2, 5, 50])
def test_helpers_read_head_first_and_find_the_same_as_adding_everything(
    monkeypatch, housing, water, seed, head
):
    """Reading each topic's best rows first gives the ranking adding up every row gives,
    ties included (scores drawn from few values, so that many tie)."""
    rng = random.Random(seed)
    health = TopicFactory(name="Health", slug="health")
    topics = [housing, water, health]
    actors = [OrganisationFactory(name=f"Org {n % 7}") for n in range(25)]
    actors += [CityFactory(name=f"City {n % 5}") for n in range(15)]
    totals = {}
    for actor in actors:
        for topic in rng.sample(topics, rng.randint(1, 3)):
            score = rng.choice((0.5, 1.0, 1.5, 3.0, 6.0))
            kind = "city" if isinstance(actor, City) else "organisation"
            Experience.objects.create(
                **{kind: actor},
                topic=topic,
                hosted=1,
                hosted_since=2024,
                latest_year=2024,
                score=score,
            )
            if topic in (housing, water):
                totals[actor] = totals.get(actor, 0) + score
    monkeypatch.setattr(queries, "HEAD", head)
    expected = sorted(totals, key=lambda a: (-totals[a], a.name, a.slug, type(a) is not City))

    for limit in (1, 4, 10):
        found = queries.helpers_for([housing, water], limit=limit, exclude=[actors[0]])
        wanted = [actor for actor in expected if actor != actors[0]][:limit]
        assert [(h.actor, h.score) for h in found] == [(a, totals[a]) for a in wanted]
