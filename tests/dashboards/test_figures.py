"""Every figure of the dashboards equals a count made again from the ORM, item by item
(``expected``), for the whole network and narrowed by criteria; CSV files hold the tables."""

import pytest

from crossroads.content.models import Item, Status
from crossroads.dashboards import queries
from crossroads.directory.models import City
from tests.dashboards import expected
from tests.dashboards.pages import csv_lines, tables
from tests.dashboards.world import WORD
from tests.factories import StoryFactory, TopicFactory

pytestmark = pytest.mark.django_db

SECTIONS = ["years", "regions", "topics", "frameworks", "organisation-kinds", "cities", "needs"]
KINDS = list(expected.KIND_COLUMNS)


def headers(kinds=KINDS) -> dict[str, list[str]]:
    return {
        "years": ["Year", *(expected.KIND_COLUMNS[kind] for kind in kinds), "All items"],
        "regions": ["Region", "Items", "Share of the items"],
        "topics": ["Topic", "Items", "Share of the items"],
        "frameworks": ["Framework", "Items", "Share of the items"],
        "organisation-kinds": [
            "Kind of organisation",
            "Items",
            "Share of the items",
            "Organisations",
        ],
        "cities": [
            "City",
            "Connections",
            "Other cities",
            "Organisations",
            "Items",
            "Networks it belongs to",
        ],
        "needs": [
            "Topic needed",
            "Cities in need",
            "Events",
            "Resources",
            "Offers of support",
            "Cities with experience",
            "Organisations with experience",
            "Practice or experience",
        ],
    }


def figures(facts, *, kinds=KINDS, chosen_needs=lambda need: True) -> dict[str, list[list[str]]]:
    names = dict(City.objects.values_list("slug", "name"))
    rows = {
        "years": expected.years(facts, kinds),
        "regions": expected.regions(facts),
        "topics": expected.topics(facts),
        "frameworks": expected.frameworks(facts),
        "organisation-kinds": expected.organisation_kinds(facts),
        "cities": expected.cities(facts, names),
        "needs": expected.needs(facts, chosen_needs),
    }
    heads = headers(kinds)
    return {key: [heads[key], *lines] for key, lines in rows.items() if lines}


@pytest.mark.parametrize("pairs_at_once", [queries.PAIRS_AT_ONCE, 1], ids=["together", "one"])
def test_every_figure_equals_an_independent_count(client, world, monkeypatch, pairs_at_once):
    """Whether connections are paired many rows at once or one by one."""
    monkeypatch.setattr(queries, "PAIRS_AT_ONCE", pairs_at_once)
    facts = expected.public_facts()
    response = client.get("/dashboards/")
    assert len(facts) == 40
    assert f"{len(facts)} published items counted." in response.content.decode()
    assert tables(response) == figures(facts)


# Criteria, and the items and needs they keep, said again without the search engine.
NARROWED = [
    ("region=east_africa", lambda f: "east_africa" in f.regions, None),
    (
        "region=sahel&region=north_africa",
        lambda f: bool(f.regions & {"sahel", "north_africa"}),
        lambda n: bool({n.city.region, n.city.country.region} & {"sahel", "north_africa"}),
    ),
    (
        "topic=housing&kind=event&kind=resource",
        lambda f: "housing" in f.topics and f.kind in {"event", "resource"},
        None,
    ),
    (f"q={WORD}", lambda f: WORD in f.title, None),
    ("organisation=body-2", lambda f: "body-2" in f.organisations, None),
    ("year=2022", lambda f: 2022 in f.years, None),
    ("country=TN&framework=GCM", lambda f: "TN" in f.countries and "GCM" in f.frameworks, None),
    ("kind=pledge&type=offer", lambda f: f.pledge_type == "offer", None),
    ("city=town-01", lambda f: "town-01" in f.cities, None),
]
#: How the criteria choose needs: by their city's places and by topic.
NEEDS_CHOSEN = {
    "region=east_africa": lambda n: "east_africa" in {n.city.region, n.city.country.region},
    "topic=housing&kind=event&kind=resource": lambda n: n.topic.slug == "housing",
    "country=TN&framework=GCM": lambda n: n.city.country_id == "TN",
    "city=town-01": lambda n: n.city.slug == "town-01",
}


@pytest.mark.parametrize(
    ("query", "keeps", "needs_chosen"), NARROWED, ids=[q for q, *_ in NARROWED]
)
def test_criteria_narrow_every_figure(client, world, query, keeps, needs_chosen):
    facts = expected.public_facts()
    kept = [fact for fact in facts if keeps(fact)]
    assert 0 < len(kept) < len(facts)
    kinds = [kind for kind in KINDS if f"kind={kind}" in query] or KINDS
    chosen = needs_chosen or NEEDS_CHOSEN.get(query, lambda need: True)
    response = client.get(f"/dashboards/?{query}")
    assert f"{len(kept)} published item" in response.content.decode()
    assert tables(response) == figures(kept, kinds=kinds, chosen_needs=chosen)


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("query", ["", "region=east_africa&topic=health"])
def test_each_csv_file_holds_its_table(client, world, section, query):
    shown = tables(client.get(f"/dashboards/?{query}"))
    response = client.get(f"/dashboards/{section}.csv?{query}")
    assert response["Content-Disposition"] == f'attachment; filename="crossroads-{section}.csv"'
    assert csv_lines(response) == shown.get(section, [headers()[section]])


def test_items_that_are_not_public_are_never_counted(client, world):
    secret = TopicFactory(name="Secret", slug="secret")
    for status, published_at in [
        (Status.DRAFT, None),
        (Status.REVIEW, None),
        (Status.ARCHIVED, None),
        (Status.PUBLISHED, "2999-01-01T00:00:00Z"),
    ]:
        hidden = StoryFactory(status=status, published_at=published_at, title="Secret story")
        hidden.topics.set([secret])
    assert Item.objects.exclude(pk__in=Item.objects.published()).count() == 12
    response = client.get("/dashboards/")
    assert "40 published items counted." in response.content.decode()
    assert ["Secret", "0", "0%"] in tables(response)["topics"]
    assert tables(client.get("/dashboards/?q=secret")).get("years") is None


def test_a_need_with_nothing_behind_it_is_said_so(client, world):
    response = client.get("/dashboards/?topic=water")
    needs = tables(response)["needs"]
    assert [row[0] for row in needs[1:]] == ["Water"]
    assert needs[1][2:] == ["0", "0", "0", "0", "0", "None yet"]
    assert "Water — nothing behind it yet" in response.content.decode()
