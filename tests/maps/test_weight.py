"""/map/ on the demo stays under 60 KB transferred: as it first loads (the page, the
stylesheet and the map's script), and with the interactive map asked for, Leaflet's script
and stylesheet and the map's own added (tiles are images, not counted)."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from crossroads.demo.services import load_demo
from tests.test_page_weight import BUDGET, transferred_size

pytestmark = pytest.mark.django_db

ON_DEMAND = re.compile(r'data-(?:leaflet-js|leaflet-css|map-css)="/static/([^"]+)"')


def compressed_size(name: str) -> int:
    with open(finders.find(name), "rb") as handle:
        return len(gzip.compress(handle.read()))


def test_the_map_page_is_light_with_and_without_the_interactive_map(client):
    load_demo()
    assets: dict[str, int] = {}
    urls = ("/map/", "/map/?topic=housing&region=east_africa", "/map/?kind=campaign")

    first = {url: transferred_size(client, url, assets) for url in urls}
    on_demand = ON_DEMAND.findall(client.get("/map/").content.decode())
    with_map = {url: size + sum(map(compressed_size, on_demand)) for url, size in first.items()}

    assert set(assets) == {"/static/crossroads/site.css", "/static/maps/map.js"}
    assert on_demand == ["maps/leaflet/leaflet.js", "maps/leaflet/leaflet.css", "maps/map.css"]
    assert {url: size for url, size in with_map.items() if size > BUDGET} == {}
