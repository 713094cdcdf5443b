"""Campaigns: a statement of solidarity with its asks, which cities and organisations sign.

A ``Campaign`` is an item (multi-table inheritance, like events and resources): its
statement is the item's body, translated through ``ItemTranslation``; its owner is an
organisation with the role organiser or publisher (``ItemActor``); its frameworks are the
item's. Each ask is a short text in a language (``CampaignAsk``): the asks in the
reader's language are shown, else those in the campaign's own.

A ``Signature`` is a city (for its local government) or an organisation signing through a
named person. It counts once its address is confirmed (and, where the campaign asks for
it, once the secretariat approved it); a city or organisation holds at most one live
signature per campaign, guaranteed by partial unique constraints.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.content.models import CONTENT_LANGUAGES, Item, ItemQuerySet, Kind
from crossroads.directory.models import City, Organisation

#: The longest text of an ask.
ASK_MAX = 300


class CampaignType(models.TextChoices):
    STATEMENT = "statement", _("Statement of solidarity")
    DECLARATION = "declaration", _("Declaration")
    CALL = "call", _("Call to action")


class Campaign(Item):
    item_kind = Kind.CAMPAIGN
    type_field = "campaign_type"

    campaign_type = models.CharField(
        _("type"), max_length=12, choices=CampaignType.choices, default=CampaignType.STATEMENT
    )
    opens_on = models.DateField(_("open for signing from"))
    closes_on = models.DateField(
        _("open for signing until"), null=True, blank=True, help_text=_("Empty: no end.")
    )
    approval_required = models.BooleanField(
        _("the secretariat approves signatures"),
        default=False,
        help_text=_("Confirmed signatures wait for an editor's approval before they count."),
    )
    signatories_public = models.BooleanField(
        _("signatories are public"),
        default=True,
        help_text=_("Show who signed, the map and the CSV; otherwise only the count."),
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="campaign_closes_after_opening",
                violation_error_message=_("A campaign closes on or after the day it opens."),
            )
        ]

    def is_open(self, today: dt.date | None = None) -> bool:
        """Whether signatures are taken today (the item must also be published)."""
        today = today or timezone.localdate()
        return self.opens_on <= today and (self.closes_on is None or today <= self.closes_on)


class CampaignAsk(models.Model):
    """One of a campaign's asks, in one language; the asks of a language are its list."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="asks")
    language = models.CharField(_("language"), max_length=8, choices=CONTENT_LANGUAGES)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("ask"), max_length=ASK_MAX)

    class Meta:
        ordering = ["language", "order", "pk"]
        verbose_name = _("ask")
        verbose_name_plural = _("asks")

    def __str__(self) -> str:
        return self.text


class SignatureStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Awaiting email confirmation")
    PENDING_APPROVAL = "pending_approval", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: The statuses that hold a city's or organisation's place on a campaign: one at most.
#: (An unconfirmed signature holds nothing: anyone could otherwise block a city by
#: signing in its name with an address they never confirm.)
LIVE_STATUSES = (SignatureStatus.PENDING_APPROVAL, SignatureStatus.CONFIRMED)


class Signature(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="signatures"
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title or office"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    language = models.CharField(
        _("language"), max_length=8, choices=CONTENT_LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SignatureStatus.choices,
        default=SignatureStatus.UNCONFIRMED,
    )
    created_at = models.DateTimeField(_("signed"), default=timezone.now)
    consented_at = models.DateTimeField(_("privacy notice accepted"), null=True, blank=True)
    email_confirmed_at = models.DateTimeField(_("address confirmed"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("counted since"), null=True, blank=True)
    decided_at = models.DateTimeField(_("approved or declined"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        indexes = [models.Index(fields=["campaign", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(city__isnull=True) & Q(organisation__isnull=False))
                | (Q(city__isnull=False) & Q(organisation__isnull=True)),
                name="signature_city_xor_organisation",
                violation_error_message=_("A signature is a city's or an organisation's."),
            ),
            models.UniqueConstraint(
                fields=["campaign", "city"],
                condition=Q(status__in=LIVE_STATUSES, city__isnull=False),
                name="unique_live_city_signature",
                violation_error_message=_("This city has already signed."),
            ),
            models.UniqueConstraint(
                fields=["campaign", "organisation"],
                condition=Q(status__in=LIVE_STATUSES, organisation__isnull=False),
                name="unique_live_organisation_signature",
                violation_error_message=_("This organisation has already signed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signatory} ({self.get_status_display()})"

    @property
    def signatory(self) -> City | Organisation | None:
        return self.city if self.city_id else self.organisation

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    def clean(self) -> None:
        if bool(self.city_id) == bool(self.organisation_id):
            raise ValidationError(_("Choose a city or an organisation, not both."))
