"""Every kind of public page of the demo, in English, French and Arabic, checked with
axe-core (vendored in tests/browser/vendor/axe-core/, injected into the page: nothing is
fetched from the network) against WCAG 2.0, 2.1 and 2.2, levels A and AA; and the
keyboard: the skip link comes first, leads past the navigation, and focus is visible."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from crossroads.content.models import Item
from crossroads.demo.services import load_demo, open_sample_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
GRAVE = ("serious", "critical")
LANGUAGES = ("en", "fr", "ar")
TILES = "https://tiles.invalid"


def open_in(page, url: str, language: str) -> None:
    """Open ``url`` (an English address) in ``language``: the one place that says how a
    language is chosen. Today the language cookie the switcher sets (with the language
    addresses, the site then redirects to /fr/…, /ar/…); to open those addresses
    directly, ``page.goto`` the URL with its path passed through
    ``django.urls.translate_url(path, language)``."""
    cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url}
    page.context.add_cookies([cookie])
    page.goto(url)


def grave_violations(page) -> list[dict]:
    """axe-core's serious and critical violations of WCAG 2.x A and AA on the page as it
    is, every <details> opened first so that what it holds is checked too."""
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    # Evaluated through the DevTools protocol: a <script> tag would be refused by the
    # page's Content-Security-Policy.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_AA,
    )
    return [v for v in result["violations"] if v["impact"] in GRAVE]


def described(name: str, language: str, violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{name} [{language}]: {violation['id']} ({violation['impact']}): "
            f"{violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:5]:
            summary = " ".join(node["failureSummary"].split())
            lines.append(f"    {' '.join(node['target'])}: {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.fixture
def tiles(page):
    """Map tiles answered with nothing: the browser never reaches the internet."""
    page.route(TILES + "/**", lambda route: route.fulfill(status=204))


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_serious_or_critical_violation(live_server, page, settings, tiles, language):
    settings.MAP_TILES = TILES + "/{z}/{x}/{y}.png"
    load_demo()
    pages = open_sample_pages()
    found = []

    for name, path in pages.items():
        open_in(page, live_server.url + path, language)
        assert page.locator("html").get_attribute("lang") == language, name
        direction = "rtl" if language == "ar" else "ltr"
        assert page.locator("html").get_attribute("dir") == direction, name
        violations = grave_violations(page)
        if violations:
            found.append(described(name, language, violations))

    # A form sent empty: its errors, beside the fields they are about.
    open_in(page, live_server.url + pages["registration"], language)
    # Until the answer has loaded, its stylesheet may not apply yet: axe would then
    # measure unstyled links (a flaky "target-size" failure seen in CI).
    with page.expect_navigation(wait_until="load"):
        page.locator("main form.stack button[type=submit]").click()
    page.locator(".errorlist").first.wait_for()
    violations = grave_violations(page)
    if violations:
        found.append(described("registration with errors", language, violations))

    # The interactive map, once asked for, with its markers and controls.
    open_in(page, live_server.url + pages["map"], language)
    page.locator("#show-map").click()
    page.locator(".leaflet-control-layers").wait_for()
    page.locator(".map-marker").first.wait_for()
    violations = grave_violations(page)
    if violations:
        found.append(described("interactive map", language, violations))

    assert not found, "\n" + "\n".join(found)


def focus_ring(page) -> dict:
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {tag: element.tagName.toLowerCase(), text: element.textContent.trim(),
                    style: style.outlineStyle, width: parseFloat(style.outlineWidth)};
        }"""
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_skip_link_comes_first_and_leads_to_the_content(live_server, page, language):
    load_demo()
    event = Item.objects.get(slug="hmln-annual-meeting-irbid")

    open_in(page, live_server.url + event.get_absolute_url(), language)
    page.keyboard.press("Tab")

    skip = page.locator("a.skip")
    assert page.evaluate("document.activeElement === document.querySelector('a.skip')")
    assert skip.get_attribute("href") == "#main"
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0, "the focused skip link is on screen"
    ring = focus_ring(page)
    assert ring["style"] == "solid" and ring["width"] >= 2

    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), (
        "the next Tab lands in the page's content, past the header's links"
    )


def test_every_control_reached_by_the_keyboard_shows_its_focus(live_server, page):
    load_demo()
    path = reverse("events:register", args=["igad-network-hub-meeting-jijiga"])
    open_in(page, live_server.url + path, "en")

    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        ring = focus_ring(page)
        if ring["tag"] == "body":
            break
        seen.append(ring)

    assert len(seen) > 20, "the header, the form and the footer are reached"
    kinds = {ring["tag"] for ring in seen}
    assert {"a", "input", "select", "button"} <= kinds
    hidden = [ring for ring in seen if ring["style"] != "solid" or ring["width"] < 2]
    assert hidden == []
