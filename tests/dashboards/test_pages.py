"""The dashboards page and its CSV files: connections on a network small enough to count
by hand, chips, charts, hostile input, SQL queries at two sizes and page weight."""

import datetime as dt
import gzip

import pytest
from django.utils import timezone

from crossroads.content.models import ItemActor, Status
from crossroads.search.bitmaps import current_index
from tests.dashboards.pages import csv_lines, tables
from tests.dashboards.world import build_world
from tests.factories import (
    CityFactory,
    CountryFactory,
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    StoryFactory,
    TopicFactory,
)
from tests.test_page_weight import BUDGET, transferred_size

pytestmark = pytest.mark.django_db

SECTIONS = ["years", "regions", "topics", "frameworks", "organisation-kinds", "cities", "needs"]


def story(*, cities=(), organisations=(), status=Status.PUBLISHED, **fields):
    made = StoryFactory(status=status, **fields)
    made.cities.set(cities)
    for organisation in organisations:
        ItemActor.objects.create(item=made, organisation=organisation, role="partner")
    return made


def test_connections_count_each_other_city_and_organisation_once(client):
    kenya = CountryFactory(code="KE", name="Kenya", region="east_africa")
    kisumu, kakuma, lodwar, arua = (
        CityFactory(name=name, slug=name.lower(), country=kenya)
        for name in ("Kisumu", "Kakuma", "Lodwar", "Arua")
    )
    unhcr, nrc = OrganisationFactory(slug="unhcr"), OrganisationFactory(slug="nrc")
    story(cities=[kisumu, kakuma], organisations=[unhcr])
    story(cities=[kisumu, kakuma], organisations=[unhcr])  # the same connections again
    event = EventFactory(city=kisumu)  # a city by its venue
    ItemActor.objects.create(item=event, organisation=nrc, role="organiser")
    ItemActor.objects.create(item=event, organisation=nrc, role="funder")
    story(cities=[lodwar])  # alone: no connection
    story(cities=[kisumu, arua], organisations=[nrc], status=Status.DRAFT)
    story(cities=[arua], organisations=[unhcr], published_at=timezone.now() + dt.timedelta(days=3))
    network = MembershipFactory(city=kisumu).network
    MembershipFactory(city=kakuma, network=network)
    MembershipFactory(city=kisumu, end=dt.date(2020, 1, 1))  # ended

    connected = tables(client.get("/dashboards/"))["cities"]
    assert connected[1:] == [
        # City, connections, other cities, organisations, items, networks
        ["Kisumu", "3", "1", "2", "3", "1"],
        ["Kakuma", "2", "1", "1", "2", "1"],
    ]
    assert tables(client.get("/dashboards/?kind=story"))["cities"][1:] == [
        ["Kakuma", "2", "1", "1", "2", "1"],
        ["Kisumu", "2", "1", "1", "2", "1"],
    ]
    assert "cities" not in tables(client.get("/dashboards/?city=lodwar"))


def test_chosen_criteria_show_as_chips_that_remove_them(client):
    TopicFactory(name="Housing", slug="housing")
    response = client.get("/dashboards/?region=sahel&topic=housing&q=water")
    page = response.content.decode()
    assert 'href="?topic=housing&amp;region=sahel" title="Remove">Words: “water”' in page
    assert 'href="?q=water&amp;topic=housing" title="Remove">Region: Sahel' in page
    assert 'href="?q=water&amp;region=sahel" title="Remove">Topic: Housing' in page
    assert 'name="region" value="sahel"' in page  # the words' form keeps the other criteria
    assert 'href="/search/?q=water&amp;topic=housing&amp;region=sahel"' in page
    assert 'href="/dashboards/topics.csv?q=water&amp;topic=housing&amp;region=sahel"' in page


def test_rows_narrow_the_dashboard_to_their_value(client):
    kenya = CountryFactory(code="KE", name="Kenya", region="east_africa")
    story(cities=[CityFactory(slug="kisumu", country=kenya, region="sahel")]).topics.set(
        [TopicFactory(name="Health", slug="health")]
    )
    page = client.get("/dashboards/?region=east_africa").content.decode()
    assert '<a href="?region=sahel">Sahel</a>' in page
    assert '<a href="?region=east_africa&amp;topic=health">Health</a>' in page


