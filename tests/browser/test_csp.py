"""The strict Content-Security-Policy blocks nothing the site itself does: a visitor goes
through the home page, an event, search, the interactive map, a campaign with its form
and a survey's results, and an editor through the admin, while Chromium reports every
violation of the policy and every complaint about the security headers. The map still
draws its tiles, from a host named with a ``{s}`` subdomain."""

import base64

import pytest

from crossroads.engagement.models import CampaignAsk
from tests.engagement.conftest import make_survey
from tests.factories import EventFactory, NetworkFactory
from tests.maps.network import build_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TILES = "https://{s}.tiles.invalid/{z}/{x}/{y}.png"
#: A transparent image of one pixel, for every tile.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII="
)
#: Reports each violation to the test, in every page before the page's own scripts run.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${location.pathname}: ${event.effectiveDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def reported(page, settings):
    """What Chromium says against the policies, and the tiles asked for."""
    settings.MAP_TILES = TILES
    found = {"violations": [], "console": [], "tiles": []}
    page.expose_function("reportViolation", lambda text: found["violations"].append(text))
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            found["console"].append(message.text)
            if "Policy" in message.text or "policy" in message.text
            else None
        ),
    )

    def tile(route):
        found["tiles"].append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PIXEL)

    page.route("https://*.tiles.invalid/**", tile)
    return found


def test_public_pages_and_the_admin_break_no_policy(live_server, page, reported, django_user_model):
    network = build_network()
    CampaignAsk.objects.create(
        campaign=network.statement, language="en", order=1, text="Homes for all"
    )
    event = EventFactory(title="Peer-learning exchange", city=network.kisumu)
    survey = make_survey(NetworkFactory(slug="hmln", name="Host Municipalities Network"), 2024)
    django_user_model.objects.create_superuser("admin", "admin@example.org", "a long password")
    site = live_server.url

    page.goto(site + "/")
    page.goto(site + event.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "Peer-learning exchange"
    page.goto(site + "/search/?q=housing")

    page.goto(site + "/map/")
    page.get_by_role("button", name="Show the interactive map").click()
    page.locator(".map-marker-cities").first.wait_for()
    page.locator(".leaflet-tile-loaded").first.wait_for()
    assert page.locator(".map-marker-cities").evaluate_all(
        "markers => markers.map(marker => marker.getAttribute('aria-label')).sort()"
    ) == [
        "Agadez, Niger: 2 matching items",
        "Irbid, Jordan: 1 matching item",
        "Kisumu, Kenya: 3 matching items",
    ]
    assert reported["tiles"][0].startswith(("https://a.", "https://b.", "https://c."))

    page.goto(site + network.statement.get_absolute_url())
    assert page.get_by_role("button", name="Sign the campaign").count() == 1
    page.goto(site + survey.get_absolute_url())
    assert page.locator("svg.swatch rect").get_attribute("fill") == "#1f5f8b"
    page.goto(site + survey.get_absolute_url().replace("/results/", "/report/"))

    page.goto(site + "/admin/")
    page.get_by_label("Username").fill("admin@example.org")
    page.get_by_label("Password").fill("a long password")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{site}/admin/events/event/{event.pk}/change/")
    assert page.locator("#event_form").count() == 1
    page.goto(f"{site}/admin/events/event/")

    assert reported["violations"] == []
    assert reported["console"] == []
