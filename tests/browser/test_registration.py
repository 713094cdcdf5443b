"""A person registers for a hybrid event, follows the confirmation link from the mail, and
sees the online link appear; another browser still does not."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import CountryFactory, EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ONLINE = "https://meet.example.org/hub-room"


def test_register_confirm_and_see_the_online_link(live_server, page, browser, artifacts):
    CountryFactory(code="SO", name="Somalia")
    day = timezone.localdate() + dt.timedelta(days=12)
    event = EventFactory(
        title="IGAD network hub meeting",
        start_date=day,
        end_date=day,
        attendance_mode="hybrid",
        online_url=ONLINE,
        registration_mode="open",
        capacity_in_person=40,
    )
    mail.outbox.clear()

    page.goto(live_server.url + event.get_absolute_url())
    assert page.get_by_role("link", name="Join online").count() == 0
    page.get_by_role("link", name="Register", exact=True).click()
    page.get_by_label("Name").fill("Hodan Abdi")
    page.get_by_label("Email").fill("hodan@example.org")
    page.get_by_label("Organisation", exact=True).fill("Municipality of Hargeisa")
    page.get_by_label("Country").select_option("SO")
    page.get_by_label("Online").check()
    page.get_by_label("I accept the privacy notice").check()
    page.get_by_role("button", name="Register").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Check your mail"
    (message,) = mail.outbox
    assert message.to == ["hodan@example.org"]
    link = re.search(r"https?://\S+/confirm/\S+", message.body).group()
    path = link.split("://", 1)[1].split("/", 1)[1]

    page.goto(f"{live_server.url}/{path}")
    page.get_by_role("button", name="Confirm my registration").click()

    assert page.get_by_text("Confirmed", exact=True).count() == 1
    join = page.get_by_role("link", name="Join online")
    assert join.get_attribute("href") == ONLINE
    page.goto(live_server.url + event.get_absolute_url())
    assert page.get_by_role("link", name="Join online").get_attribute("href") == ONLINE
    page.screenshot(path=artifacts / "registered-event.png", full_page=True)

    stranger = browser.new_context(locale="en-GB").new_page()
    stranger.goto(live_server.url + event.get_absolute_url())
    assert stranger.get_by_role("link", name="Join online").count() == 0
    assert ONLINE not in stranger.content()
    stranger.context.close()
