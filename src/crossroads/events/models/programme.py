"""Events: when, where, how to attend and register, and the programme."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from crossroads.content.dates import DatePrecision, format_range
from crossroads.content.models import Item, ItemQuerySet, Kind
from crossroads.content.timezones import is_valid_timezone
from crossroads.directory.models import City, Office, Organisation, Person
from crossroads.library.models import Resource


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventType(models.TextChoices):
    PEER_LEARNING = "peer_learning", _("Peer-learning event")
    WORKSHOP = "workshop", _("Workshop")
    SIDE_EVENT = "side_event", _("Side event")
    HUB_MEETING = "hub_meeting", _("Hub meeting")
    FORUM = "forum", _("Forum")
    SUMMIT = "summit", _("Summit")
    CONFERENCE = "conference", _("Conference")
    WEBINAR = "webinar", _("Webinar")
    TRAINING = "training", _("Training")


class ProgramStatus(models.TextChoices):
    NONE = "none", _("No programme")
    COMING_SOON = "coming_soon", _("Coming soon")
    PRELIMINARY = "preliminary", _("Preliminary")
    FINAL = "final", _("Final")


class RegistrationMode(models.TextChoices):
    CLOSED = "closed", _("Closed")
    COMING_SOON = "coming_soon", _("Coming soon")
    OPEN = "open", _("Open on Crossroads")
    EXTERNAL = "external", _("External registration")


class Event(Item):
    """An item that happens: multi-table inheritance keeps every item in one table."""

    item_kind = Kind.EVENT
    type_field = "event_type"

    event_type = models.CharField(_("event type"), max_length=20, choices=EventType.choices)
    start_date = models.DateField(
        _("start date"), help_text=_("For a month or a year, any day in it: the first is kept.")
    )
    end_date = models.DateField(_("end date"))
    date_precision = models.CharField(
        _("dates known to the"), max_length=5, choices=DatePrecision.choices, default="day"
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        help_text=_("IANA name such as Africa/Nairobi. Left empty, the city's time zone is used."),
    )
    attendance_mode = models.CharField(
        _("attendance"), max_length=10, choices=AttendanceMode.choices, default="in_person"
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    online_url = models.URLField(
        _("online link"),
        max_length=500,
        blank=True,
        help_text=_("Meeting link. Only confirmed participants will see it."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    program_status = models.CharField(
        _("programme"), max_length=12, choices=ProgramStatus.choices, default="none"
    )
    objectives = models.TextField(_("objectives"), blank=True, help_text=_("Markdown."))
    registration_mode = models.CharField(
        _("registration"), max_length=12, choices=RegistrationMode.choices, default="closed"
    )
    registration_url = models.URLField(_("registration address"), max_length=500, blank=True)
    registration_deadline = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: open until the event ends."),
    )
    capacity_in_person = models.PositiveIntegerField(
        _("places in person"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    capacity_online = models.PositiveIntegerField(
        _("places online"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    waitlist_enabled = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When the places are taken, later registrations wait for a free place."),
    )
    approval_required = models.BooleanField(
        _("approval required"),
        default=False,
        help_text=_("The organisers accept each registration before it is confirmed."),
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "item_ptr_id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["start_date"]), models.Index(fields=["end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="event_end_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(date_precision="day")
                | (Q(start_time__isnull=True) & Q(end_time__isnull=True)),
                name="event_times_need_day_precision",
                violation_error_message=_("Times need dates known to the day."),
            ),
            models.CheckConstraint(
                condition=~Q(registration_mode="external") | ~Q(registration_url=""),
                name="event_external_registration_has_url",
                violation_error_message=_("External registration needs the registration address."),
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("item_ptr")),
                name="event_not_own_parent",
                violation_error_message=_("An event cannot be part of itself."),
            ),
        ]

    # -- when ---------------------------------------------------------------
    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        name = self.timezone or (self.city.timezone if self.city_id else "") or "UTC"
        return zoneinfo.ZoneInfo(name)

    @property
    def starts_at(self) -> dt.datetime | None:
        if self.start_time is None:
            return None
        return dt.datetime.combine(self.start_date, self.start_time, tzinfo=self.tz)

    @property
    def ends_at(self) -> dt.datetime | None:
        if self.end_time is None:
            return None
        return dt.datetime.combine(self.end_date, self.end_time, tzinfo=self.tz)

    @property
    def dates_display(self) -> str:
        return format_range(self.start_date, self.end_date, self.date_precision)

    @property
    def is_multi_day(self) -> bool:
        return self.date_precision == DatePrecision.DAY and self.end_date > self.start_date

    # -- where --------------------------------------------------------------
    @property
    def is_online(self) -> bool:
        return self.attendance_mode == AttendanceMode.VIRTUAL

    @property
    def has_location(self) -> bool:
        """Whether there is anything to say about where: online, or a known place."""
        return self.is_online or bool(self.city_id or self.venue)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors.setdefault("end_date", []).append(_("The end cannot be before the start."))
        if self.date_precision != DatePrecision.DAY and (self.start_time or self.end_time):
            errors.setdefault("start_time", []).append(_("Times need dates known to the day."))
        if (
            self.start_time
            and self.end_time
            and self.start_date == self.end_date
            and self.end_time < self.start_time
        ):
            errors.setdefault("end_time", []).append(_("The end cannot be before the start."))
        if self.timezone and not is_valid_timezone(self.timezone):
            errors.setdefault("timezone", []).append(
                _("Unknown time zone: use a name such as Africa/Nairobi or Europe/Paris.")
            )
        if self.start_time and not (self.timezone or self.city_id):
            errors.setdefault("timezone", []).append(
                _("Give a time zone (or a city) so that times mean the same to everyone.")
            )
        if self.registration_mode == RegistrationMode.EXTERNAL and not self.registration_url:
            errors.setdefault("registration_url", []).append(
                _("External registration needs the registration address.")
            )
        if self.parent_id:
            ancestor, seen = self.parent, set()
            while ancestor is not None:
                if ancestor.pk == self.pk or ancestor.pk in seen:
                    errors.setdefault("parent", []).append(_("An event cannot be part of itself."))
                    break
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        if errors:
            raise ValidationError(errors)


class SessionKind(models.TextChoices):
    OPENING = "opening", _("Opening")
    KEYNOTE = "keynote", _("Keynote")
    PLENARY = "plenary", _("Plenary")
    PANEL = "panel", _("Panel")
    PRESENTATION = "presentation", _("Presentation")
    DISCUSSION = "discussion", _("Discussion")
    BREAKOUT = "breakout", _("Breakout")
    BREAK = "break", _("Break")
    CLOSING = "closing", _("Closing")


class Session(models.Model):
    """One item of an event's programme, at local times of the event's time zone."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField(_("day"))
    start_time = models.TimeField(_("start"), null=True, blank=True)
    end_time = models.TimeField(_("end"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    kind = models.CharField(_("kind"), max_length=12, choices=SessionKind.choices, default="panel")
    track = models.CharField(
        _("track"),
        max_length=100,
        blank=True,
        help_text=_("Sessions at the same time in different tracks run in parallel."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["day", "start_time", "order", "track", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gte=F("start_time")),
                name="session_end_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=False) | Q(end_time__isnull=True),
                name="session_end_needs_start",
                violation_error_message=_("Give the start as well as the end."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.start_time and self.end_time and self.end_time < self.start_time:
            errors.setdefault("end_time", []).append(_("The end cannot be before the start."))
        if self.end_time and not self.start_time:
            errors.setdefault("start_time", []).append(_("Give the start as well as the end."))
        # The event may be unsaved still (an inline on the admin's add page) but known.
        event = self.event if self.event_id or Session.event.is_cached(self) else None
        if event and self.day and not (event.start_date <= self.day <= event.end_date):
            errors.setdefault("day", []).append(
                _("The day must fall within the event's dates (%(dates)s).")
                % {"dates": event.dates_display}
            )
        if errors:
            raise ValidationError(errors)

    @property
    def participants_by_role(self) -> list[tuple[str, list[Participant]]]:
        """The (prefetched) participants grouped by role, in the order roles are listed."""
        groups: dict[str, list[Participant]] = {}
        for participant in self.participants.all():
            groups.setdefault(participant.role, []).append(participant)
        return [
            (ParticipantRole(role).label, groups[role])
            for role in ParticipantRole.values
            if role in groups
        ]


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MODERATOR = "moderator", _("Moderator")
    SPEAKER = "speaker", _("Speaker")
    PANELLIST = "panellist", _("Panellist")
    PRESENTER = "presenter", _("Presenter")
    RAPPORTEUR = "rapporteur", _("Rapporteur")


class Participant(models.Model):
    """Who takes part in a session: a person, an organisation, an office, or a combination."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("role"), max_length=12, choices=ParticipantRole.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text=_("The organisation itself, or the person's affiliation."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False)
                | Q(office__isnull=False)
                | Q(organisation__isnull=False),
                name="participant_is_someone",
                violation_error_message=_("Name a person, an office or an organisation."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.person_id:
            return self.person.name
        if self.office_id:
            return str(self.office)
        return self.organisation.name

    @property
    def affiliation(self) -> str:
        """What follows the name: the office and/or organisation, when a person is named."""
        if not self.person_id:
            return ""
        parts = [str(self.office)] if self.office_id else []
        if self.organisation_id:
            parts.append(self.organisation.short_name)
        return ", ".join(parts)


class DocumentRole(models.TextChoices):
    CONCEPT_NOTE = "concept_note", _("Concept note")
    AGENDA = "agenda", _("Agenda")
    FLYER = "flyer", _("Flyer")
    PRESENTATION = "presentation", _("Presentation")
    REPORT = "report", _("Report")
    OTHER = "other", _("Document")


class EventDocument(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="event_links"
    )
    role = models.CharField(_("role"), max_length=14, choices=DocumentRole.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["event", "resource"], name="unique_event_document")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.resource}"
