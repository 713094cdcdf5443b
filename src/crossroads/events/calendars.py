"""Events as iCalendar (RFC 5545): what calendar applications import from our mail.

Times are written in the event's own time zone, with its VTIMEZONE definition, so that
each participant's calendar shows them in their own zone. Events known only to the month
or year have no place in a calendar: ``event_calendar`` returns None for them.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from crossroads.content.dates import DatePrecision
from crossroads.content.mail import absolute
from crossroads.events.models import AttendanceMode, Event


def _uid(event: Event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "crossroads"
    return f"event-{event.pk}@{host}"


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


def event_calendar(event: Event, *, online_url: str = "") -> bytes | None:
    """A calendar file holding the event, or None when its dates are not known to the day."""
    component = event_component(event, online_url=online_url)
    if component is None:
        return None
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Crossroads//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar.to_ical()