def test_charts_are_hidden_from_screen_readers_and_escape_names(client):
    topic = TopicFactory(name="<b>Housing</b> & land", slug="housing")
    story().topics.set([topic])
    page = client.get("/dashboards/").content.decode()
    # Years, regions, topics, kinds of organisation; no framework, need or connection.
    assert page.count('<svg class="chart"') == 4
    assert page.count('aria-hidden="true" focusable="false"') == 4
    assert "<b>Housing" not in page
    assert "&lt;b&gt;Housing&lt;/b&gt; &amp; land" in page


def test_an_empty_site_has_a_dashboard(client):
    response = client.get("/dashboards/")
    assert "0 published items counted." in response.content.decode()
    assert "No published item matches these criteria." in response.content.decode()
    assert "Nothing to count yet." in response.content.decode()  # no framework
    assert csv_lines(client.get("/dashboards/cities.csv")) == [
        ["City", "Connections", "Other cities", "Organisations", "Items", "Networks it belongs to"]
    ]


def test_csv_cells_cannot_run_in_a_spreadsheet(client):
    topic = TopicFactory(name="=HYPERLINK(1)", slug="formula")
    story().topics.set([topic])
    lines = csv_lines(client.get("/dashboards/topics.csv"))
    assert ["'=HYPERLINK(1)", "1", "100%"] in lines


HOSTILE = [
    "q=" + "a" * 10_000,
    "region=" + "x" * 10_000,
    "topic=" + "é" * 5_000 + "&topic=%00%01",
    "year=abc&year=99999999999999999999&year=-1",
    "from=notadate&to=2020-13-45",
    "from=2030-01-01&to=2000-01-01",
    "kind=event&kind=event&kind=%F0%9F%92%A5",
    "when=later&sort=weird&role=king&page=-1",
    "q=%22unbalanced&q=second",
    "q=*&city=../../etc/passwd",
    "q=-&organisation=" + "&organisation=".join(f"o{n}" for n in range(200)),
    "topic[]=x&region[0]=y&%ZZ=1",
    "when=upcoming&role=host",
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_criteria_are_ignored(client, query):
    build_world(seed=5, size=2)
    assert client.get(f"/dashboards/?{query}").status_code == 200
    for section in ("cities", "needs"):
        assert client.get(f"/dashboards/{section}.csv?{query}").status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/dashboards/unknown.csv", "/dashboards/years.json", "/dashboards/" + "x" * 300 + ".csv"],
    ids=["unknown", "json", "long"],
)
def test_an_unknown_section_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_only_get_is_answered(client):
    assert client.post("/dashboards/").status_code == 405
    assert client.post("/dashboards/years.csv").status_code == 405


#: The page: the index's state before each tally, names, topics, frameworks, organisations,
#: memberships, needs and experience (16 at both sizes); a CSV file: its section's.
PAGE_QUERIES = 18
CSV_QUERIES = 8


@pytest.mark.parametrize("size", [3, 30])
def test_a_bounded_number_of_queries_at_two_sizes(client, django_assert_max_num_queries, size):
    build_world(seed=7, size=size)
    current_index()  # loading the index is counted by the search's own tests
    query = "region=east_africa&topic=health&organisation=body-1"
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert client.get("/dashboards/").status_code == 200
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert client.get(f"/dashboards/?{query}").status_code == 200
    for section in SECTIONS:
        with django_assert_max_num_queries(CSV_QUERIES):
            assert client.get(f"/dashboards/{section}.csv?{query}").status_code == 200


def test_the_page_is_light(client):
    build_world(seed=11, size=30)
    for url in ("/dashboards/", "/dashboards/?region=east_africa"):
        size = transferred_size(client, url, {})
        assert size < BUDGET, f"{url}: {size} bytes"
    assert len(gzip.compress(client.get("/dashboards/").content)) > 3_000  # it was measured
