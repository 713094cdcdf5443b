"""Calendars to subscribe to: ``/events/calendar.ics`` and ``/search/calendar.ics`` hold the
events of the page's criteria (``/events/calendar.ics?region=horn_of_africa&topic=
inclusion``: "events in the IGAD region on refugee inclusion").

Each event is the VEVENT of ``events.calendars.event_component`` (the one of the
registration mail), never with its online link: that is for confirmed participants only.
Events known only to the month or year have no place in a calendar; they are left out and
the calendar's description says how many, with the page listing them.
"""

from __future__ import annotations

import datetime as dt

import icalendar
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crossroads.content.dates import DatePrecision
from crossroads.content.queries import translation_prefetch
from crossroads.events.calendars import event_component
from crossroads.events.models import Event
from crossroads.syndication.selection import Listing, select

#: Events in a calendar, at most: the next ones for upcoming events, else the latest.
CALENDAR_LENGTH = 500
#: How often calendar applications are asked to read a subscription again.
REFRESH = dt.timedelta(hours=6)


def list_calendar(listing: Listing, query) -> bytes:
    """The calendar of ``listing``'s events for ``query``: a fixed number of queries."""
    selection = select(listing, query, count=CALENDAR_LENGTH, events_only=True)
    cards = list(selection.results.page.object_list)
    by_day = [card.pk for card in cards if card.precision == DatePrecision.DAY]
    vague = len(cards) - len(by_day)
    found = (
        Event.objects.filter(pk__in=by_day)
        .select_related("city__country")
        .prefetch_related(translation_prefetch())
        .in_bulk()
    )
    name = _("%(criteria)s · Crossroads") % {"criteria": selection.title}
    notes = [name, selection.page_url]
    total = selection.results.total
    if total > len(cards):
        notes.append(
            _("Only the first %(shown)s of %(total)s events are included: see %(url)s")
            % {"shown": len(cards), "total": total, "url": selection.page_url}
        )
    if vague:
        notes.append(
            ngettext(
                "%(count)s event whose dates are known only to the month or year is not "
                "included: see %(url)s",
                "%(count)s events whose dates are known only to the month or year are not "
                "included: see %(url)s",
                vague,
            )
            % {"count": vague, "url": selection.page_url}
        )
    description = "\n\n".join(notes)

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Crossroads//Event lists//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", icalendar.vText(name))
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", icalendar.vText(description))
    calendar.add("url", selection.page_url, parameters={"VALUE": "URI"})
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    for pk in by_day:
        event = found.get(pk)
        component = event_component(event, online_url="") if event else None
        if component is not None:
            calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar.to_ical()
