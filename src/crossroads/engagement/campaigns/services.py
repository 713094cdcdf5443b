"""Signing campaigns: every change to a signature goes through here.

A signature moves from *unconfirmed* (its address not yet confirmed: it counts for
nothing and shows nowhere) to *confirmed*, or to *pending approval* when the campaign's
secretariat approves signatures; an editor of the campaign approves (*confirmed*) or
declines (*declined*) it; its signatory may withdraw it (*withdrawn*) by the link in its
mail. A city or an organisation holds at most one live signature (pending approval or
confirmed) per campaign: each step that makes one live locks the campaign's row and looks
first, and a partial unique constraint guarantees it whatever happens meanwhile.

Mail goes out after commit (``content.mail.send``), in the signatory's language.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts import permissions
from crossroads.content.links import absolute
from crossroads.content.mail import send
from crossroads.directory.models import City, Organisation
from crossroads.engagement.campaigns import tokens
from crossroads.engagement.models import LIVE_STATUSES, Campaign, Signature, SignatureStatus

logger = logging.getLogger(__name__)

Status = SignatureStatus


class AlreadySigned(ValidationError):
    """The city or organisation holds a live signature of this campaign already. The
    message names the signatory, never who signed for it."""


@dataclass(frozen=True)
class Details:
    """What the person signing tells us (the form's fields)."""

    name: str
    title: str
    email: str
    language: str = "en"
    city: City | None = None
    organisation: Organisation | None = None

    @property
    def signatory(self) -> City | Organisation | None:
        return self.city or self.organisation


# -- permissions and links ---------------------------------------------------------------
def can_manage_signatures(user, campaign: Campaign) -> bool:
    """See every signature of a campaign, approve and decline them: its editors (the
    editors of its organisations, their network's secretariat, administrators)."""
    return permissions.can_edit_item(user, campaign)


def check_can_manage_signatures(user, campaign: Campaign) -> None:
    if not can_manage_signatures(user, campaign):
        raise PermissionDenied(
            _("Only the editors of “%(campaign)s” can approve its signatures.")
            % {"campaign": campaign}
        )


def confirm_url(signature: Signature) -> str:
    return reverse("campaigns:confirm", args=[tokens.make_token(signature.pk, tokens.CONFIRM)])


def manage_url(signature: Signature) -> str:
    return reverse("campaigns:signature", args=[tokens.make_token(signature.pk, tokens.MANAGE)])


def get_signature_by_token(token: str, purpose: str) -> Signature:
    """The signature a link names; ``tokens.BadToken`` when the link is altered, expired,
    or names a signature that no longer exists."""
    pk = tokens.read_token(token, purpose)
    signature = (
        Signature.objects.select_related("campaign", "city__country", "organisation__country")
        .filter(pk=pk)
        .first()
    )
    if signature is None:
        raise tokens.BadToken("no such signature")
    return signature


# -- reading the campaign ----------------------------------------------------------------
def takes_signatures(campaign: Campaign, *, today: dt.date | None = None) -> bool:
    return campaign.is_public and campaign.is_open(today)


def _mail(name: str, signature: Signature, **context) -> None:
    campaign = signature.campaign
    send(
        f"engagement/campaigns/mail/{name}",
        {
            "signature": signature,
            "campaign": campaign,
            "signatory": signature.signatory,
            "campaign_url": absolute(campaign.get_absolute_url()),
            "manage_url": absolute(manage_url(signature)),
            **context,
        },
        to=signature.email,
        language=signature.language,
    )


def _locked(campaign: Campaign) -> Campaign:
    """The campaign, read again under its lock (call inside a transaction)."""
    return Campaign.objects.select_for_update(of=("self",)).get(pk=campaign.pk)


def _signatory_filter(signature: Signature | Details) -> dict:
    if signature.city is not None:
        return {"city": signature.city}
    return {"organisation": signature.organisation}


def _already_signed(signatory) -> AlreadySigned:
    name = signatory.name if signatory is not None else _("This signatory")
    return AlreadySigned(
        _("%(name)s has already signed this campaign.") % {"name": name}, code="already_signed"
    )


def _check_free(campaign: Campaign, signature: Signature | Details, *, exclude: int | None = None):
    """Raise AlreadySigned when the signatory holds a live signature of ``campaign``."""
    live = Signature.objects.filter(
        campaign=campaign, status__in=LIVE_STATUSES, **_signatory_filter(signature)
    )
    if exclude is not None:
        live = live.exclude(pk=exclude)
    if live.exists():
        raise _already_signed(signature.signatory)


# -- the operations ----------------------------------------------------------------------
def sign(
    *, campaign: Campaign, details: Details, now: dt.datetime | None = None
) -> tuple[Signature, bool]:
    """Sign ``campaign`` for a city or an organisation. Returns the signature and whether
    it is new.

    Side effects: refuses (ValidationError) a campaign that does not take signatures
    now, details that do not validate, and (AlreadySigned) a city or organisation that
    already signed; the same address signing again for the same signatory before
    confirming gets the link again (no second signature). A new signature is
    unconfirmed and its confirmation link is mailed after commit.
    """
    now = now or timezone.now()
    if not takes_signatures(campaign, today=timezone.localdate(now)):
        raise ValidationError(_("This campaign does not take signatures now."))
    if (details.city is None) == (details.organisation is None):
        raise ValidationError(_("Choose the city or the organisation that signs, not both."))
    email = details.email.strip().lower()
    with transaction.atomic():
        campaign = _locked(campaign)
        _check_free(campaign, details)
        existing = Signature.objects.filter(
            campaign=campaign, email=email, status=Status.UNCONFIRMED, **_signatory_filter(details)
        ).first()
        if existing is not None:
            existing.campaign = campaign
            _mail("confirm_email", existing, confirm_url=absolute(confirm_url(existing)))
            return existing, False
        signature = Signature(
            campaign=campaign,
            city=details.city,
            organisation=details.organisation,
            name=details.name.strip(),
            title=details.title.strip(),
            email=email,
            language=details.language,
            created_at=now,
            consented_at=now,
        )
        signature.full_clean(exclude=["campaign", "status"], validate_constraints=False)
        signature.save()
        _mail("confirm_email", signature, confirm_url=absolute(confirm_url(signature)))
    logger.info("Signature %s of campaign %s: unconfirmed", signature.pk, campaign.pk)
    return signature, True


def confirm_email(*, signature: Signature, now: dt.datetime | None = None) -> Signature:
    """The signatory followed the link sent to their address.

    Side effects: an unconfirmed signature becomes confirmed, or pending approval when
    the campaign asks for it, and the signatory is told by mail after commit; any other
    is left as it is (following the link twice is harmless). Raises AlreadySigned when
    the city or organisation signed meanwhile through someone else, and
    ValidationError when the campaign no longer takes signatures.
    """
    now = now or timezone.now()
    with transaction.atomic():
        campaign = _locked(signature.campaign)
        signature = Signature.objects.select_related("city", "organisation").get(pk=signature.pk)
        signature.campaign = campaign
        if signature.status != Status.UNCONFIRMED:
            return signature
        if not takes_signatures(campaign, today=timezone.localdate(now)):
            raise ValidationError(_("This campaign does not take signatures now."))
        _check_free(campaign, signature, exclude=signature.pk)
        signature.email_confirmed_at = now
        if campaign.approval_required:
            signature.status = Status.PENDING_APPROVAL
        else:
            signature.status, signature.confirmed_at = Status.CONFIRMED, now
        try:
            with transaction.atomic():
                signature.save(update_fields=["status", "email_confirmed_at", "confirmed_at"])
        except IntegrityError:  # another signature of the same city won the race
            raise _already_signed(signature.signatory) from None
        _mail("awaiting_approval" if campaign.approval_required else "confirmed", signature)
    logger.info("Signature %s of campaign %s: %s", signature.pk, campaign.pk, signature.status)
    return signature


def approve(*, signature: Signature, by, now: dt.datetime | None = None) -> Signature:
    """An editor of the campaign accepts a signature awaiting approval: it is confirmed
    (and counts from now), and the signatory told by mail after commit.

    Refuses (PermissionDenied) anyone who does not manage the campaign's signatures, and
    (ValidationError) a signature that is not awaiting approval.
    """
    check_can_manage_signatures(by, signature.campaign)
    now = now or timezone.now()
    with transaction.atomic():
        campaign = _locked(signature.campaign)
        signature = Signature.objects.select_related("city", "organisation").get(pk=signature.pk)
        if signature.status != Status.PENDING_APPROVAL:
            raise ValidationError(_("Only a signature awaiting approval can be approved."))
        signature.campaign = campaign
        signature.status, signature.confirmed_at, signature.decided_at = Status.CONFIRMED, now, now
        signature.save(update_fields=["status", "confirmed_at", "decided_at"])
        _mail("approved", signature)
    return signature


def decline(*, signature: Signature, by, now: dt.datetime | None = None) -> Signature:
    """An editor of the campaign declines a signature awaiting approval: the signatory is
    told by mail after commit, and the city or organisation may sign again."""
    check_can_manage_signatures(by, signature.campaign)
    now = now or timezone.now()
    with transaction.atomic():
        campaign = _locked(signature.campaign)
        signature = Signature.objects.select_related("city", "organisation").get(pk=signature.pk)
        if signature.status != Status.PENDING_APPROVAL:
            raise ValidationError(_("Only a signature awaiting approval can be declined."))
        signature.campaign = campaign
        signature.status, signature.decided_at = Status.DECLINED, now
        signature.save(update_fields=["status", "decided_at"])
        _mail("declined", signature)
    return signature


def withdraw(*, signature: Signature, now: dt.datetime | None = None) -> Signature:
    """The signatory withdraws through the link in their mail: the signature no longer
    counts nor shows, and they are told by mail after commit. Withdrawing a withdrawn or
    declined signature changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        campaign = _locked(signature.campaign)
        signature = Signature.objects.select_related("city", "organisation").get(pk=signature.pk)
        signature.campaign = campaign
        if signature.status in (Status.WITHDRAWN, Status.DECLINED):
            return signature
        signature.status, signature.withdrawn_at = Status.WITHDRAWN, now
        signature.save(update_fields=["status", "withdrawn_at"])
        _mail("withdrawn", signature)
    logger.info("Signature %s withdrawn", signature.pk)
    return signature


def erase_unconfirmed(*, now: dt.datetime | None = None) -> int:
    """Delete the signatures whose address was never confirmed and whose confirmation
    link has expired: they count for nothing, nothing can confirm them any more, and
    they hold a person's name and address. Returns how many were deleted."""
    expired_before = (now or timezone.now()) - dt.timedelta(seconds=tokens.CONFIRM_MAX_AGE)
    deleted, _by_model = Signature.objects.filter(
        status=Status.UNCONFIRMED, created_at__lt=expired_before
    ).delete()
    if deleted:
        logger.info("Erased %s signatures never confirmed", deleted)
    return deleted
