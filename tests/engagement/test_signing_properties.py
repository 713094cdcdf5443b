"""Properties of signing (hypothesis): whatever the order in which people sign, confirm
and withdraw, a city or organisation holds at most one live (confirmed or awaiting
approval) signature and a signatory already signed is refused; the same address signing
again for the same signatory before confirming gets its signature back; the count shown
equals the confirmed rows. Each example runs in a transaction rolled back at its end."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from crossroads.engagement.campaigns import queries, services
from crossroads.engagement.models import LIVE_STATUSES, Signature
from tests.engagement.campaigning import details
from tests.factories import CampaignFactory, OrganisationFactory
from tests.properties import CHARACTERS, EXAMPLES, rolled_back

pytestmark = pytest.mark.django_db

#: A step: one of five people signs for one of three organisations, confirms, or withdraws.
STEPS = st.lists(
    st.tuples(
        st.sampled_from(["sign", "confirm", "withdraw"]), st.integers(0, 4), st.integers(0, 2)
    ),
    max_size=20,
)


@EXAMPLES
@given(steps=STEPS)
def test_one_live_signature_per_signatory_whatever_happens(db, steps):
    with rolled_back():
        campaign = CampaignFactory()
        signatories = [OrganisationFactory() for _ in range(3)]
        for action, person, which in steps:
            signatory, email = signatories[which], f"signer{person}@example.org"
            live = Signature.objects.filter(
                campaign=campaign, organisation=signatory, status__in=LIVE_STATUSES
            ).first()
            waiting = Signature.objects.filter(
                campaign=campaign, organisation=signatory, email=email, status="unconfirmed"
            ).first()
            if action == "sign":
                try:
                    signature, new = services.sign(
                        campaign=campaign, details=details(person, organisation=signatory)
                    )
                except services.AlreadySigned:
                    assert live is not None
                else:
                    assert live is None
                    assert (new, signature.pk) == (waiting is None, (waiting or signature).pk)
            elif action == "confirm" and waiting is not None:
                try:
                    services.confirm_email(signature=waiting)
                except services.AlreadySigned:
                    assert live is not None
                else:
                    assert live is None
            elif action == "withdraw" and live is not None:
                services.withdraw(signature=live)
            check_invariants(campaign)


def check_invariants(campaign) -> None:
    live = Signature.objects.filter(campaign=campaign, status__in=LIVE_STATUSES)
    signatories = list(live.values_list("organisation_id", flat=True))
    assert len(signatories) == len(set(signatories))
    confirmed = Signature.objects.filter(campaign=campaign, status="confirmed")
    assert queries.signatory_count(campaign) == confirmed.count()


@EXAMPLES
@given(name=st.text(CHARACTERS, min_size=1, max_size=200), title=st.text(CHARACTERS, max_size=200))
def test_a_name_and_title_within_the_limits_are_stored_stripped(db, name, title):
    with rolled_back():
        campaign = CampaignFactory()
        organisation = OrganisationFactory()
        try:
            signature, new = services.sign(
                campaign=campaign,
                details=details(name=name, title=title, organisation=organisation),
            )
        except ValidationError:
            # Refused only when nothing is left once the ends are stripped.
            assert not name.strip() or not title.strip()
            assert Signature.objects.count() == 0
            return
        stored = Signature.objects.get(pk=signature.pk)
        assert new
        assert (stored.name, stored.title) == (name.strip(), title.strip())
