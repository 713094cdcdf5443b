"""A visitor asks for the interactive map, narrows it by topic, then by region: the markers
and the list beside them change together, and the map comes at once on the next visit.
Tiles come from the configured address, answered here: the browser never reaches the
internet."""

import base64

import pytest

from tests.maps.network import build_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TILES = "https://tiles.invalid"
#: A transparent image of one pixel, for every tile.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII="
)


def markers(page, layer: str) -> list[str]:
    """The accessible names of the markers of ``layer``, once the map has drawn them."""
    page.locator(".leaflet-control-layers").wait_for()
    return sorted(page.locator(f".map-marker-{layer}").evaluate_all(
        "markers => markers.map(marker => marker.getAttribute('aria-label'))"
    ))  # fmt: skip


def listed_cities(page) -> list[str]:
    return page.locator("section[aria-labelledby=map-cities] p a").all_inner_texts()


def listed_signatories(page) -> list[str]:
    return page.locator("section[aria-labelledby=map-signatories] p:not(.note) a").all_inner_texts()


@pytest.fixture
def tiles(settings, page):
    """Tiles from an address of their own, each answered with an empty image."""
    settings.MAP_TILES = TILES + "/{z}/{x}/{y}.png"
    asked = []

    def answer(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PIXEL)

    page.route(TILES + "/**", answer)
    return asked


def test_filter_the_map_by_topic_and_region(live_server, page, tiles, artifacts):
    build_network()
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(live_server.url + "/map/")
    page.get_by_role("button", name="Show the interactive map").click()

    assert markers(page, "cities") == [
        "Agadez, Niger: 2 matching items",
        "Irbid, Jordan: 1 matching item",
        "Kisumu, Kenya: 2 matching items",
    ]
    assert markers(page, "events") == ["Agadez, Niger: 1 event", "Kisumu, Kenya: 1 event"]
    assert markers(page, "signatories") == [
        "Irbid, Jordan: Signed 1 matching campaign",
        "Kisumu, Kenya: Signed 1 matching campaign",
    ]
    assert listed_cities(page) == ["Kisumu (2)", "Agadez (2)", "Irbid (1)"]
    assert listed_signatories(page) == ["Kisumu", "Irbid"]
    assert (
        "© OpenStreetMap contributors" in page.locator(".leaflet-control-attribution").inner_text()
    )

    assert (
        page.get_by_role("button", name="Hide the interactive map").get_attribute("aria-expanded")
        == "true"
    )
    refine = page.locator("details.refine")
    with page.expect_navigation():  # a changed criterion is sent at once; the map stays
        refine.get_by_label("Housing").check()

    assert markers(page, "cities") == [
        "Irbid, Jordan: 1 matching item",
        "Kisumu, Kenya: 2 matching items",
    ]
    assert markers(page, "events") == ["Kisumu, Kenya: 1 event"]
    assert listed_cities(page) == ["Kisumu (2)", "Irbid (1)"]
    assert listed_signatories(page) == ["Kisumu", "Irbid"]

    with page.expect_navigation():
        refine.get_by_label("East Africa").check()

    assert page.url == live_server.url + "/map/?topic=housing&region=east_africa"
    assert markers(page, "cities") == ["Kisumu, Kenya: 2 matching items"]
    assert markers(page, "events") == ["Kisumu, Kenya: 1 event"]
    assert markers(page, "signatories") == ["Kisumu, Kenya: Signed 1 matching campaign"]
    assert listed_cities(page) == ["Kisumu (2)"]
    assert listed_signatories(page) == ["Kisumu"]

    # A marker is a button: from the keyboard it opens its popup, which leads to search.
    page.get_by_role("button", name="Kisumu, Kenya: 2 matching items").focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup-content a")
    assert link.inner_text() == "Kisumu, Kenya"
    assert link.get_attribute("href") == "/search/?topic=housing&region=east_africa&city=kisumu"
    page.screenshot(path=artifacts / "map-topic-and-region.png", full_page=True)

    assert tiles, "the tiles are asked for at the configured address"
    elsewhere = [url for url in requested if not url.startswith((live_server.url, TILES))]
    assert elsewhere == []


def test_leaflet_waits_to_be_asked_for_and_hiding_the_map_forgets_the_choice(
    live_server, page, tiles
):
    build_network()
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(live_server.url + "/map/")
    show = page.get_by_role("button", name="Show the interactive map")
    show.wait_for()
    page.wait_for_load_state("networkidle")
    assert show.get_attribute("aria-expanded") == "false"
    assert page.locator("#network-map").is_hidden()
    first = [url.removeprefix(live_server.url) for url in requested]
    assert first == ["/map/", "/static/crossroads/site.css", "/static/maps/map.js"]
    assert tiles == []

    show.focus()
    page.keyboard.press("Enter")  # a button: the keyboard works it as the mouse does
    markers(page, "cities")
    assert {"/static/maps/leaflet/leaflet.js", "/static/maps/leaflet/leaflet.css"} <= {
        url.removeprefix(live_server.url) for url in requested
    }
    page.get_by_role("button", name="Hide the interactive map").click()
    assert page.locator("#network-map").is_hidden()

    page.reload()
    page.get_by_role("button", name="Show the interactive map").wait_for()
    page.wait_for_load_state("networkidle")
    assert page.locator("#network-map").is_hidden(), "hiding the map is remembered too"


def test_without_javascript_the_list_and_the_form_work(live_server, browser, settings):
    settings.MAP_TILES = TILES + "/{z}/{x}/{y}.png"
    build_network()
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(live_server.url + "/map/")
    assert page.locator("#network-map").is_hidden()
    assert listed_cities(page) == ["Kisumu (2)", "Agadez (2)", "Irbid (1)"]
    page.locator("details.refine").get_by_label("Health").check()
    page.get_by_role("button", name="Apply").click()

    assert page.url == live_server.url + "/map/?q=&topic=health&from=&to="
    assert listed_cities(page) == ["Agadez (2)"]
    assert listed_signatories(page) == []
    assert not [url for url in requested if url.startswith(TILES) or url.endswith(".js")]
    context.close()
