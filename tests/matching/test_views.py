"""/peers/ and the profile on a city's page: what they show, hostile input, query counts
at two sizes, and weight."""

import pytest

from crossroads.matching.services import rebuild_experience
from crossroads.taxonomy.models import Topic
from tests.content.pages import html, section
from tests.factories import (
    CityFactory,
    EventFactory,
    ItemActorFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    TopicFactory,
)
from tests.test_page_weight import BUDGET, transferred_size

from .conftest import day, host, need

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing():
    return TopicFactory(name="Housing", slug="housing")


@pytest.fixture
def kisumu(kenya):
    return CityFactory(name="Kisumu", slug="kisumu", country=kenya, population=400_000)


def build(size, kenya, housing):
    """Kisumu with ``size`` peers, helpers, figures, needs and topics of experience."""
    kisumu = CityFactory(name="Kisumu", slug="kisumu", country=kenya, population=400_000)
    network = NetworkFactory(name="Lake network")
    MembershipFactory(network=network, city=kisumu)
    host(kisumu, "refugees", people=52_000, year=2024)
    need(kisumu, housing, note="Affordable rental housing.")
    for number in range(size):
        topic = TopicFactory()
        need(kisumu, topic, source="survey")
        other = CityFactory(name=f"Peer {number}", slug=f"peer-{number}", country=kenya)
        host(other, "refugees")
        need(other, housing)
        MembershipFactory(network=network, city=other)
        helper = OrganisationFactory(name=f"Helper {number}")
        for year, city in ((2020 + number % 5, kisumu), (2024, other)):
            event = EventFactory(city=city, start_date=day(year), end_date=day(year))
            event.topics.set([housing, topic])
            ItemActorFactory(item=event, organisation=helper, role="organiser")
    rebuild_experience()
    return kisumu


# -- /peers/ ------------------------------------------------------------------------------
def test_the_empty_form(client, housing):
    page = html(client.get("/peers/"))

    assert '<input id="peers-city" name="city" value="" maxlength="140" autocomplete="off">' in page
    assert '<input type="checkbox" name="topic" value="housing"> Housing' in page
    assert "<h2>Cities like" not in page
    assert "How the ranking works" in page


def test_cities_like_a_city_and_who_can_help(client, kenya, housing):
    build(3, kenya, housing)

    response = client.get("/peers/", {"city": "Kisumu", "topic": ["housing", "nope"]})

    peers = section(response, "Cities like Kisumu")
    assert peers.count("<li>") == 3
    assert (
        '<a href="/cities/peer-0/">Peer 0</a> <span class="note">Kenya</span> '
        '<p class="why">Both host refugees; a need in common: Housing; a network in common: '
        "Lake network; same country; same region (East Africa); same size (300,000 to 1 "
        'million people); both intermediary cities <span class="note">(12 points)</span>'
    ) in peers
    helpers = section(response, "Who can help with Housing")
    assert helpers.count("<li>") == 6  # three organisations, the three peers
    assert '<input type="checkbox" name="topic" value="housing" checked>' in html(response)
    assert "Helper 0" in helpers and "Kisumu</a>" not in helpers


def test_a_name_that_matches_several_cities_offers_them(client, kenya, uganda):
    CityFactory(name="Gulu", slug="gulu-ke", country=kenya)
    CityFactory(name="Gulu", slug="gulu-ug", country=uganda)

    page = section(client.get("/peers/", {"city": "gulu", "topic": "housing"}), "Which city?")

    assert '<a href="?city=gulu-ke">Gulu</a> <span class="note">Kenya</span>' in page
    assert '<a href="?city=gulu-ug">Gulu</a> <span class="note">Uganda</span>' in page


def test_an_unknown_city_is_said_so(client):
    page = html(client.get("/peers/", {"city": "Atlantis"}))

    assert "We know no city called “Atlantis”." in page


def test_an_empty_profile_says_so(client, kisumu):
    page = section(client.get("/peers/", {"city": "kisumu"}), "Cities like Kisumu")

    assert "There is not enough in this city's profile yet to find cities like it" in page


HOSTILE = [
    {"city": "x" * 10_000},
    {"city": "nul\x00byte"},
    {"city": "<script>alert(1)</script>"},
    {"city": "' OR 1=1 --"},
    {"city": "%_\\"},
    {"topic": "x" * 10_000},
    {"topic": ["housing"] * 500 + ["nul\x00"]},
    {"topic": "<b>", "city": "", "page": "-1"},
    {"city[]": "kisumu", "topic[]": "housing"},
    {"unknown": "1"},
]


@pytest.mark.parametrize("params", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_is_ignored(client, kisumu, housing, params):
    response = client.get("/peers/", params)

    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_peers_page_queries_are_bounded(
    client, kenya, housing, size, django_assert_max_num_queries
):
    build(size, kenya, housing)
    topics = list(Topic.objects.values_list("slug", flat=True))

    # Up to five topics are read best first, one query each (queries.HEAD_TOPICS).
    with django_assert_max_num_queries(23):
        response = client.get("/peers/", {"city": "kisumu", "topic": topics})

    assert section(response, "Cities like Kisumu").count("<li>") == min(size, 10)


def test_the_peers_page_is_light(client, kenya, housing):
    build(30, kenya, housing)
    for number in range(40):
        TopicFactory(name=f"A longer topic name number {number}")
    url = "/peers/?city=kisumu&" + "&".join(f"topic=topic-{n}" for n in range(10))

    assert transferred_size(client, url, {}) < BUDGET


# -- the city's page ----------------------------------------------------------------------
def test_the_city_page_shows_the_profile_peers_and_helpers(client, kenya, housing):
    build(3, kenya, housing)

    response = client.get("/cities/kisumu/")

    page = html(response)
    assert "<dt>Size</dt><dd>300,000 to 1 million people</dd>" in page
    assert (
        '<li>Refugees: 52,000 <span class="note">(2024, Illustrative figure for the demo)</span>'
    ) in page
    needs = section(response, "Needs")
    assert (
        '<li><a href="/topics/housing/">Housing</a> <span class="note">(Editors, 2024)</span>'
        "<br><small>Affordable rental housing.</small></li>"
    ) in needs
    assert needs.count("(Survey answers, 2024)") == 3
    experience = section(response, "Experience by topic")
    assert (
        '<li><a href="/topics/housing/">Housing</a>: hosted 3 events on Housing since 2020 '
    ) in experience
    assert section(response, "Cities like this one").count("<li>") == 3
    assert section(response, "Who can help with its needs").count("<li>") == 5
    assert '<a href="/peers/?city=kisumu">' in page


def test_an_empty_city_page_says_what_is_missing(client, kisumu):
    response = client.get("/cities/kisumu/")

    assert "Nothing recorded yet." in section(response, "Who it hosts")
    assert "There is not enough in this city's profile yet" in section(
        response, "Cities like this one"
    )
    assert "Who can help with its needs" not in html(response)


@pytest.mark.parametrize(
    "path", ["/cities/atlantis/", "/cities/x%00y/", "/cities/" + "x" * 300 + "/"]
)
def test_unknown_cities_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_the_city_page_ignores_query_parameters(client, kisumu):
    response = client.get("/cities/kisumu/", {"city": "x" * 10_000, "topic": "\x00"})

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_city_page_queries_are_bounded(client, kenya, housing, size, django_assert_max_num_queries):
    city = build(size, kenya, housing)

    with django_assert_max_num_queries(27):
        response = client.get(city.get_absolute_url())

    assert section(response, "Cities like this one").count("<li>") == min(size, 5)
