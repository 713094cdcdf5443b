"""schema.org metadata (JSON-LD) of the event, story and resource pages: what search
engines and other platforms read to understand them.

Each function is pure: it reads what the page's query already fetched (translations,
organisations, sessions and their participants, documents, language versions) and makes
no query of its own. ``script`` writes the result as a ``<script type="application/ld+json">``
element that no text inside it can close.

Events known only to the month or the year keep that precision ("2024-03", "2024": ISO
8601 dates with reduced precision). The online link of an event is never written: its
virtual location is the event's page, where registered participants find the link.
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from crossroads.content.dates import DatePrecision
from crossroads.content.links import absolute, url_for
from crossroads.content.models import ActorRole, Item
from crossroads.events.models import AttendanceMode, Event, ParticipantRole
from crossroads.events.services import RegistrationState
from crossroads.library.models import Resource, ResourceType
from crossroads.news.models import Story

CONTEXT = "https://schema.org"

ATTENDANCE_MODES = {
    AttendanceMode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    AttendanceMode.VIRTUAL: "https://schema.org/OnlineEventAttendanceMode",
    AttendanceMode.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}
SCHEDULED = "https://schema.org/EventScheduled"
IN_STOCK = "https://schema.org/InStock"
SOLD_OUT = "https://schema.org/SoldOut"

#: Who is listed as a performer: everyone on a session's panel but its rapporteur.
PERFORMING_ROLES = frozenset(ParticipantRole.values) - {ParticipantRole.RAPPORTEUR}

#: Characters written as JSON escapes, so that the text cannot close the script element
#: (``</script>``) or open a comment in it (``<!--``); as Django's ``json_script``.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script(data: dict) -> SafeString:
    """``data`` as a JSON-LD script element, safe in HTML whatever text it holds."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def canonical_url(item: Item) -> str:
    """The item page's public address (``SITE_URL``), as search engines should know it."""
    return absolute(item.get_absolute_url())


