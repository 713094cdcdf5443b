"""Events as iCalendar (RFC 5545): what calendar applications import from our mail and
from the event page.

Times are written in the event's own time zone, with its VTIMEZONE definition, so that
each participant's calendar shows them in their own zone. Events known only to the month
or year have no place in a calendar: ``event_calendar`` and ``programme_calendar`` return
None for them.

Two files are made: ``event_calendar`` (the event alone, with the online link for a
confirmed participant, attached to the registration mail) and ``programme_calendar``
(public, on the event page: the event and each session with a time, never the link).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from crossroads.content.dates import DatePrecision
from crossroads.content.links import absolute
from crossroads.events.models import AttendanceMode, Event, Session

#: The span the VTIMEZONE definitions cover at least (icalendar's default).
ZONE_SPAN = (dt.date(1970, 1, 1), dt.date(2038, 1, 1))


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "crossroads"


def _uid(event: Event) -> str:
    return f"event-{event.pk}@{_host()}"


def _session_uid(session: Session) -> str:
    return f"session-{session.pk}@{_host()}"


def _location(event: Event) -> str:
    parts = [event.venue] if event.venue else []
    if event.city_id:
        parts += [event.city.name, event.city.country.name]
    if event.attendance_mode == AttendanceMode.VIRTUAL:
        return "Online"
    if event.attendance_mode == AttendanceMode.HYBRID:
        parts.append("Online")
    return ", ".join(parts)


def event_component(event: Event, *, online_url: str = "") -> icalendar.Event | None:
    """The event as one VEVENT, or None when its dates are not known to the day.

    ``online_url`` (for a confirmed participant only) goes into the description and
    the URL-like CONFERENCE property calendar applications show as a join link.
    """
    if event.date_precision != DatePrecision.DAY:
        return None
    component = icalendar.Event()
    component.add("uid", _uid(event))
    component.add("dtstamp", timezone.now())
    component.add("summary", event.display_title)
    if event.starts_at is not None:
        component.add("dtstart", event.starts_at)
        # Without an end time, the event lasts until the end of its last day.
        last_midnight = dt.datetime.combine(
            event.end_date + dt.timedelta(days=1), dt.time(), tzinfo=event.tz
        )
        component.add("dtend", event.ends_at or last_midnight)
    else:
        component.add("dtstart", event.start_date)
        component.add("dtend", event.end_date + dt.timedelta(days=1))  # exclusive
    location = _location(event)
    if location:
        component.add("location", location)
    page = absolute(event.get_absolute_url())
    component.add("url", page)
    description = [event.display_summary, page]
    if online_url:
        description.insert(1, online_url)
        component.add("conference", online_url, parameters={"VALUE": "URI"})
    component.add("description", "\n\n".join(part for part in description if part))
    return component


def participant_line(role: str, participants) -> str:
    """``Speaker: Amina Yusuf (Mayor of Kisumu, UCLGA); UN-Habitat``."""
    names = [
        f"{participant.name} ({participant.affiliation})"
        if participant.affiliation
        else participant.name
        for participant in participants
    ]
    return f"{role}: {'; '.join(names)}"


def session_component(event: Event, session: Session) -> icalendar.Event | None:
    """A session with a starting time as a VEVENT, related to the event's own VEVENT, or
    None for a session without a time (the event's entry covers it). Its participants
    (prefetched) are listed by role in the description."""
    if event.date_precision != DatePrecision.DAY or session.start_time is None:
        return None
    component = icalendar.Event()
    component.add("uid", _session_uid(session))
    component.add("dtstamp", timezone.now())
    component.add("summary", session.title)
    component.add("dtstart", dt.datetime.combine(session.day, session.start_time, tzinfo=event.tz))
    if session.end_time is not None:
        component.add("dtend", dt.datetime.combine(session.day, session.end_time, tzinfo=event.tz))
    component.add("related-to", _uid(event))
    location = _location(event)
    if location:
        component.add("location", location)
    page = absolute(event.get_absolute_url())
    component.add("url", page)
    people = [participant_line(str(role), group) for role, group in session.participants_by_role]
    description = [event.display_title, "\n".join(people), session.description, page]
    component.add("description", "\n\n".join(part for part in description if part))
    return component


def _calendar(event: Event, components: list[icalendar.Event]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Crossroads//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for component in components:
        calendar.add_component(component)
    # The zones' rules must cover the event, however far in the future it is.
    calendar.add_missing_timezones(
        first_date=min(ZONE_SPAN[0], event.start_date),
        last_date=max(ZONE_SPAN[1], event.end_date + dt.timedelta(days=366)),
    )
    return calendar.to_ical()


def event_calendar(event: Event, *, online_url: str = "") -> bytes | None:
    """A calendar file holding the event, or None when its dates are not known to the day."""
    component = event_component(event, online_url=online_url)
    if component is None:
        return None
    return _calendar(event, [component])


def programme_calendar(event: Event) -> bytes | None:
    """The public calendar file of the event page: the event, then each session that has a
    starting time (in the event's time zone, related to the event), or None when the
    event's dates are not known to the day. Never the online link. Reads the event's
    sessions and their participants as prefetched (``queries.get_event_for``)."""
    component = event_component(event)
    if component is None:
        return None
    sessions = [session_component(event, session) for session in event.sessions.all()]
    return _calendar(event, [component, *(session for session in sessions if session)])
