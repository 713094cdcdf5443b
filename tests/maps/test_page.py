"""/map/: the criteria of search, the map's box and, for readers without JavaScript (and
as the map's accessible alternative), the same content as lists by region and country."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from crossroads.content.dates import format_range
from tests.content.pages import chips, html
from tests.maps.network import HIDDEN_TITLES, build_network

pytestmark = pytest.mark.django_db


def listed(response, layer: str) -> str:
    """The collapsed HTML of the list of ``layer`` (cities, events, signatories), after
    its heading."""
    found = re.search(rf'<h2 id="map-{layer}">(.*?)</section>', html(response))
    return found.group(1).strip()


def test_without_criteria_every_layer_is_listed_by_region_and_country(client):
    build_network()

    response = client.get("/map/")

    assert response.status_code == 200
    assert listed(response, "cities") == (
        'Cities <span class="note">(3)</span></h2> <p class="note">By region and country; '
        "each city's number of matching items leads to them in search.</p> "
        '<h3>East Africa</h3> <p><strong>Kenya</strong>: <a href="/search/?city=kisumu">'
        "Kisumu (2)</a></p> "
        '<h3>Sahel</h3> <p><strong>Niger</strong>: <a href="/search/?city=agadez">'
        "Agadez (2)</a></p> "
        '<h3>Middle East</h3> <p><strong>Jordan</strong>: <a href="/search/?city=irbid">'
        "Irbid (1)</a></p>"
    )
    soon = timezone.localdate() + dt.timedelta(days=30)
    assert listed(response, "events") == (
        'Events <span class="note">(3)</span></h2> <ol class="map-events">'
        '<li><a href="/events/clinic/">Kisumu housing clinic</a> <span class="note">'
        f"{format_range(soon, soon, 'day')} · Kisumu, Kenya</span></li>"
        '<li><a href="/events/webinar/">Online housing webinar</a> <span class="note">'
        "2 May 2024 · Online</span></li>"
        '<li><a href="/events/forum/">Agadez health forum</a> <span class="note">'
        "10 March 2024 · Agadez, Niger with online participation</span></li></ol>"
    )
    assert listed(response, "signatories") == (
        'Signatories <span class="note">(2)</span></h2> <p class="note">Cities that signed '
        "a matching campaign whose signatories are public, with the number of such campaigns "
        'they signed: <a href="/campaigns/statement/">Housing statement</a>.</p> '
        '<h3>East Africa</h3> <p><strong>Kenya</strong>: <a href="/cities/kisumu/">Kisumu</a> '
        "(1)</p> "
        '<h3>Middle East</h3> <p><strong>Jordan</strong>: <a href="/cities/irbid/">Irbid</a> '
        "(1)</p>"
    )
    assert '<p class="note">1 event has no city and is only in the list.</p>' in html(response)


def test_the_map_reads_the_same_criteria_from_its_data(client, settings):
    settings.MAP_TILES = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_ATTRIBUTION = "© Tiles & <friends>"
    build_network()

    page = html(client.get("/map/", {"topic": "housing", "region": "east_africa"}))

    assert (
        '<div id="network-map" class="network-map" role="region" aria-label="Map of the '
        'matching cities, events and signatories" '
        'data-geojson="/map/data.geojson?topic=housing&amp;region=east_africa" '
        'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png" '
        'data-attribution="© Tiles &amp; &lt;friends&gt;" '
        'data-leaflet-js="/static/maps/leaflet/leaflet.js" '
        'data-leaflet-css="/static/maps/leaflet/leaflet.css" '
        'data-map-css="/static/maps/map.css" hidden></div>'
    ) in page


def test_the_interactive_map_is_offered_by_a_button_the_script_shows(client):
    build_network()

    page = html(client.get("/map/"))

    assert (
        '<p class="map-toggle"><button type="button" id="show-map" aria-controls="network-map" '
        'aria-expanded="false" data-hide="Hide the interactive map" data-failed="The '
        'interactive map could not be loaded. The lists below say the same." hidden>Show the '
        'interactive map</button> <span id="map-status" role="status"></span></p>'
    ) in page


def test_criteria_narrow_every_list_and_show_as_chips_with_a_permalink(client):
    build_network()

    response = client.get("/map/", {"topic": "housing", "region": "east_africa"})

    assert chips(response) == [
        ("Topic: Housing", "?region=east_africa"),
        ("Region: East Africa", "?topic=housing"),
    ]
    page = html(response)
    assert (
        '<p class="summary-line"> 3 results · <a href="/map/?topic=housing&amp;'
        'region=east_africa">Link to this map</a> · <a href="/search/?topic=housing&amp;'
        'region=east_africa">See them in search</a> </p>'
    ) in page
    assert '<input type="checkbox" name="topic" value="housing" checked> Housing' in page
    assert listed(response, "cities").endswith(
        '<p><strong>Kenya</strong>: <a href="/search/?topic=housing&amp;region=east_africa'
        '&amp;city=kisumu">Kisumu (2)</a></p>'
    )
    assert '<li><a href="/events/clinic/">Kisumu housing clinic</a>' in listed(response, "events")
    assert listed(response, "signatories").endswith(
        '<h3>East Africa</h3> <p><strong>Kenya</strong>: <a href="/cities/kisumu/">Kisumu</a> '
        "(1)</p>"
    )


def test_empty_lists_say_so(client):
    build_network()

    response = client.get("/map/", {"q": "nowhere"})

    assert listed(response, "cities").endswith(
        "<p>No city is named by an item matching these criteria.</p>"
    )
    assert listed(response, "events").endswith("<p>No event matches these criteria.</p>")
    assert listed(response, "signatories").endswith(
        "<p>No city's public signature of a matching campaign.</p>"
    )


@pytest.mark.parametrize(
    "params", [{}, {"topic": "housing"}, {"city": "nairobi"}, {"kind": "campaign"}]
)
def test_what_the_public_may_not_see_is_never_listed(client, params):
    build_network()

    page = client.get("/map/", params).content.decode()

    assert not [title for title in HIDDEN_TITLES if title in page]
    assert "/cities/nairobi/" not in page
    assert "Nairobi (" not in page  # no count, in any list


def test_only_the_maps_script_is_linked_and_leaflet_waits_to_be_asked_for(client):
    build_network()

    page = client.get("/map/").content.decode()
    search = client.get("/search/").content.decode()

    script = '<script defer src="/static/maps/map.js"></script>'
    assert script in page and script not in search
    assert re.findall(r'<link rel="stylesheet"[^>]*>|<script[^>]*></script>', page) == [
        '<link rel="stylesheet" href="/static/crossroads/site.css">',
        script,
    ]
    assert "/static/maps/leaflet/" not in search
    assert "unpkg.com" not in page and "cdn" not in page.lower()
