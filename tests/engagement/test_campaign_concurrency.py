"""Signing under contention, through real connections: several people sign for the same
city at once, each confirming their address at once; the city is counted once."""

import pytest
from django.core.exceptions import ValidationError

from crossroads.engagement.campaigns import services
from crossroads.engagement.models import Signature
from tests.engagement.campaigning import city, details, kenya_and_jordan
from tests.events.test_concurrency import all_at_once
from tests.factories import CampaignFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 8


def _sign_and_confirm(campaign, **signatory):
    def attempt(n: int) -> str:
        try:
            signature, _ = services.sign(campaign=campaign, details=details(n, **signatory))
            return services.confirm_email(signature=signature).status
        except services.AlreadySigned:
            return "already signed"
        except ValidationError as error:  # pragma: no cover - shown if it happens
            return " ".join(error.messages)

    return attempt


def test_people_signing_for_one_city_at_once_count_once():
    kenya, _ = kenya_and_jordan()
    kisumu = city("Kisumu", kenya, "east_africa")
    campaign = CampaignFactory()

    results = all_at_once(_sign_and_confirm(campaign, city=kisumu), list(range(PEOPLE)))

    assert results.count("confirmed") == 1
    assert results.count("already signed") == PEOPLE - 1
    live = Signature.objects.filter(campaign=campaign, status__in=["confirmed", "pending_approval"])
    assert live.count() == 1


def test_people_signing_for_one_organisation_at_once_count_once():
    organisation = OrganisationFactory(name="Refugee-led network")
    campaign = CampaignFactory(approval_required=True)

    results = all_at_once(
        _sign_and_confirm(campaign, organisation=organisation), list(range(PEOPLE))
    )

    assert results.count("pending_approval") == 1
    assert results.count("already signed") == PEOPLE - 1