def _compact(data: dict) -> dict:
    """``data`` without its empty values (None, "", [], {})."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


# -- who ------------------------------------------------------------------------------
def site_organisation() -> dict:
    """The site itself, publisher of what no organisation publishes."""
    return {"@type": "Organization", "name": _("Crossroads"), "url": settings.SITE_URL}


def organisation(organisation) -> dict:
    """An organisation: its own website as its address, else its page here."""
    return _compact(
        {
            "@type": "Organization",
            "name": organisation.name,
            "alternateName": organisation.acronym,
            "url": organisation.website or absolute(organisation.get_absolute_url()),
        }
    )


def participant(participant) -> dict:
    """A session's participant: a person (with their office and affiliation), an office
    held by someone unnamed, or an organisation."""
    if participant.organisation_id and not (participant.person_id or participant.office_id):
        return organisation(participant.organisation)
    if not participant.person_id:  # "Mayor of Kisumu": a person, unnamed
        return _compact(
            {
                "@type": "Person",
                "name": str(participant.office),
                "affiliation": organisation(participant.organisation)
                if participant.organisation_id
                else None,
            }
        )
    return _compact(
        {
            "@type": "Person",
            "name": participant.person.name,
            "jobTitle": str(participant.office) if participant.office_id else None,
            "affiliation": organisation(participant.organisation)
            if participant.organisation_id
            else None,
        }
    )


def _who(participant) -> tuple[int | None, int | None, int | None]:
    return participant.person_id, participant.office_id, participant.organisation_id


def performers(sessions) -> list[dict]:
    """Everyone who performs in ``sessions`` (participants prefetched), once each, in the
    order of the programme."""
    seen, found = set(), []
    for session in sessions:
        for someone in session.participants.all():
            if someone.role in PERFORMING_ROLES and _who(someone) not in seen:
                seen.add(_who(someone))
                found.append(participant(someone))
    return found


# -- events ---------------------------------------------------------------------------
def event_dates(event: Event) -> tuple[str, str]:
    """Start and end as ISO 8601: with the offset of the event's zone when the times are
    known, days otherwise, and "2024-03" or "2024" for a month or a year."""
    start, end = event.start_date, event.end_date
    if event.date_precision == DatePrecision.YEAR:
        return f"{start:%Y}", f"{end:%Y}"
    if event.date_precision == DatePrecision.MONTH:
        return f"{start:%Y-%m}", f"{end:%Y-%m}"
    starts_at, ends_at = event.starts_at, event.ends_at
    return (
        starts_at.isoformat() if starts_at else start.isoformat(),
        ends_at.isoformat() if ends_at else end.isoformat(),
    )


def place(event: Event) -> dict | None:
    """Where the event happens in person: its venue, city and country, when known."""
    if not (event.venue or event.city_id):
        return None
    address = None
    if event.city_id:
        address = {
            "@type": "PostalAddress",
            "addressLocality": event.city.name,
            "addressCountry": event.city.country_id,  # the ISO 3166-1 code
        }
    return _compact({"@type": "Place", "name": event.venue or event.city.name, "address": address})


def location(event: Event, url: str) -> dict | list[dict] | None:
    """A Place, a VirtualLocation (the event's page, not its online link), or both."""
    places = []
    if event.attendance_mode != AttendanceMode.VIRTUAL:
        places.append(place(event))
    if event.attendance_mode != AttendanceMode.IN_PERSON:
        places.append({"@type": "VirtualLocation", "url": url})
    places = [found for found in places if found]
    if len(places) > 1:
        return places
    return places[0] if places else None


def offers(event: Event, *, registration_state: str, places_left: dict | None) -> dict | None:
    """Where to register: our form while it is open (with whether places are left), the
    organisers' site for an external registration; nothing otherwise."""
    if registration_state == RegistrationState.EXTERNAL:
        return {"@type": "Offer", "url": event.registration_url}
    if registration_state != RegistrationState.OPEN:
        return None
    availability = None
    if places_left:
        free = any(left is None or left > 0 for left in places_left.values())
        availability = IN_STOCK if free else SOLD_OUT
    deadline = event.registration_deadline
    return _compact(
        {
            "@type": "Offer",
            "url": absolute(url_for("events:register", event.slug)),
            "availability": availability,
            "validThrough": deadline.isoformat() if deadline else None,
        }
    )


def _session_time(day: dt.date, time: dt.time | None, event: Event) -> str | None:
    if time is None:
        return None
    return dt.datetime.combine(day, time, tzinfo=event.tz).isoformat()


def session_events(event: Event, program, url: str, where) -> list[dict]:
    """The sessions with a starting time, each as an Event with its performers."""
    if event.date_precision != DatePrecision.DAY:
        return []
    found = []
    for day in program:
        for slot in day.slots:
            for session in slot.sessions:
                if session.start_time is None:
                    continue
                found.append(
                    _compact(
                        {
                            "@type": "Event",
                            "name": session.title,
                            "startDate": _session_time(session.day, session.start_time, event),
                            "endDate": _session_time(session.day, session.end_time, event),
                            "eventAttendanceMode": ATTENDANCE_MODES[event.attendance_mode],
                            "eventStatus": SCHEDULED,
                            "location": where,
                            "performer": performers([session]),
                            "url": url,
                        }
                    )
                )
    return found


def part_of_it(side_event: Event) -> dict:
    """An event with its own page that is part of the event (a side event, a workshop)."""
    start, end = event_dates(side_event)
    return {
        "@type": "Event",
        "name": side_event.display_title,
        "url": canonical_url(side_event),
        "startDate": start,
        "endDate": end,
    }


def _work_type(resource: Resource) -> str:
    return "Report" if resource.resource_type == ResourceType.REPORT else "CreativeWork"


def event_jsonld(
    event: Event,
    program,
    documents,
    url: str,
    *,
    parent: Event | None = None,
    side_events=(),
    registration_state: str = "",
    places_left: dict | None = None,
) -> dict:
    """The event page as a schema.org Event. ``program`` is ``queries.program_days`` of
    its sessions, ``documents`` its published documents, ``url`` its page's address,
    ``parent`` the series it is part of when that is public, ``side_events`` the public
    events that are part of it; ``registration_state`` and ``places_left`` are the
    registration panel's."""
    start, end = event_dates(event)
    where = location(event, url)
    sessions = [session for day in program for slot in day.slots for session in slot.sessions]
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "Event",
            "name": event.display_title,
            "description": event.display_summary,
            "url": url,
            "startDate": start,
            "endDate": end,
            "eventAttendanceMode": ATTENDANCE_MODES[event.attendance_mode],
            "eventStatus": SCHEDULED,
            "location": where,
            "organizer": [organisation(found) for found in event.lead_organisations],
            "funder": [organisation(found) for found in event.funder_organisations],
            "performer": performers(sessions),
            "subEvent": [
                *session_events(event, program, url, where),
                *(part_of_it(side_event) for side_event in side_events),
            ],
            "superEvent": {
                "@type": "Event",
                "name": parent.display_title,
                "url": canonical_url(parent),
            }
            if parent
            else None,
            "subjectOf": [
                {
                    "@type": _work_type(document.resource),
                    "name": document.resource.display_title,
                    "url": canonical_url(document.resource),
                }
                for document in documents
            ],
            "offers": offers(event, registration_state=registration_state, places_left=places_left),
            "inLanguage": event.display_language,
        }
    )


