"""Pledges: commitments made at a forum by cities, organisations or networks.

A ``Pledge`` is an item (multi-table inheritance, like campaigns): its description is the
item's body; its frameworks, objectives, topics, cities and countries are the item's; its
editors are those of the organisations named on it (``ItemActor``), as for every item.
Who pledged is a list of ``Pledger`` rows, each naming exactly one city, organisation or
network (a joint pledge has several). Its progress (``progress``: planning, in progress,
fulfilled, withdrawn) changes only through ``pledges.services``; every change is a dated
``PledgeUpdate``, which may also carry text and evidence (a resource or an event).

A ``PledgeMatch`` links an offer of support to a pledge that needs it: proposed by an
editor of either side, it holds once editors of both sides confirmed it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crossroads.content.models import Item, ItemQuerySet, Kind
from crossroads.directory.models import City, Network, Organisation


class PledgeType(models.TextChoices):
    COMMITMENT = "commitment", _("Commitment")
    OFFER = "offer", _("Offer of support")
    NEED = "need", _("Need of support")


class Progress(models.TextChoices):
    PLANNING = "planning", _("Planning")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: The changes of progress allowed: withdrawn and fulfilled are final.
TRANSITIONS = {
    Progress.PLANNING: (Progress.IN_PROGRESS, Progress.WITHDRAWN),
    Progress.IN_PROGRESS: (Progress.FULFILLED, Progress.WITHDRAWN),
    Progress.FULFILLED: (),
    Progress.WITHDRAWN: (),
}


class Pledge(Item):
    item_kind = Kind.PLEDGE
    type_field = "pledge_type"

    pledge_type = models.CharField(
        _("kind of pledge"),
        max_length=12,
        choices=PledgeType.choices,
        default=PledgeType.COMMITMENT,
    )
    progress = models.CharField(
        _("progress"),
        max_length=12,
        choices=Progress.choices,
        default=Progress.PLANNING,
        db_index=True,
        help_text=_("Changed by adding an update, never directly."),
    )
    progress_changed_on = models.DateField(_("progress changed on"), null=True, blank=True)
    forum = models.ForeignKey(
        "events.Event",
        verbose_name=_("made at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges_made",
    )
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. USD, EUR.")
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="pledge_ends_after_start",
                violation_error_message=_("A pledge ends on or after the day it starts."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(currency__regex=r"^[A-Z]{3}$"),
                name="pledge_budget_has_currency",
                violation_error_message=_("A budget needs its currency (three capitals)."),
            ),
        ]


class Pledger(models.Model):
    """One of the entities making a pledge: exactly one city, organisation or network."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="pledgers")
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, null=True, blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.PROTECT, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("pledger")
        verbose_name_plural = _("pledgers")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(city__isnull=False, organisation__isnull=True, network__isnull=True)
                    | Q(city__isnull=True, organisation__isnull=False, network__isnull=True)
                    | Q(city__isnull=True, organisation__isnull=True, network__isnull=False)
                ),
                name="pledger_names_one_entity",
                violation_error_message=_("A pledger is one city, organisation or network."),
            )
        ]

    def __str__(self) -> str:
        return str(self.entity)

    @property
    def entity(self):
        return self.city or self.organisation or self.network


class PledgeUpdate(models.Model):
    """A dated step of a pledge: text, the progress after it, evidence."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    text = models.TextField(_("text"), blank=True, max_length=4000)
    progress = models.CharField(
        _("progress after it"), max_length=12, choices=Progress.choices, blank=True
    )
    evidence_resource = models.ForeignKey(
        "library.Resource",
        verbose_name=_("evidence (resource)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    evidence_event = models.ForeignKey(
        "events.Event",
        verbose_name=_("evidence (event)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("update")
        verbose_name_plural = _("updates")

    def __str__(self) -> str:
        return f"{self.date}: {self.get_progress_display() or self.text[:60]}"


class PledgeMatch(models.Model):
    """An offer of support linked to a pledge needing it; it holds once both confirmed."""

    offer = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="matches_offered")
    need = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="matches_needed")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    confirmed_by_offer_at = models.DateTimeField(null=True, blank=True)
    confirmed_by_need_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["offer", "need"], name="pledge_match_once"),
            models.CheckConstraint(
                condition=~Q(offer=models.F("need")), name="pledge_match_two_pledges"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} → {self.need}"

    @property
    def confirmed(self) -> bool:
        return bool(self.confirmed_by_offer_at and self.confirmed_by_need_at)
