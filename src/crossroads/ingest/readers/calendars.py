"""iCalendar files: one page per event (VEVENT), its summary, description and location as
text and its dates, time zone, organisers and address as facts; a file cut short keeps its
complete events, and a file holding several events numbers their pages ``source#n``."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

import icalendar
from django.utils.translation import gettext as _

from crossroads.ingest.pages import Page, UnreadableInput
from crossroads.ingest.readers.facts import absolute_url, as_list, stated
from crossroads.ingest.readers.text import clean, decode, http_charset, squash, tidy

_CALENDAR_END = re.compile(r"^END:VCALENDAR", re.IGNORECASE | re.MULTILINE)
_EVENT_END = re.compile(r"^END:VEVENT[ \t]*$", re.IGNORECASE | re.MULTILINE)


def read_calendar(data: bytes, source: str, content_type: str | None) -> list[Page]:
    """One page per event; ``source#n`` (from 1) when the file holds several."""
    text = _complete_calendar(clean(decode(data, http_charset(content_type))))
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
        events = [event for calendar in calendars for event in calendar.walk("VEVENT")]
        pages = [page for event in events if (page := _event_page(event, source))]
    except Exception as error:  # icalendar raises many kinds of errors on malformed input
        raise UnreadableInput(
            _("The calendar file could not be read: %(reason)s") % {"reason": error}
        ) from error
    if not pages:
        raise UnreadableInput(_("The calendar file holds no event."))
    if len(pages) == 1:
        return pages
    return [replace(page, source=f"{source}#{n}") for n, page in enumerate(pages, start=1)]


def _complete_calendar(text: str) -> str:
    """A calendar cut short keeps its complete events: the rest goes and the calendar is
    closed again."""
    if _CALENDAR_END.search(text):
        return text
    event_ends = list(_EVENT_END.finditer(text))
    if not event_ends:
        raise UnreadableInput(
            _("The calendar file could not be read: it ends before its first event does.")
        )
    return f"{text[: event_ends[-1].end()]}\nEND:VCALENDAR\n"


def _event_page(event: icalendar.Event, source: str) -> Page | None:
    """One calendar event as a page, or None when it states nothing to read."""
    summary = squash(str(event.get("SUMMARY", "")))
    location = squash(str(event.get("LOCATION", "")))
    description = tidy(str(event.get("DESCRIPTION", "")))
    details = "\n".join(part for part in (description, location) if part)
    text = "\n\n".join(part for part in (summary, details) if part)
    if not text:
        return None
    facts = {"kind": "event", "title": summary, "location": location}
    if "DTSTART" in event:
        start, end = event.start, event.end
        if not isinstance(start, datetime):  # an all-day DTEND is the day after the last
            end = max(start, end - timedelta(days=1))
        facts |= {"start": start.isoformat(), "end": end.isoformat()}
        if isinstance(start, datetime) and "TZID" in event["DTSTART"].params:
            facts["timezone"] = getattr(start.tzinfo, "key", None)
    organizers = event.get("ORGANIZER", [])
    names = (squash(organizer.params.get("CN")) for organizer in as_list(organizers))
    facts["organizers"] = list(dict.fromkeys(filter(None, names)))
    facts["url"] = absolute_url(str(event.get("URL", "")), None)
    return Page(source=source, text=text, facts=stated(facts))
