"""/map/data.geojson: the three layers for /search/'s criteria, every kind of them, and
never anything the public may not see."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from crossroads.content.dates import format_range
from tests.maps.network import HIDDEN_TITLES, build_network

pytestmark = pytest.mark.django_db

KISUMU, IRBID, AGADEZ = "Kisumu, Kenya", "Irbid, Jordan", "Agadez, Niger"


def data(client, params=None) -> dict:
    response = client.get("/map/data.geojson", params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def layers(found: dict) -> dict[str, dict[str, int]]:
    """Each layer's markers: their name and count."""
    drawn = {"cities": {}, "events": {}, "signatories": {}}
    for feature in found["features"]:
        properties = feature["properties"]
        drawn[properties["layer"]][properties["name"]] = properties["count"]
    return drawn


def marks(cities=None, events=None, signatories=None) -> dict:
    return {"cities": cities or {}, "events": events or {}, "signatories": signatories or {}}


EVERYTHING = marks(
    cities={KISUMU: 2, IRBID: 1, AGADEZ: 2},
    events={KISUMU: 1, AGADEZ: 1},
    signatories={KISUMU: 1, IRBID: 1},
)

#: One criterion of each kind, and what the map then shows.
CRITERIA = {
    "none": ({}, EVERYTHING),
    "words": ({"q": "agadez"}, marks(cities={AGADEZ: 2}, events={AGADEZ: 1})),
    "kind story": ({"kind": "story"}, marks(cities={KISUMU: 1, IRBID: 1})),
    "kind campaign": ({"kind": "campaign"}, marks(signatories={KISUMU: 1, IRBID: 1})),
    "kinds event or story": (
        {"kind": ["event", "story"]},
        marks(cities={KISUMU: 2, IRBID: 1, AGADEZ: 1}, events={KISUMU: 1, AGADEZ: 1}),
    ),
    "type": ({"type": "workshop"}, marks(cities={KISUMU: 1}, events={KISUMU: 1})),
    "topic housing": (
        {"topic": "housing"},
        marks(
            cities={KISUMU: 2, IRBID: 1},
            events={KISUMU: 1},
            signatories={KISUMU: 1, IRBID: 1},
        ),
    ),
    "topic health": ({"topic": "health"}, marks(cities={AGADEZ: 2}, events={AGADEZ: 1})),
    "framework": ({"framework": "GCM"}, marks(cities={AGADEZ: 1}, events={AGADEZ: 1})),
    "region": ({"region": "sahel"}, marks(cities={AGADEZ: 2}, events={AGADEZ: 1})),
    # The story about Kisumu and Irbid is found, and the statement about Kenya and Jordan;
    # only Irbid is in the chosen region.
    "region of one place": (
        {"region": "middle_east"},
        marks(cities={IRBID: 1}, signatories={IRBID: 1}),
    ),
    "country": (
        {"country": "KE"},
        marks(cities={KISUMU: 2}, events={KISUMU: 1}, signatories={KISUMU: 1}),
    ),
    "city": ({"city": "irbid"}, marks(cities={IRBID: 1})),
    "organisation": (
        {"organisation": "un-habitat"},
        marks(cities={KISUMU: 1}, events={KISUMU: 1}),
    ),
    "organisation in its role": (
        {"organisation": "un-habitat", "role": "organiser"},
        marks(cities={KISUMU: 1}, events={KISUMU: 1}),
    ),
    "organisation in another role": ({"organisation": "un-habitat", "role": "funder"}, marks()),
    "attendance": ({"attendance": "hybrid"}, marks(cities={AGADEZ: 1}, events={AGADEZ: 1})),
    "language": ({"language": "fr"}, marks(cities={KISUMU: 1, IRBID: 1})),
    "year": (
        {"year": "2024"},
        marks(cities={AGADEZ: 2}, events={AGADEZ: 1}, signatories={KISUMU: 1, IRBID: 1}),
    ),
    "from": ({"from": "2025-01-01"}, marks(cities={KISUMU: 2, IRBID: 1}, events={KISUMU: 1})),
    "until": (
        {"to": "2024-12-31"},
        marks(cities={AGADEZ: 2}, events={AGADEZ: 1}, signatories={KISUMU: 1, IRBID: 1}),
    ),
    "upcoming": ({"when": "upcoming"}, marks(cities={KISUMU: 1}, events={KISUMU: 1})),
    "past": ({"when": "past"}, marks(cities={AGADEZ: 1}, events={AGADEZ: 1})),
    "topic and region": (
        {"topic": "housing", "region": "east_africa"},
        marks(cities={KISUMU: 2}, events={KISUMU: 1}, signatories={KISUMU: 1}),
    ),
}


@pytest.mark.parametrize(("params", "expected"), CRITERIA.values(), ids=CRITERIA.keys())
def test_every_kind_of_criterion_is_respected(client, params, expected):
    build_network()

    found = data(client, params)

    assert layers(found) == expected
    assert not any(title in json.dumps(found) for title in HIDDEN_TITLES)
    assert "Nairobi" not in json.dumps(found)


@pytest.mark.parametrize(("params", "expected"), CRITERIA.values(), ids=CRITERIA.keys())
def test_a_citys_count_is_what_search_finds_with_that_city(client, params, expected):
    build_network()

    for feature in data(client, params)["features"]:
        properties = feature["properties"]
        if properties["layer"] == "cities":
            page = client.get(properties["url"]).content.decode()
            count = properties["count"]
            assert f"{count} result{'s' if count > 1 else ''} ·" in " ".join(page.split())


def test_a_feature_is_a_point_at_its_city_with_what_its_marker_says(client):
    build_network()

    features = data(client, {"topic": "housing", "country": "KE"})["features"]

    soon = timezone.localdate() + dt.timedelta(days=30)
    clinic_day = format_range(soon, soon, "day")

    assert features == [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [34.768, -0.0917]},
            "properties": {
                "layer": "cities",
                "name": KISUMU,
                "url": "/search/?topic=housing&country=KE&city=kisumu",
                "count": 2,
                "label": "2 matching items",
            },
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [34.768, -0.0917]},
            "properties": {
                "layer": "events",
                "name": KISUMU,
                "url": "/search/?kind=event&topic=housing&country=KE&city=kisumu",
                "count": 1,
                "label": "1 event",
                "items": [
                    {"name": "Kisumu housing clinic", "url": "/events/clinic/", "label": clinic_day}
                ],
            },
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [34.768, -0.0917]},
            "properties": {
                "layer": "signatories",
                "name": KISUMU,
                "url": "/cities/kisumu/",
                "count": 1,
                "label": "Signed 1 matching campaign",
                "items": [
                    {"name": "Housing statement", "url": "/campaigns/statement/", "label": ""}
                ],
            },
        },
    ]
