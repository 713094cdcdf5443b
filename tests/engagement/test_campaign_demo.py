"""The demo's campaign: at least 150 cities across regions sign it, the same ones on every
load, and its page stays under 60 KB with bounded queries."""

from collections import Counter

import pytest

from crossroads.demo.services import load_demo
from crossroads.directory.models import City
from crossroads.engagement.models import Campaign, Signature
from tests.test_page_weight import BUDGET, transferred_size


@pytest.mark.django_db
def test_demo_campaign_signatories_and_its_page(client, django_assert_max_num_queries):
    load_demo()
    campaign = Campaign.objects.get(slug="cities-with-refugees")
    confirmed = Signature.objects.filter(campaign=campaign, status="confirmed")
    cities = confirmed.filter(city__isnull=False)
    assert cities.count() >= 150
    regions = Counter(cities.values_list("city__region", flat=True))
    for region in ("east_africa", "middle_east", "europe", "americas", "asia", "west_africa"):
        assert regions[region] >= 3, regions
    assert campaign.asks.filter(language="en").count() == 3
    assert campaign.asks.filter(language="fr").count() == 3
    dates = sorted(confirmed.values_list("confirmed_at", flat=True))
    assert dates[0].date() >= campaign.opens_on and dates[-1].date() <= campaign.closes_on
    assert (dates[-1] - dates[0]).days > 100  # spread over the period

    with django_assert_max_num_queries(14):
        response = client.get(campaign.get_absolute_url())
    html = response.content.decode()
    assert f"{confirmed.count()} signatories" in html
    assert html.count("<circle ") == cities.count()
    size = transferred_size(client, campaign.get_absolute_url(), {})
    assert size < BUDGET, size

    before = (
        list(City.objects.order_by("pk").values_list("geonameid", "slug")),
        list(Signature.objects.order_by("pk").values_list("city_id", "status", "confirmed_at")),
    )
    load_demo()
    after = (
        list(City.objects.order_by("pk").values_list("geonameid", "slug")),
        list(Signature.objects.order_by("pk").values_list("city_id", "status", "confirmed_at")),
    )
    assert after == before
