"""On the demo's network, the map's counts equal those counted here from the tables with
the ORM: items about each city, and each city's public signatures of matching campaigns."""

import json
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Count, Q

from crossroads.content.models import Item
from crossroads.demo.services import load_demo
from crossroads.directory.models import City
from crossroads.engagement.models import Campaign, Signature
from crossroads.events.models import Event
from crossroads.maps.queries import EVENT_LIMIT
from crossroads.taxonomy.models import Topic

pytestmark = pytest.mark.django_db


def regions_of_cities() -> dict[int, set[str]]:
    return {
        pk: {region, country_region} - {""}
        for pk, region, country_region in City.objects.values_list(
            "pk", "region", "country__region"
        )
    }


def in_region(items, region: str):
    """Items with a place (a city, its country, a country, an event's city) in ``region``."""
    return items.filter(
        Q(cities__region=region)
        | Q(cities__country__region=region)
        | Q(countries__region=region)
        | Q(event__city__region=region)
        | Q(event__city__country__region=region)
    ).distinct()


def expected_cities(items, region: str = "") -> dict[str, int]:
    """How many of ``items`` are about each city (by slug), within ``region`` if given."""
    pairs = set(Item.cities.through.objects.filter(item__in=items).values_list("item", "city"))
    pairs |= set(Event.objects.filter(pk__in=items, city__isnull=False).values_list("pk", "city"))
    regions = regions_of_cities()
    counts = Counter(city for _, city in pairs if not region or region in regions[city])
    slugs = dict(City.objects.filter(pk__in=counts).values_list("pk", "slug"))
    return {slugs[pk]: count for pk, count in counts.items()}


def expected_signatories(items, region: str = "") -> dict[str, int]:
    rows = (
        Signature.objects.filter(
            campaign__in=Campaign.objects.filter(pk__in=items),
            campaign__signatories_public=True,
            status="confirmed",
            city__isnull=False,
        )
        .values_list("city", "city__slug")
        .annotate(campaigns=Count("campaign", distinct=True))
    )
    regions = regions_of_cities()
    return {slug: n for city, slug, n in rows if not region or region in regions[city]}


def expected_events(items) -> int:
    """How many of the first ``EVENT_LIMIT`` events of ``items`` (newest first, as search
    orders them without words) have a city."""
    newest = Event.objects.filter(pk__in=items).order_by("-start_date", "-published_at", "-pk")
    return sum(1 for city in newest.values_list("city", flat=True)[:EVENT_LIMIT] if city)


def drawn(client, params) -> tuple[dict[str, int], dict[str, int], int]:
    found = json.loads(client.get("/map/data.geojson", params).content)
    cities, signatories, events = {}, {}, 0
    for feature in found["features"]:
        properties = feature["properties"]
        if properties["layer"] == "cities":
            cities[parse_qs(urlsplit(properties["url"]).query)["city"][0]] = properties["count"]
        elif properties["layer"] == "signatories":
            signatories[properties["url"].split("/")[2]] = properties["count"]
        else:
            events += properties["count"]
    return cities, signatories, events


def test_counts_equal_the_tables_on_the_demo(client):
    load_demo()
    published = Item.objects.published()
    topic = Topic.objects.annotate(n=Count("items")).order_by("-n", "slug").first()
    about_topic = published.filter(topics=topic)

    for params, items, region in [
        ({}, published, ""),
        ({"topic": topic.slug}, about_topic, ""),
        ({"region": "east_africa"}, in_region(published, "east_africa"), "east_africa"),
        (
            {"topic": topic.slug, "region": "horn_of_africa"},
            in_region(about_topic, "horn_of_africa"),
            "horn_of_africa",
        ),
    ]:
        cities, signatories, events = drawn(client, params)

        assert cities == expected_cities(items, region), params
        assert signatories == expected_signatories(items, region), params
        assert events == expected_events(items), params
        assert cities, f"the demo has cities for {params}"
    assert expected_signatories(published), "the demo has public signatures"
