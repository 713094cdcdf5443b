"""Registration for events: every change to a registration goes through here.

Places are counted under the event's lock: each operation that may take or free a place
runs in a transaction that first locks the event's row (``SELECT … FOR UPDATE`` on
PostgreSQL; on SQLite every write transaction is immediate, so writers already take turns).
Two people can therefore never take the last place, and a freed place goes to the first
person waiting for that way of attending, exactly once.

Mail goes out after the transaction commits (``content.mail.send``), in the participant's
language.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts import permissions
from crossroads.audit.services import record_update
from crossroads.content.links import absolute
from crossroads.content.mail import Attachment, send
from crossroads.directory.models import Country
from crossroads.events import tokens
from crossroads.events.calendars import event_calendar
from crossroads.events.models import (
    AttendanceMode,
    Event,
    Registration,
    RegistrationMode,
    RegistrationStatus,
)
from crossroads.events.models.registrations import ACTIVE_STATUSES, PLACE_STATUSES

logger = logging.getLogger(__name__)

Status = RegistrationStatus


class RegistrationState:
    """Whether an event takes registrations here, and if not, why."""

    OPEN = "open"
    CLOSED = "closed"
    COMING_SOON = "coming_soon"
    EXTERNAL = "external"
    DEADLINE_PASSED = "deadline_passed"
    ENDED = "ended"


@dataclass(frozen=True)
class Details:
    """What a person tells us when registering (the form's fields)."""

    name: str
    email: str
    attendance_mode: str
    language: str = "en"
    organisation: str = ""
    organisation_kind: str = ""
    title: str = ""
    city: str = ""
    country: Country | None = None
    accessibility_needs: str = ""


# -- reading the event's settings -------------------------------------------------------
def registration_state(event: Event, *, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    if event.end_date < now.astimezone(event.tz).date():
        return RegistrationState.ENDED
    if event.registration_mode == RegistrationMode.EXTERNAL:
        return RegistrationState.EXTERNAL
    if event.registration_mode == RegistrationMode.COMING_SOON:
        return RegistrationState.COMING_SOON
    if event.registration_mode != RegistrationMode.OPEN:
        return RegistrationState.CLOSED
    if event.registration_deadline and now > event.registration_deadline:
        return RegistrationState.DEADLINE_PASSED
    return RegistrationState.OPEN


def attendance_modes(event: Event) -> list[str]:
    """The ways of attending a person may choose: both for a hybrid event."""
    if event.attendance_mode == AttendanceMode.HYBRID:
        return [AttendanceMode.IN_PERSON, AttendanceMode.VIRTUAL]
    return [event.attendance_mode]


def capacity(event: Event, mode: str) -> int | None:
    """The places for ``mode`` (None: no limit)."""
    return event.capacity_online if mode == AttendanceMode.VIRTUAL else event.capacity_in_person


def places_taken(event: Event) -> dict[str, int]:
    """Places held (confirmed or attended) per way of attending, in one query."""
    rows = (
        Registration.objects.filter(event=event, status__in=PLACE_STATUSES)
        .values("attendance_mode")
        .annotate(n=Count("pk"))
    )
    taken = {mode: 0 for mode in attendance_modes(event)}
    taken.update({row["attendance_mode"]: row["n"] for row in rows})
    return taken


def places_left(event: Event) -> dict[str, int | None]:
    """Free places per way of attending (None: no limit)."""
    taken = places_taken(event)
    left = {}
    for mode in attendance_modes(event):
        limit = capacity(event, mode)
        left[mode] = None if limit is None else max(limit - taken.get(mode, 0), 0)
    return left


# -- links ---------------------------------------------------------------------------
def manage_url(registration: Registration) -> str:
    token = tokens.make_token(registration.pk, tokens.MANAGE)
    return reverse("events:registration", args=[token])


def confirm_url(registration: Registration) -> str:
    token = tokens.make_token(registration.pk, tokens.CONFIRM)
    return reverse("events:confirm-registration", args=[token])


def get_registration_by_token(token: str, purpose: str) -> Registration:
    """The registration a link names; ``tokens.BadToken`` when the link is altered,
    expired, or names a registration that no longer exists or was anonymised."""
    pk = tokens.read_token(token, purpose)
    registration = (
        Registration.objects.select_related("event__city__country", "country")
        .filter(pk=pk, anonymised_at__isnull=True)
        .first()
    )
    if registration is None:
        raise tokens.BadToken("no such registration")
    return registration


# -- mail ------------------------------------------------------------------------------
def _mail(name: str, registration: Registration, *, reply_to: str | None = None, **context) -> None:
    event = registration.event
    holds_place = registration.status in PLACE_STATUSES
    send(
        f"events/mail/{name}",
        {
            "registration": registration,
            "event": event,
            "event_url": absolute(event.get_absolute_url()),
            "manage_url": absolute(manage_url(registration)),
            "online_url": event.online_url if holds_place else "",
            **context,
        },
        to=registration.email,
        language=registration.language,
        attachments=_calendar(event) if holds_place else (),
        reply_to=reply_to or None,
    )


def _calendar(event: Event) -> tuple[Attachment, ...]:
    """The calendar file for those holding a place (the online link in it), made once per
    event object: a message to every participant attaches the same file."""
    attachments = getattr(event, "_registration_calendar", None)
    if attachments is None:
        calendar = event_calendar(event, online_url=event.online_url)
        attachments = (
            () if calendar is None else (Attachment("event.ics", calendar, "text/calendar"),)
        )
        event._registration_calendar = attachments
    return attachments


# -- the lock and the seat -----------------------------------------------------------
def _locked(event: Event) -> Event:
    """The event, read again under its lock (call inside a transaction)."""
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("city__country")
        .get(pk=event.pk)
    )


def _held(event: Event, mode: str) -> int:
    """Places held for ``mode`` (read under the event's lock)."""
    return Registration.objects.filter(
        event=event, attendance_mode=mode, status__in=PLACE_STATUSES
    ).count()


def _seat(registration: Registration, event: Event, now: dt.datetime) -> None:
    """Confirm ``registration`` if a place is free, else put it on the waiting list (or,
    without one, cancel it: the last places went while the person confirmed)."""
    limit = capacity(event, registration.attendance_mode)
    registration.event = event
    if limit is None or _held(event, registration.attendance_mode) < limit:
        registration.status, registration.confirmed_at = Status.CONFIRMED, now
        _mail("confirmed", registration)
    elif event.waitlist_enabled:
        registration.status, registration.waitlisted_at = Status.WAITLISTED, now
        _mail("waitlisted", registration)
    else:
        registration.status, registration.cancelled_at = Status.CANCELLED, now
        _mail("full", registration)


def _place(registration: Registration, event: Event, now: dt.datetime) -> None:
    """What follows a confirmed address: approval if required, else a seat."""
    if event.approval_required:
        registration.status = Status.PENDING_APPROVAL
        _mail("awaiting_approval", registration)
    else:
        _seat(registration, event, now)


def _fill(event: Event, mode: str, now: dt.datetime) -> list[Registration]:
    """Give free places for ``mode`` to the people waiting, first come first served."""
    limit = capacity(event, mode)
    waiting = Registration.objects.filter(
        event=event, attendance_mode=mode, status=Status.WAITLISTED
    ).order_by("waitlisted_at", "pk")
    if limit is not None:
        waiting = waiting[: max(limit - _held(event, mode), 0)]
    promoted = list(waiting)
    for registration in promoted:
        registration.event = event
        registration.status, registration.confirmed_at = Status.CONFIRMED, now
        registration.save(update_fields=["status", "confirmed_at"])
        _mail("promoted", registration)
        logger.info("Registration %s promoted from the waiting list", registration.pk)
    return promoted


# -- the operations --------------------------------------------------------------------
def register(
    *, event: Event, details: Details, user=None, now: dt.datetime | None = None
) -> tuple[Registration, bool]:
    """Register a person for ``event``. Returns the registration and whether it is new.

    Side effects: refuses (ValidationError) when the event does not take registrations
    here, or the way of attending is not offered; an address already registered gets its
    registration back, and the mail that fits its status again (no second registration).
    A new registration by a signed-in person whose account has this address is placed at
    once (approval, a place, the waiting list, or "full"); any other waits for its address
    to be confirmed by the link sent to it. Mail goes out after commit.
    """
    now = now or timezone.now()
    state = registration_state(event, now=now)
    if state != RegistrationState.OPEN or not event.is_public:
        raise ValidationError(_("This event does not take registrations now."))
    if details.attendance_mode not in attendance_modes(event):
        raise ValidationError(_("Choose how you will attend among the ways offered."))
    email = details.email.strip().lower()
    verified = bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.email.lower() == email
    )
    with transaction.atomic():
        event = _locked(event)
        existing = Registration.objects.filter(
            event=event, email=email, status__in=ACTIVE_STATUSES, anonymised_at__isnull=True
        ).first()
        if existing is not None:
            existing.event = event
            if existing.status == Status.PENDING_EMAIL:
                _mail("confirm_email", existing, confirm_url=absolute(confirm_url(existing)))
            else:
                _mail("reminder_of_status", existing)
            return existing, False
        given = {field.name: getattr(details, field.name) for field in fields(details)}
        registration = Registration(
            **{**given, "email": email},
            event=event,
            user=user if verified else None,
            consented_at=now,
        )
        registration.full_clean(exclude=["event", "user", "status"])
        registration.save()
        if verified:
            registration.email_confirmed_at = now
            _place(registration, event, now)
            registration.save()
        else:
            _mail("confirm_email", registration, confirm_url=absolute(confirm_url(registration)))
    logger.info("Registration %s for event %s: %s", registration.pk, event.pk, registration.status)
    return registration, True


