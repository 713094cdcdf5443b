"""A mayor's office signs a campaign for its city, confirms through the link from the mail,
and sees the count of signatories on the campaign's page move, and the city on the map."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from crossroads.engagement.models import CampaignAsk
from tests.factories import CampaignFactory, CityFactory, CountryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_confirm_and_see_the_count_move(live_server, page, artifacts):
    cache.clear()
    kenya = CountryFactory(code="KE", name="Kenya", region="east_africa")
    CityFactory(name="Kisumu", slug="kisumu", country=kenya, latitude="-0.10220")
    CityFactory(name="Nairobi", slug="nairobi", country=kenya, latitude="-1.28333")
    campaign = CampaignFactory(title="Cities with refugees", slug="cities-with-refugees")
    CampaignAsk.objects.create(campaign=campaign, language="en", order=1, text="Schools for all")
    mail.outbox.clear()

    page.goto(live_server.url + campaign.get_absolute_url())
    count = page.locator("#signatory-count")
    assert count.inner_text() == "0 signatories"
    page.get_by_label("City").select_option(label="Kisumu, Kenya")
    page.get_by_label("Your name").fill("Amina Odhiambo")
    page.get_by_label("Your title or office").fill("Governor")
    page.get_by_label("Email").fill("amina@example.org")
    page.get_by_label("I accept the privacy notice").check()
    page.get_by_role("button", name="Sign the campaign").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Check your mail"
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/signatures/confirm/\S+", message.body).group()
    path = link.split("://", 1)[1].split("/", 1)[1]
    page.goto(f"{live_server.url}/{path}")
    page.get_by_role("button", name="Confirm my signature").click()
    assert page.get_by_text("Confirmed", exact=True).count() == 1

    page.goto(live_server.url + campaign.get_absolute_url())
    assert page.locator("#signatory-count").inner_text() == "1 signatory"
    assert page.get_by_role("img", name="Kisumu, Kenya").count() == 1
    assert page.get_by_role("link", name="Kisumu").count() == 1
    page.screenshot(path=artifacts / "campaign-signed.png", full_page=True)

    # Someone else trying to sign for Kisumu is told it signed, not who did.
    page.get_by_label("City").select_option(label="Kisumu, Kenya")
    page.get_by_label("Your name").fill("Someone Else")
    page.get_by_label("Your title or office").fill("Clerk")
    page.get_by_label("Email").fill("else@example.org")
    page.get_by_label("I accept the privacy notice").check()
    page.get_by_role("button", name="Sign the campaign").click()
    assert page.get_by_text("Kisumu has already signed this campaign.").count() == 1
    assert page.get_by_text("Amina").count() == 0
