"""Reads for event lists and pages, with their joins decided once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from crossroads.accounts.permissions import items_visible_to
from crossroads.content.queries import actors_prefetch, translation_prefetch, with_card_data
from crossroads.events.models import Event, EventDocument, Participant, Registration, Session
from crossroads.events.models.registrations import ACTIVE_STATUSES
from crossroads.library.models import Resource
from crossroads.library.queries import versions_prefetch
from crossroads.news.models import Story


def event_cards(queryset: QuerySet) -> QuerySet:
    """Events as list entries: place, country and organisations included."""
    return with_card_data(queryset.select_related("city__country"))


def upcoming_events(*, today: dt.date | None = None) -> QuerySet:
    """Published events that have not ended, soonest first."""
    today = today or timezone.localdate()
    return event_cards(Event.objects.published().filter(end_date__gte=today)).order_by(
        "start_date", "pk"
    )


def get_event_for(user, slug: str) -> Event:
    """The event page's event, with everything the page shows, or 404.

    Staff see unpublished events (to preview them); everyone else only published ones.
    """
    participants = Participant.objects.select_related(
        "person", "organisation", "office__city", "office__organisation"
    )
    sessions = Session.objects.prefetch_related(Prefetch("participants", queryset=participants))
    documents = (
        EventDocument.objects.filter(resource__in=Resource.objects.published())
        .select_related("resource")
        .prefetch_related(
            versions_prefetch("resource__"),
            translation_prefetch("resource__"),
        )
    )
    queryset = (
        items_visible_to(user, Event.objects.all())
        .select_related("city__country", "parent")
        .prefetch_related(
            translation_prefetch(),
            translation_prefetch("parent__"),
            actors_prefetch(),
            "topics",
            "frameworks",
            "framework_objectives__framework",
            "cities",
            "countries",
            Prefetch("sessions", queryset=sessions),
            Prefetch("documents", queryset=documents),
        )
    )
    return get_object_or_404(queryset, slug=slug)


def sub_events(event: Event) -> QuerySet:
    """Published events that are part of ``event`` (workshops, side events)."""
    return event_cards(Event.objects.published().filter(parent=event)).order_by("start_date", "pk")


def more_events(event: Event, *, limit: int = 5) -> list[Event]:
    """Other events of the same series (parent) or by the same organisers, nearest in time."""
    organisation_ids = [organisation.pk for organisation in event.lead_organisations]
    same = Q(actors__organisation__in=organisation_ids, actors__role__in=["organiser", "host"])
    if event.parent_id:
        same |= Q(parent=event.parent_id)
    ids = (
        Event.objects.published()
        .filter(same)
        .exclude(pk=event.pk)
        .exclude(pk=event.parent_id or 0)
        .exclude(parent=event.pk)
        .values_list("pk", flat=True)
        .distinct()
    )
    candidates = event_cards(Event.objects.filter(pk__in=ids))
    return sorted(candidates, key=lambda other: abs((other.start_date - event.start_date).days))[
        :limit
    ]


def stories_about(event: Event) -> QuerySet:
    return with_card_data(Story.objects.published().filter(events=event)).order_by("-published_at")


# -- the programme, grouped for display ---------------------------------------------
@dataclass
class Slot:
    """Sessions starting at the same time; several tracks mean they run in parallel."""

    start: dt.time | None
    end: dt.time | None
    sessions: list[Session] = field(default_factory=list)

    @property
    def is_parallel(self) -> bool:
        return len(self.sessions) > 1


@dataclass
class ProgramDay:
    day: dt.date
    slots: list[Slot]
    tracks: list[str]


def program_days(sessions: list[Session]) -> list[ProgramDay]:
    """Group an event's (prefetched, ordered) sessions by day, then by starting time."""
    days = []
    for day, day_sessions in groupby(sessions, key=lambda session: session.day):
        day_sessions = list(day_sessions)
        slots: list[Slot] = []
        for start, slot_sessions in groupby(day_sessions, key=lambda session: session.start_time):
            slot_sessions = sorted(
                slot_sessions, key=lambda session: (session.track, session.order)
            )
            ends = [session.end_time for session in slot_sessions if session.end_time]
            slots.append(Slot(start=start, end=max(ends) if ends else None, sessions=slot_sessions))
        tracks = sorted({session.track for session in day_sessions if session.track})
        days.append(ProgramDay(day=day, slots=slots, tracks=tracks))
    return days


# -- registrations, as the person viewing the page sees them ------------------------
#: The session key holding the registrations this browser has proved it owns (by a link
#: from their mail, or by registering signed in).
OWN_REGISTRATIONS = "crossroads.registrations"


def viewer_registration(request, event: Event) -> Registration | None:
    """The live registration for ``event`` of the person viewing the page: made by their
    account, or opened from a link in their mail in this browser. One query at most, none
    for a visitor with neither."""
    user = request.user
    owned = request.session.get(OWN_REGISTRATIONS, []) if hasattr(request, "session") else []
    if not owned and not user.is_authenticated:
        return None
    whose = Q(pk__in=owned)
    if user.is_authenticated:
        whose |= Q(user=user)
    return (
        Registration.objects.filter(whose, event=event, status__in=ACTIVE_STATUSES)
        .order_by("-created_at")
        .first()
    )


def remember_registration(request, registration: Registration) -> None:
    """This browser proved it owns ``registration``: show its online link here."""
    owned = [pk for pk in request.session.get(OWN_REGISTRATIONS, []) if pk != registration.pk]
    request.session[OWN_REGISTRATIONS] = [*owned[-19:], registration.pk]
