"""Screenshots of a demo event with a programme, in English, French and Arabic, on a phone
(360 px) and a computer (1280 px), saved in tests/browser/artifacts/ for people to look
at: event-<language>-<width>.png."""

import pytest

from crossroads.content.models import Item
from crossroads.demo.services import load_demo
from tests.browser.test_accessibility import LANGUAGES, open_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (360, 1280)
PNG = b"\x89PNG\r\n\x1a\n"


def test_the_event_page_in_three_languages_on_a_phone_and_a_computer(
    live_server, browser, artifacts
):
    load_demo()
    event = Item.objects.get(slug="hmln-annual-meeting-irbid")
    assert event.event.sessions.exists(), "the event shown has a programme"

    saved = []
    for language in LANGUAGES:
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            open_in(page, live_server.url + event.get_absolute_url(), language)
            html = page.locator("html")
            assert html.get_attribute("lang") == language
            assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
            assert page.locator(".program .session").count() > 0
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (
                f"no sideways scrolling in {language} at {width} px"
            )
            path = artifacts / f"event-{language}-{width}.png"
            path.unlink(missing_ok=True)
            page.screenshot(path=path, full_page=True)
            saved.append(path)
            context.close()

    for path in saved:
        assert path.read_bytes()[:8] == PNG, path.name
        assert path.stat().st_size > 10_000, path.name
