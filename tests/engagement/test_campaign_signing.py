"""Signing a campaign through the services: confirmation, approval, decline, withdrawal,
one live signature per city or organisation, and the mail each step sends."""

import datetime as dt
import io
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from crossroads.accounts.models import Grant, Role
from crossroads.content.models import ItemActor
from crossroads.engagement.campaigns import services, tokens
from crossroads.engagement.campaigns.queries import signatory_count
from crossroads.engagement.models import Signature
from tests.engagement.campaigning import city, details, kenya_and_jordan, signed
from tests.factories import CampaignFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kisumu():
    kenya, _jordan = kenya_and_jordan()
    return city("Kisumu", kenya, "east_africa")


@pytest.fixture
def campaign():
    return CampaignFactory(title="Cities with refugees", slug="cities-with-refugees")


def test_signing_makes_an_unconfirmed_signature_and_mails_the_link(
    campaign, kisumu, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signature, new = services.sign(
            campaign=campaign, details=details(1, city=kisumu, email=" Signer1@Example.org ")
        )

    assert new is True
    assert signature.status == "unconfirmed"
    assert signature.email == "signer1@example.org"
    assert signature.consented_at is not None
    assert signatory_count(campaign) == 0
    (message,) = mail.outbox
    assert message.to == ["signer1@example.org"]
    assert "Kisumu" in message.body
    token = re.search(r"/campaigns/signatures/confirm/([^/\s]+)/", message.body).group(1)
    assert tokens.read_token(token, tokens.CONFIRM) == signature.pk


def test_confirming_counts_the_signature_and_mails_the_manage_link(
    campaign, kisumu, django_capture_on_commit_callbacks
):
    signature, _ = services.sign(campaign=campaign, details=details(1, city=kisumu))

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = services.confirm_email(signature=signature)

    assert confirmed.status == "confirmed"
    assert confirmed.confirmed_at is not None
    assert signatory_count(campaign) == 1
    (message,) = mail.outbox
    assert message.subject == "Thank you for signing: Cities with refugees"
    assert "/campaigns/signatures/" in message.body
    # Following the link twice changes nothing.
    assert services.confirm_email(signature=signature).status == "confirmed"


def test_the_same_address_signing_again_gets_the_link_again(campaign, kisumu):
    first, _ = services.sign(campaign=campaign, details=details(1, city=kisumu))
    again, new = services.sign(campaign=campaign, details=details(1, city=kisumu))

    assert (again.pk, new) == (first.pk, False)
    assert Signature.objects.count() == 1


def test_a_city_that_signed_cannot_sign_again_and_the_message_names_no_one(campaign, kisumu):
    signed(campaign, 1, city=kisumu)

    with pytest.raises(services.AlreadySigned) as refused:
        services.sign(campaign=campaign, details=details(2, city=kisumu))

    assert refused.value.messages == ["Kisumu has already signed this campaign."]
    assert "signer1" not in str(refused.value).lower()
    assert Signature.objects.count() == 1


def test_unconfirmed_signatures_block_no_one_and_the_first_confirmed_wins(campaign, kisumu):
    """Anyone may start signing for a city; only a confirmed address makes it count."""
    squatter, _ = services.sign(campaign=campaign, details=details(1, city=kisumu))
    real, _ = services.sign(campaign=campaign, details=details(2, city=kisumu))

    assert services.confirm_email(signature=real).status == "confirmed"
    with pytest.raises(services.AlreadySigned):
        services.confirm_email(signature=squatter)
    assert Signature.objects.get(pk=squatter.pk).status == "unconfirmed"
    assert signatory_count(campaign) == 1


def test_the_database_refuses_a_second_live_signature_for_a_city(campaign, kisumu):
    signed(campaign, 1, city=kisumu)
    second, _ = Signature.objects.get_or_create(
        campaign=campaign, city=kisumu, name="B", title="B", email="b@example.org"
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.filter(pk=second.pk).update(status="confirmed")


def test_the_database_refuses_a_signature_of_both_a_city_and_an_organisation(campaign, kisumu):
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(
            campaign=campaign,
            city=kisumu,
            organisation=OrganisationFactory(),
            name="A",
            title="A",
            email="a@example.org",
        )


def test_an_organisation_signs_once(campaign):
    organisation = OrganisationFactory(name="Refugee-led network")
    signed(campaign, 1, organisation=organisation)

    with pytest.raises(services.AlreadySigned) as refused:
        services.sign(campaign=campaign, details=details(2, organisation=organisation))

    assert refused.value.messages == ["Refugee-led network has already signed this campaign."]


def test_a_city_and_an_organisation_together_are_refused(campaign, kisumu):
    with pytest.raises(ValidationError):
        services.sign(
            campaign=campaign, details=details(1, city=kisumu, organisation=OrganisationFactory())
        )
    with pytest.raises(ValidationError):
        services.sign(campaign=campaign, details=details(1))
    assert Signature.objects.count() == 0


@pytest.mark.parametrize(
    "change",
    [
        {"opens_on": dt.date(2999, 1, 1)},
        {"opens_on": dt.date(2020, 1, 1), "closes_on": dt.date(2020, 12, 31)},
        {"status": "draft"},
    ],
)
def test_a_campaign_that_is_not_open_takes_no_signature(kisumu, change):
    campaign = CampaignFactory(**change)

    with pytest.raises(ValidationError) as refused:
        services.sign(campaign=campaign, details=details(1, city=kisumu))

    assert refused.value.messages == ["This campaign does not take signatures now."]
    assert Signature.objects.count() == 0


# -- approval --------------------------------------------------------------------------
@pytest.fixture
def approving(django_user_model):
    """A campaign needing approval, owned by an organisation, and one of its editors."""
    owner = OrganisationFactory(name="UNHCR")
    campaign = CampaignFactory(title="Statement", approval_required=True)
    ItemActor.objects.create(item=campaign, organisation=owner, role="organiser")
    editor = django_user_model.objects.create_user("ed", "ed@example.org", "x")
    Grant.objects.create(user=editor, role=Role.EDITOR, organisation=owner)
    return campaign, editor


def test_with_approval_a_confirmed_address_waits_for_the_secretariat(
    approving, kisumu, django_capture_on_commit_callbacks
):
    campaign, editor = approving
    signature, _ = services.sign(campaign=campaign, details=details(1, city=kisumu))
    with django_capture_on_commit_callbacks(execute=True):
        pending = services.confirm_email(signature=signature)

    assert pending.status == "pending_approval"
    assert signatory_count(campaign) == 0
    assert mail.outbox[-1].subject == "Your signature awaits approval: Statement"
    # It holds the city's place: no one else can sign for Kisumu meanwhile.
    with pytest.raises(services.AlreadySigned):
        services.sign(campaign=campaign, details=details(2, city=kisumu))

    with django_capture_on_commit_callbacks(execute=True):
        approved = services.approve(signature=pending, by=editor)

    assert approved.status == "confirmed"
    assert approved.confirmed_at == approved.decided_at
    assert signatory_count(campaign) == 1
    assert mail.outbox[-1].subject == "Your signature is approved: Statement"


def test_declining_tells_the_signatory_and_frees_the_city(
    approving, kisumu, django_capture_on_commit_callbacks
):
    campaign, editor = approving
    pending = signed(campaign, 1, city=kisumu)

    with django_capture_on_commit_callbacks(execute=True):
        declined = services.decline(signature=pending, by=editor)

    assert declined.status == "declined"
    assert mail.outbox[-1].subject == "Your signature was not accepted: Statement"
    assert signatory_count(campaign) == 0
    assert signed(campaign, 2, city=kisumu).status == "pending_approval"


def test_only_the_campaigns_editors_approve(approving, kisumu, django_user_model):
    campaign, _editor = approving
    pending = signed(campaign, 1, city=kisumu)
    stranger = django_user_model.objects.create_user("st", "st@example.org", "x")

    with pytest.raises(PermissionDenied):
        services.approve(signature=pending, by=stranger)
    with pytest.raises(PermissionDenied):
        services.decline(signature=pending, by=stranger)
    assert Signature.objects.get(pk=pending.pk).status == "pending_approval"


def test_only_a_pending_signature_is_approved_or_declined(approving, kisumu):
    campaign, editor = approving
    signature, _ = services.sign(campaign=campaign, details=details(1, city=kisumu))

    with pytest.raises(ValidationError):
        services.approve(signature=signature, by=editor)
    with pytest.raises(ValidationError):
        services.decline(signature=signature, by=editor)


# -- withdrawal ------------------------------------------------------------------------
def test_withdrawing_uncounts_the_signature_and_lets_the_city_sign_again(
    campaign, kisumu, django_capture_on_commit_callbacks
):
    signature = signed(campaign, 1, city=kisumu)

    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = services.withdraw(signature=signature)

    assert withdrawn.status == "withdrawn"
    assert withdrawn.withdrawn_at is not None
    assert mail.outbox[-1].subject == "Your signature is withdrawn: Cities with refugees"
    assert signatory_count(campaign) == 0
    assert services.withdraw(signature=withdrawn).status == "withdrawn"
    assert signed(campaign, 2, city=kisumu).status == "confirmed"


def test_links_expire_and_are_bound_to_their_purpose(campaign, kisumu):
    signature, _ = services.sign(campaign=campaign, details=details(1, city=kisumu))
    confirm = tokens.make_token(signature.pk, tokens.CONFIRM)

    with pytest.raises(tokens.BadToken):
        services.get_signature_by_token(confirm, tokens.MANAGE)
    with pytest.raises(tokens.BadToken):
        services.get_signature_by_token(confirm[:-2] + "xx", tokens.CONFIRM)
    with pytest.raises(tokens.BadToken):
        services.get_signature_by_token(tokens.make_token(999_999, tokens.MANAGE), tokens.MANAGE)
    later = timezone.now() + dt.timedelta(seconds=tokens.CONFIRM_MAX_AGE + 60)
    clock = mock.patch("django.core.signing.time.time", return_value=later.timestamp())
    with clock, pytest.raises(tokens.BadToken):
        services.get_signature_by_token(confirm, tokens.CONFIRM)
    assert services.get_signature_by_token(confirm, tokens.CONFIRM).pk == signature.pk


def test_the_admin_approves_and_declines_by_its_actions(approving, kisumu, client):
    campaign, editor = approving
    editor.is_staff = True
    editor.save()
    pending = signed(campaign, 1, city=kisumu)
    other = signed(campaign, 2, organisation=OrganisationFactory())
    client.force_login(editor)

    listing = client.get("/admin/engagement/signature/")
    assert listing.status_code == 200 and b"Kisumu" in listing.content
    client.post(
        "/admin/engagement/signature/",
        {"action": "approve", "_selected_action": [pending.pk]},
    )
    client.post(
        "/admin/engagement/signature/",
        {"action": "decline", "_selected_action": [other.pk]},
    )

    assert Signature.objects.get(pk=pending.pk).status == "confirmed"
    assert Signature.objects.get(pk=other.pk).status == "declined"


def test_signatures_never_confirmed_are_erased_once_their_link_has_expired(campaign, kisumu):
    kenya, _jordan = kenya_and_jordan()
    old, _ = services.sign(campaign=campaign, details=details(1, city=kisumu))
    recent, _ = services.sign(
        campaign=campaign, details=details(2, city=city("Nakuru", kenya, "east_africa"))
    )
    kept, _ = services.sign(
        campaign=campaign, details=details(3, city=city("Mombasa", kenya, "east_africa"))
    )
    services.confirm_email(signature=kept)
    eight_days_ago = timezone.now() - dt.timedelta(days=8)
    Signature.objects.filter(pk__in=[old.pk, kept.pk]).update(created_at=eight_days_ago)

    out = io.StringIO()
    call_command("campaigns", "erase-unconfirmed", stdout=out)

    assert out.getvalue().strip() == "Signatures never confirmed, erased: 1."
    assert set(Signature.objects.values_list("pk", flat=True)) == {recent.pk, kept.pk}