# -- stories and resources ------------------------------------------------------------
def modified_at(item: Item) -> dt.datetime | None:
    """When the item last changed, as the public knows it: never before its publication
    (an item saved, then scheduled, changed when it appeared)."""
    published, modified = item.published_at, item.updated_at
    if published and modified and modified < published:
        return published
    return modified


def _published(item: Item) -> dict:
    """Publication and last change, and who wrote and published it: its organisations,
    else the site."""
    published, modified = item.published_at, modified_at(item)
    authors = [organisation(found) for found in item.lead_organisations]
    publishers = [organisation(found) for found in item.organisations_in(ActorRole.PUBLISHER)]
    return {
        "datePublished": published.isoformat() if published else None,
        "dateModified": modified.isoformat() if modified else None,
        "author": authors or [site_organisation()],
        "publisher": publishers or [site_organisation()],
    }


def story_jsonld(story: Story, url: str) -> dict:
    """The story page as a schema.org NewsArticle, about the (public) events it reports
    on."""
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "NewsArticle",
            "headline": story.display_title,
            "description": story.display_summary,
            "url": url,
            "mainEntityOfPage": url,
            **_published(story),
            "about": [
                {"@type": "Event", "name": event.display_title, "url": canonical_url(event)}
                for event in story.events.all()
            ],
            "inLanguage": story.display_language,
        }
    )


def encoding_format(format: str) -> str:
    """The media type of a file format ("pdf": "application/pdf"), or the format."""
    guessed, _encoding = mimetypes.guess_type(f"file.{format}", strict=False)
    return guessed or format


def resource_jsonld(resource: Resource, url: str) -> dict:
    """The resource page as a schema.org Report (or CreativeWork), in the languages of
    its versions, each file or link a MediaObject."""
    versions = list(resource.versions.all())
    languages = sorted({version.language for version in versions}) or [resource.language]
    return _compact(
        {
            "@context": CONTEXT,
            "@type": _work_type(resource),
            "name": resource.display_title,
            "description": resource.display_summary,
            "url": url,
            **_published(resource),
            "inLanguage": languages,
            "encoding": [
                _compact(
                    {
                        "@type": "MediaObject",
                        "name": version.title or resource.display_title,
                        "contentUrl": absolute(version.href),
                        "encodingFormat": encoding_format(version.format)
                        if version.format
                        else None,
                        "inLanguage": version.language,
                    }
                )
                for version in versions
            ],
        }
    )