def confirm_email(*, registration: Registration, now: dt.datetime | None = None) -> Registration:
    """The person followed the link sent to their address.

    Side effects: a registration awaiting its address is placed (approval, a place, the
    waiting list, or "full"); any other is left as it is (following the link twice is
    harmless). Mail goes out after commit.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        registration.event = event
        if registration.status != Status.PENDING_EMAIL:
            return registration
        registration.email_confirmed_at = now
        _place(registration, event, now)
        registration.save()
    return registration


def approve(*, registration: Registration, by, now: dt.datetime | None = None) -> Registration:
    """An editor accepts a registration awaiting approval.

    Side effects: a place, or the waiting list, or "full" as for anyone; mail after commit.
    Refuses (PermissionDenied) anyone who does not manage the event's registrations, and
    (ValidationError) a registration that is not awaiting approval.
    """
    permissions.check_can_manage_registrations(by, registration.event)
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status != Status.PENDING_APPROVAL:
            raise ValidationError(_("Only a registration awaiting approval can be accepted."))
        _seat(registration, event, now)
        registration.save()
    return registration


def decline(*, registration: Registration, by, now: dt.datetime | None = None) -> Registration:
    """An editor declines a registration awaiting approval. Side effects: it is cancelled
    and the person told by mail after commit."""
    permissions.check_can_manage_registrations(by, registration.event)
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status != Status.PENDING_APPROVAL:
            raise ValidationError(_("Only a registration awaiting approval can be declined."))
        registration.event = event
        registration.status, registration.cancelled_at = Status.CANCELLED, now
        registration.save(update_fields=["status", "cancelled_at"])
        _mail("declined", registration)
    return registration


def cancel(*, registration: Registration, by=None, now: dt.datetime | None = None) -> Registration:
    """Cancel a registration: by its signed link (``by`` None), by the account that made
    it, or by one of the event's editors.

    Side effects: a place it held goes to the first person waiting for the same way of
    attending (who is told by mail); the person is told by mail; cancelling a cancelled
    registration changes nothing. Mail after commit.
    """
    if by is not None and not (registration.user_id is not None and registration.user_id == by.pk):
        permissions.check_can_manage_registrations(by, registration.event)
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        registration.event = event
        if registration.status == Status.CANCELLED:
            return registration
        if registration.status == Status.ATTENDED:
            raise ValidationError(_("A participant who attended cannot be cancelled."))
        held_place = registration.holds_place
        registration.status, registration.cancelled_at = Status.CANCELLED, now
        registration.save(update_fields=["status", "cancelled_at"])
        _mail("cancelled", registration)
        if held_place:
            _fill(event, registration.attendance_mode, now)
    logger.info("Registration %s cancelled", registration.pk)
    return registration


def fill_free_places(*, event: Event, by=None, now: dt.datetime | None = None) -> int:
    """Give free places to people waiting (after an editor raised the capacity).
    Returns how many were promoted; each is told by mail after commit."""
    if by is not None:
        permissions.check_can_manage_registrations(by, event)
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked(event)
        return sum(len(_fill(event, mode, now)) for mode in attendance_modes(event))


def check_in(
    *, registration: Registration, by, attended: bool = True, now: dt.datetime | None = None
) -> Registration:
    """Mark a confirmed participant as attended (or undo it). No mail."""
    permissions.check_can_manage_registrations(by, registration.event)
    now = now or timezone.now()
    with transaction.atomic():
        _locked(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        wanted_from = Status.CONFIRMED if attended else Status.ATTENDED
        if registration.status != wanted_from:
            raise ValidationError(
                _("Only a confirmed participant can be checked in.")
                if attended
                else _("Only a participant who was checked in can be un-checked.")
            )
        registration.status = Status.ATTENDED if attended else Status.CONFIRMED
        registration.attended_at = now if attended else None
        registration.save(update_fields=["status", "attended_at"])
    return registration


def message_participants(*, event: Event, subject: str, body: str, by) -> int:
    """Send a message from the event's editors to every confirmed participant.

    Side effects: one mail per participant (their own copy, in the site's frame in their
    language; the organisers' text as written; replies go to the editor who wrote it),
    after commit. Returns how many.
    """
    permissions.check_can_manage_registrations(by, event)
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise ValidationError(_("Write a subject and a message."))
    recipients = Registration.objects.filter(
        event=event, status=Status.CONFIRMED, anonymised_at__isnull=True
    )
    count = 0
    with transaction.atomic():
        for registration in recipients:
            registration.event = event  # one event object: its calendar file is made once
            _mail("message", registration, subject=subject, body=body, reply_to=by.email)
            count += 1
    logger.info("Message to %s participants of event %s by %s", count, event.pk, by)
    return count


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind confirmed participants of events starting tomorrow (in each event's own
    time zone). Idempotent: each registration is reminded once, however often this runs
    (a conditional update claims it before its mail is sent). Returns how many."""
    now = now or timezone.now()
    today = now.date()
    events = Event.objects.filter(
        start_date__range=(today, today + dt.timedelta(days=2)),
        registrations__status=Status.CONFIRMED,
        registrations__reminded_at__isnull=True,
    ).distinct()
    count = 0
    for event in events.select_related("city__country"):
        if event.start_date != now.astimezone(event.tz).date() + dt.timedelta(days=1):
            continue
        pending = Registration.objects.filter(
            event=event, status=Status.CONFIRMED, reminded_at__isnull=True
        )
        for registration in pending:
            with transaction.atomic():
                claimed = Registration.objects.filter(
                    pk=registration.pk, reminded_at__isnull=True, status=Status.CONFIRMED
                ).update(reminded_at=now)
                if claimed:
                    registration.event = event
                    _mail("reminder", registration)
                    count += 1
    return count


# -- privacy ---------------------------------------------------------------------------
#: What anonymising keeps: how, from where and from which kind of organisation people came.
ERASED_FIELDS = {
    "name": "",
    "email": "",
    "organisation": "",
    "title": "",
    "city": "",
    "accessibility_needs": "",
    "user": None,
}


def registration_data(registration: Registration) -> dict:
    """Everything stored about one registration, for the person to download."""
    event = registration.event
    return {
        "event": {
            "title": event.title,
            "dates": event.dates_display,
            "address": absolute(event.get_absolute_url()),
        },
        "name": registration.name,
        "email": registration.email,
        "organisation": registration.organisation,
        "organisation_kind": registration.organisation_kind,
        "title": registration.title,
        "city": registration.city,
        "country": registration.country.name if registration.country_id else "",
        "attendance_mode": registration.attendance_mode,
        "language": registration.language,
        "accessibility_needs": registration.accessibility_needs,
        "status": registration.status,
        **{
            field: value.isoformat() if value else None
            for field, value in (
                ("registered", registration.created_at),
                ("privacy_notice_accepted", registration.consented_at),
                ("email_confirmed", registration.email_confirmed_at),
                ("confirmed", registration.confirmed_at),
                ("waitlisted", registration.waitlisted_at),
                ("cancelled", registration.cancelled_at),
                ("attended", registration.attended_at),
            )
        },
    }


def anonymise_registration(*, registration: Registration, now: dt.datetime | None = None) -> None:
    """Erase a person's details from a registration, keeping its status, way of attending,
    country and kind of organisation for the event's counts. A live registration of an event
    still to come is cancelled first (its place goes to the next person waiting; the person
    is told it was cancelled)."""
    now = now or timezone.now()
    with transaction.atomic():
        if registration.status not in (Status.CANCELLED, Status.ATTENDED):
            event_ended = registration.event.end_date < now.date()
            if not event_ended:
                registration = cancel(registration=registration, now=now)
        Registration.objects.filter(pk=registration.pk).update(**ERASED_FIELDS, anonymised_at=now)
        record_update(instances=[registration], changes={"anonymised_at": (None, now)})


def anonymise_past(*, days: int, now: dt.datetime | None = None) -> int:
    """Anonymise the registrations of events that ended more than ``days`` days ago.
    Returns how many were anonymised."""
    now = now or timezone.now()
    cutoff = now.date() - dt.timedelta(days=days)
    with transaction.atomic():
        registrations = list(
            Registration.objects.filter(
                event__end_date__lt=cutoff, anonymised_at__isnull=True
            ).only("pk")
        )
        Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
            **ERASED_FIELDS, anonymised_at=now
        )
        record_update(instances=registrations, changes={"anonymised_at": (None, now)})
    return len(registrations)
