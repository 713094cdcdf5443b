"""/map/ on the demo stays under 60 KB transferred, Leaflet's script and stylesheet
included (the map page is the only one linking them)."""

import pytest

from crossroads.demo.services import load_demo
from tests.test_page_weight import BUDGET, transferred_size

pytestmark = pytest.mark.django_db

LEAFLET = ("/static/maps/leaflet/leaflet.js", "/static/maps/leaflet/leaflet.css")


def test_the_map_page_is_light_with_leaflet_counted(client):
    load_demo()
    assets: dict[str, int] = {}

    sizes = {
        url: transferred_size(client, url, assets)
        for url in ("/map/", "/map/?topic=housing&region=east_africa", "/map/?kind=campaign")
    }

    assert set(LEAFLET) <= set(assets)
    assert {url: size for url, size in sizes.items() if size > BUDGET} == {}
