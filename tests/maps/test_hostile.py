"""Hostile and malformed input on /map/ and its data: ignored, never an error; and how
the data is cached."""

import json

import pytest

from tests.maps.network import build_network
from tests.maps.test_data import EVERYTHING, layers

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
HOSTILE = {
    "fts syntax": {"q": '"foo* AND ( NEAR(a b) OR -c ^d: {terms}: refug:* & !x | (a <-> b)'},
    "unbalanced quotes": {"q": "\"kisumu 'forum"},
    "10 kB": {"q": "kisumu " * 1500},
    "10 kB of one word": {"q": "x" * 10_000},
    "nul and controls": {"q": "kisumu\x00forum\x1b[31m\u202e", "topic": "\x00", "city": "\x00"},
    "sql": {"q": "%' OR '1'='1' -- %_\\", "city": "' OR 1=1 --", "country": "KE' --"},
    "markup everywhere": {
        name: SCRIPT
        for name in ("q", "kind", "type", "topic", "region", "country", "city", "role", "when")
    },
    "long facet values": {"city": "c" * 5000, "region": "r" * 5000},
    "many values": {"city": [f"city{number}" for number in range(500)]},
    "unknown slugs": {"city": "atlantis", "topic": "nothing", "country": "ZZ"},
    "wrong types": {"year": "last", "from": "yesterday", "to": "2024-02-30", "region": "1"},
    "far dates": {"from": "0001-01-01", "to": "9999-12-31"},
    "arabic and emoji": {"q": 'السلام عليكم "اللاجئون 😀'},
    "unknown parameters": {"layer": "all", "bbox": "x,y", "page": "9" * 400},
}


@pytest.mark.parametrize("params", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_is_answered_without_error(client, params):
    build_network()

    page = client.get("/map/", params)
    found = client.get("/map/data.geojson", params)

    assert page.status_code == 200
    assert "<script>alert" not in page.content.decode()
    assert found.status_code == 200
    assert json.loads(found.content)["type"] == "FeatureCollection"


def test_unknown_parameters_change_nothing(client):
    build_network()

    found = json.loads(client.get("/map/data.geojson", HOSTILE["unknown parameters"]).content)

    assert layers(found) == EVERYTHING


@pytest.mark.parametrize("url", ["/map/", "/map/data.geojson"])
def test_only_reading_is_allowed(client, url):
    assert client.post(url).status_code == 405


def test_the_data_is_revalidated_by_its_etag(client):
    build_network()

    first = client.get("/map/data.geojson", {"topic": "housing"})
    again = client.get("/map/data.geojson", {"topic": "housing"}, HTTP_IF_NONE_MATCH=first["ETag"])
    other = client.get("/map/data.geojson", {"topic": "health"}, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["Cache-Control"] == "no-cache"
    assert set(first["Vary"].split(", ")) >= {"Accept-Language", "Cookie"}
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert other.status_code == 200
    assert other["ETag"] != first["ETag"]


@pytest.mark.parametrize("url", ["/map/", "/map/data.geojson"])
def test_too_many_parameters_get_a_400_page(client, url):
    query = "&".join(f"topic=t{number}" for number in range(2_000))

    response = client.get(f"{url}?{query}")

    assert response.status_code == 400
