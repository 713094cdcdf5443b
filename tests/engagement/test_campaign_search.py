"""Campaigns are items like the others: found by search with their asks, listed at
/campaigns/ as cards with their type, in the sitemap and the feeds."""

import pytest

from crossroads.content.cards import Card
from crossroads.content.models import Item
from crossroads.content.queries import cards_in_order, item_cards
from crossroads.engagement.models import CampaignAsk
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    campaign = CampaignFactory(title="Solidarity statement", slug="solidarity")
    CampaignAsk.objects.create(
        campaign=campaign, language="en", order=1, text="Classrooms for every refugee child"
    )
    return campaign


def test_a_campaign_is_found_by_its_asks_and_shown_as_a_card(client, campaign):
    html = client.get("/search/?q=classrooms").content.decode()

    assert 'href="/campaigns/solidarity/"' in html
    assert "Statement of solidarity" in html


def test_the_campaign_list_is_a_search_of_campaigns(client, campaign):
    html = client.get("/campaigns/").content.decode()

    assert 'href="/campaigns/solidarity/"' in html


def test_both_ways_of_making_a_card_agree(campaign):
    (from_ids,) = cards_in_order([campaign.pk])
    from_model = Card.of(item_cards(Item.objects.filter(pk=campaign.pk)).get())

    assert from_ids == from_model
    assert from_ids.type == "statement" and from_ids.type_label == "Statement of solidarity"


def test_campaigns_are_in_the_sitemap_and_the_feed(client, campaign):
    assert "/campaigns/solidarity/" in client.get("/sitemap-items.xml").content.decode()
    assert "/campaigns/solidarity/" in client.get("/search/feed.atom").content.decode()
