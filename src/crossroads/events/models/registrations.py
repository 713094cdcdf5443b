"""Registrations: a person's place at an event.

Every change to a registration goes through ``events.services``, which holds the event's
lock while it counts places, so that an event is never oversold.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crossroads.directory.models import Country, OrganisationKind
from crossroads.events.models.programme import AttendanceMode, Event


class RegistrationStatus(models.TextChoices):
    PENDING_EMAIL = "pending_email", _("Awaiting email confirmation")
    PENDING_APPROVAL = "pending_approval", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")


#: The statuses of a registration that is still alive: one per email and event.
ACTIVE_STATUSES = (
    RegistrationStatus.PENDING_EMAIL,
    RegistrationStatus.PENDING_APPROVAL,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.ATTENDED,
)

#: The statuses that hold a place.
PLACE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)

#: How a person attends: in the room or online (a hybrid event offers both).
PARTICIPATION_MODES = [
    (AttendanceMode.IN_PERSON.value, AttendanceMode.IN_PERSON.label),
    (AttendanceMode.VIRTUAL.value, AttendanceMode.VIRTUAL.label),
]


class Registration(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=30, choices=OrganisationKind.choices, blank=True
    )
    title = models.CharField(_("role or title"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attendance_mode = models.CharField(
        _("attending"), max_length=10, choices=PARTICIPATION_MODES, default="in_person"
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING_EMAIL,
    )
    consented_at = models.DateTimeField(_("privacy notice accepted"))
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    email_confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("place confirmed"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(
        _("joined the waiting list"),
        null=True,
        blank=True,
        help_text=_("The waiting list is served in this order."),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["event", "status", "attendance_mode"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=ACTIVE_STATUSES, anonymised_at__isnull=True),
                name="one_live_registration_per_email",
                violation_error_message=_("This email is already registered for this event."),
            ),
            models.CheckConstraint(
                condition=Q(attendance_mode__in=["in_person", "virtual"]),
                name="registration_mode_is_one_way",
                violation_error_message=_("Attend either in person or online."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    @property
    def holds_place(self) -> bool:
        return self.status in PLACE_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
