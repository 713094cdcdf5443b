"""The map's pages read a fixed number of queries whatever the size of the network, and
draw at most ``EVENT_LIMIT`` events one by one, saying how many more match."""

import json

import pytest

from crossroads.maps.queries import EVENT_LIMIT
from crossroads.search.bitmaps import current_index
from tests.factories import CampaignFactory, CityFactory, CountryFactory, EventFactory, StoryFactory
from tests.maps.network import sign

pytestmark = pytest.mark.django_db


def build_cities(size: int) -> None:
    """``size`` Kenyan cities, each with an event, a story and a signature of one campaign."""
    kenya = CountryFactory(code="KE", name="Kenya", region="east_africa")
    campaign = CampaignFactory(title="Statement")
    campaign.countries.add(kenya)
    for number in range(size):
        city = CityFactory(name=f"Town {number:02}", slug=f"town-{number:02}", country=kenya)
        EventFactory(title=f"Meeting {number:02}", city=city)
        StoryFactory(title=f"News {number:02}").cities.add(city)
        sign(campaign, city, "confirmed")


#: Either page: the search for the criteria (the index's version, the ids in order, one
#: card and its organisations, the names of the chosen values: 5), the counts of the
#: cities (version, their names: 2), the events (the same as the search: 5), their cities
#: (1), the campaigns among the matches (version: 1), their signatures (1) and the places
#: of every city drawn (1). The page's facet counts are counted in memory.
MAP_QUERIES = 16


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("url", ["/map/", "/map/data.geojson"])
def test_queries_are_bounded(client, django_assert_max_num_queries, size, url):
    build_cities(size)
    current_index()

    with django_assert_max_num_queries(MAP_QUERIES):
        response = client.get(url, {"kind": ["event", "story", "campaign"], "country": "KE"})

    assert response.status_code == 200
    if url == "/map/":  # each signatory links to its city's page
        assert response.content.decode().count('<a href="/cities/town-') == size
    else:  # a marker of each city and signatory, and of each city's event, up to the limit
        features = json.loads(response.content)["features"]
        assert len(features) == 2 * size + min(size, EVENT_LIMIT)


@pytest.mark.parametrize("size", [3, 30])
def test_every_city_and_signatory_is_drawn_and_events_up_to_the_limit(client, size):
    build_cities(size)

    found = json.loads(client.get("/map/data.geojson").content)

    by_layer = {"cities": [], "events": [], "signatories": []}
    for feature in found["features"]:
        by_layer[feature["properties"]["layer"]].append(feature["properties"])
    assert len(by_layer["cities"]) == size
    assert {city["count"] for city in by_layer["cities"]} == {2}
    assert len(by_layer["signatories"]) == size
    drawn = sum(len(marker["items"]) for marker in by_layer["events"])
    assert drawn == min(size, EVENT_LIMIT)
    if size > EVENT_LIMIT:
        assert (
            found["notice"] == f"The map shows the first {EVENT_LIMIT} of {size} matching events."
        )
    else:
        assert found["notice"] == ""


def test_the_list_says_how_many_events_more_match(client):
    build_cities(EVENT_LIMIT + 3)

    page = " ".join(client.get("/map/").content.decode().split())

    assert page.count('<li><a href="/events/event-') == EVENT_LIMIT
    assert (
        '<p>And 3 more: <a href="/search/?kind=event">every matching event in search</a>.</p>'
        in page
    )
    assert f"The map shows the first {EVENT_LIMIT} of {EVENT_LIMIT + 3} matching events." in page
