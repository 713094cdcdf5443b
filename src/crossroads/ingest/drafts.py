"""Drafts made from extractions: an event (with its dates, place, tags, actors,
programme and the Resource drafts of its documents) or a story, and the translation a
page in another language adds to an item.

Everything here writes inside the caller's transaction (``services.import_extraction``,
``services.split``) and validates each row before saving it.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from urllib.parse import urlsplit

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from crossroads.content.dates import DatePrecision, period_start
from crossroads.content.models import (
    CONTENT_LANGUAGES,
    ActorRole,
    Item,
    ItemActor,
    ItemTranslation,
    Status,
)
from crossroads.content.timezones import is_valid_timezone
from crossroads.directory.models import City, Country, Office, Organisation
from crossroads.directory.services import find_places, region_of_country, update_or_create_city
from crossroads.events.models import (
    AttendanceMode,
    DocumentRole,
    Event,
    EventDocument,
    EventType,
    Participant,
    ParticipantRole,
    ProgramStatus,
    Session,
    SessionKind,
)
from crossroads.ingest.dedup import Moment, coarser, read_moment, tokens
from crossroads.ingest.records import Extraction
from crossroads.library.models import FILE_FORMATS, Resource, ResourceType, ResourceVersion
from crossroads.news.models import NewsType, Story
from crossroads.taxonomy.models import Framework

LANGUAGES = {code for code, _name in CONTENT_LANGUAGES}
SUMMARY_LENGTH = 600
TITLE_LENGTH = 300


# -- items --------------------------------------------------------------------------------
def create_draft(extraction: Extraction) -> tuple[Item, list[Resource]]:
    """Save the draft item ``extraction`` describes, and the Resource drafts of its
    documents (an event's). Its source is the page's own (``extraction.page.source``)."""
    if extraction.record["kind"] == "event":
        return _create_event(extraction)
    return _create_story(extraction), []


def create_translation(item: Item, extraction: Extraction) -> ItemTranslation:
    """Save the text of ``extraction``, a page in a language ``item`` lacks, as its
    translation."""
    return ItemTranslation.objects.create(
        item=item,
        language=extraction.language,
        title=_title(extraction),
        summary=_summary(extraction.summary),
        body=as_markdown(extraction.body),
    )


def _common_fields(extraction: Extraction) -> dict:
    title = _title(extraction)
    location = extraction.page.source
    return {
        "title": title,
        "slug": unique_slug(title),
        "summary": _summary(extraction.summary),
        "body": as_markdown(extraction.body),
        "language": extraction.language,
        "status": Status.DRAFT,
        "source_url": location if _is_web_address(location) else "",
        "source_name": _source_name(location),
    }


def _create_event(extraction: Extraction) -> tuple[Event, list[Resource]]:
    record = extraction.record
    city = _city(extraction)
    when = _event_dates(extraction, city)
    event = Event(
        **_common_fields(extraction),
        **when,
        event_type=guess(record["title"], EVENT_TYPE_WORDS, default=EventType.CONFERENCE),
        attendance_mode=(
            record.get("attendance")
            if record.get("attendance") in AttendanceMode.values
            else AttendanceMode.IN_PERSON
        ),
        city=city,
        parent=_parent_event(record.get("parent_event")),
        # A programme read from a page is the organisers' as they stated it then.
        program_status=ProgramStatus.PRELIMINARY if _programme(record) else ProgramStatus.NONE,
    )
    save_validated(event)
    _tag(event, extraction, city=city, lead_role=ActorRole.ORGANISER)
    _add_programme(event, extraction)
    resources = _add_documents(event, extraction)
    return event, resources


def _create_story(extraction: Extraction) -> Story:
    start = read_moment(extraction.record.get("start"))
    published_at = None
    if start is not None and start.precision == DatePrecision.DAY:
        published_at = start.at or timezone.make_aware(dt.datetime.combine(start.date, dt.time(12)))
    story = Story(
        **_common_fields(extraction),
        news_type=guess(extraction.record["title"], NEWS_TYPE_WORDS, default=NewsType.NEWS),
        published_at=published_at,
    )
    save_validated(story)
    _tag(story, extraction, city=_city(extraction), lead_role=ActorRole.PUBLISHER)
    return story


def save_validated(instance: models.Model) -> None:
    """Validate ``instance`` as a form would, then save it."""
    try:
        instance.full_clean()
    except ValidationError as error:
        raise ValidationError(error.messages) from error
    instance.save()


def _title(extraction: Extraction) -> str:
    return " ".join(extraction.record["title"].split())[:TITLE_LENGTH]


def _summary(text: str) -> str:
    """``text`` on one line, cut at a word to fit the summary."""
    text = " ".join(text.split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"


_MARKDOWN_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~])")
_MARKDOWN_LINE_START = re.compile(r"^([#+\-=]|\d+(?=[.)]))")


def as_markdown(text: str) -> str:
    """Plain text as Markdown that shows it as it is: one paragraph per line, characters
    Markdown would read as markup escaped."""
    paragraphs = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            line = _MARKDOWN_ANYWHERE.sub(r"\\\1", line)
            paragraphs.append(_MARKDOWN_LINE_START.sub(_escape_line_start, line))
    return "\n\n".join(paragraphs)


def _escape_line_start(match: re.Match) -> str:
    """A backslash before a line's heading, list or rule mark (after an item's number)."""
    mark = match[1]
    return f"{mark}\\" if mark[0].isdigit() else f"\\{mark}"


def unique_slug(title: str, *, model: type[models.Model] = Item, fallback: str = "imported") -> str:
    """A slug for ``title`` that no row of ``model`` has yet: ``peer-learning-kisumu``,
    then ``peer-learning-kisumu-2``…"""
    base = slugify(title).replace("_", "-")
    base = re.sub(r"-{2,}", "-", base).strip("-")[:80].strip("-") or fallback
    taken = set(model._default_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _is_web_address(location: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(location)
    except ValidationError:
        return False
    return len(location) <= 500


def _source_name(location: str) -> str:
    """The site's host for an address, the file's name for a path (without the ``#n`` of
    a page of a calendar or feed)."""
    host = urlsplit(location).hostname if "://" in location else None
    return (host or location.partition("#")[0].rstrip("/").rsplit("/", 1)[-1])[:200]


# -- when and where -----------------------------------------------------------------------
def _event_dates(extraction: Extraction, city: City | None) -> dict:
    """An event's dates at the coarser precision of its start and end, and its local
    times in its time zone when the page gives times with an offset."""
    start = read_moment(extraction.record["start"])
    stated_end = read_moment(extraction.record.get("end"))
    end = stated_end or start
    precision = coarser(start.precision, end.precision)
    zone = _zone(extraction, city, start)
    start_date, start_time = _local(start, zone, precision)
    end_date, end_time = _local(end, zone, precision)
    if end_date < start_date:
        raise ValidationError(_("The page's end date is before its start date."))
    if (
        stated_end is None
        or start_time is None
        or (end_time and end_date == start_date and end_time < start_time)
    ):
        end_time = None
    stated = extraction.timezone if is_valid_timezone(extraction.timezone or "") else ""
    return {
        "start_date": start_date,
        "end_date": end_date,
        "date_precision": precision,
        "start_time": start_time,
        "end_time": end_time,
        "timezone": zone if start_time else stated,
    }


def _zone(extraction: Extraction, city: City | None, start: Moment) -> str:
    """The IANA zone of the event's times: the page's, else its city's, else one of whole
    hours from the stated offset ("Etc/GMT-3" for +03:00); "" when none applies."""
    if extraction.timezone and is_valid_timezone(extraction.timezone):
        return extraction.timezone
    if city is not None:
        return city.timezone
    if start.at is None:
        return ""
    hours, rest = divmod(start.at.utcoffset().total_seconds(), 3600)
    if rest or not -12 <= hours <= 14:
        return ""
    return "UTC" if hours == 0 else f"Etc/GMT{-int(hours):+d}"


def _local(moment: Moment, zone: str, precision: str) -> tuple[dt.date, dt.time | None]:
    """The first day of ``moment``'s period, or its local date and time in ``zone``."""
    if moment.at is None or precision != DatePrecision.DAY or not zone:
        return period_start(moment.date, precision), None
    local = moment.at.astimezone(zoneinfo.ZoneInfo(zone))
    return local.date(), local.time()


def _city(extraction: Extraction) -> City | None:
    """The record's city: the directory's, or the gazetteer's added to the directory."""
    name = extraction.record.get("city")
    place = extraction.places.get(name) if name else None
    if place is None:
        return None
    if place.city_id is not None:
        return City.objects.filter(pk=place.city_id).select_related("country").first()
    if place.geonameid is not None:
        return _gazetteer_city(place.geonameid)
    return None


def _gazetteer_city(geonameid: int) -> City | None:
    """The directory's city of ``geonameid``, created from the gazetteer if need be."""
    city = City.objects.filter(geonameid=geonameid).select_related("country").first()
    if city is not None:
        return city
    place = find_places([geonameid]).get(geonameid)
    if place is None or _country(place.country_code) is None:
        return None
    return update_or_create_city(
        place=place,
        name=place.name,
        slug=unique_slug(f"{place.name} {place.country_code}", model=City, fallback="city"),
        region=region_of_country(place.country_code),
        is_intermediary=False,
        local_government=None,
    )


def _country(code: str | None) -> Country | None:
    """The country of an ISO 3166-1 alpha-2 code, added from pycountry if missing."""
    if not code or not re.fullmatch(r"[A-Z]{2}", code):
        return None
    country = Country.objects.filter(code=code).first()
    if country is not None:
        return country
    entry = pycountry.countries.get(alpha_2=code)
    if entry is None:
        return None
    name = getattr(entry, "common_name", None) or entry.name
    return Country.objects.create(code=code, name=name, region=region_of_country(code))


def _parent_event(title: str | None) -> Event | None:
    """The one event titled ``title`` exactly (letter case aside), if there is one."""
    if not title or not title.strip():
        return None
    found = list(Event.objects.filter(title__iexact=title.strip())[:2])
    return found[0] if len(found) == 1 else None


# -- tags, actors, programme, documents ---------------------------------------------------
def resolved_organisations(extraction: Extraction, field: str) -> list[int]:
    """The organisation ids the names of ``field`` resolved to, in order, once each."""
    ids = (extraction.organisations.get(name) for name in extraction.record.get(field) or [])
    return list(dict.fromkeys(pk for pk in ids if pk is not None))


def _known_organisations(extraction: Extraction) -> dict[str, int]:
    """Names resolved to organisations that exist (an id may be stale): one query."""
    ids = {pk for pk in extraction.organisations.values() if pk is not None}
    existing = set(Organisation.objects.filter(pk__in=ids).values_list("pk", flat=True))
    return {name: pk for name, pk in extraction.organisations.items() if pk in existing}


def _tag(item: Item, extraction: Extraction, *, city: City | None, lead_role: str) -> None:
    """Places, frameworks and actors (organisers or publishers, and partners)."""
    record = extraction.record
    if city is not None:
        item.cities.add(city)
    countries = {country.code for country in [_country(record.get("country"))] if country}
    if city is not None:
        countries.add(city.country_id)
    item.countries.add(*countries)
    item.frameworks.add(*Framework.objects.filter(code__in=record.get("frameworks") or []))
    known = set(_known_organisations(extraction).values())
    actors = [
        (lead_role, pk) for pk in resolved_organisations(extraction, "organizers") if pk in known
    ]
    actors += [
        (ActorRole.PARTNER, pk)
        for pk in resolved_organisations(extraction, "partners")
        if pk in known
    ]
    ItemActor.objects.bulk_create(
        ItemActor(item=item, organisation_id=pk, role=role, order=order)
        for order, (role, pk) in enumerate(actors)
    )


def _add_programme(event: Event, extraction: Extraction) -> None:
    """Sessions on the event's first day, in page order (``order`` is the entry's place
    in the record's programme), with the participants that resolve to an organisation or
    to an office of a known city."""
    kept = _programme(extraction.record)
    sessions = []
    for order, entry in kept:
        title = " ".join(entry["title"].split())[:TITLE_LENGTH]
        start, end = _clock(entry.get("start")), _clock(entry.get("end"))
        if start is None or (end is not None and end < start):
            end = None
        sessions.append(
            Session(
                event=event,
                day=event.start_date,
                start_time=start,
                end_time=end,
                title=title,
                kind=guess(title, SESSION_KIND_WORDS, default=SessionKind.PANEL),
                order=order,
            )
        )
    Session.objects.bulk_create(sessions)
    known = _known_organisations(extraction)
    participants = []
    for session, (_order, entry) in zip(sessions, kept, strict=True):
        for position, name in enumerate(entry.get("participants") or []):
            who = _participant(name, known=known, extraction=extraction, city=event.city)
            if who:
                participants.append(
                    Participant(
                        session=session, role=ParticipantRole.SPEAKER, order=position, **who
                    )
                )
    Participant.objects.bulk_create(participants)


def _programme(record: dict) -> list[tuple[int, dict]]:
    """The programme's entries that have a title, with their place in the record."""
    entries = enumerate(record.get("program") or [])
    return [(order, entry) for order, entry in entries if (entry.get("title") or "").strip()]


def _clock(text: str | None) -> dt.time | None:
    """ "09:30" read; None for anything else."""
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", (text or "").strip())
    return dt.time(int(match[1]), int(match[2])) if match else None


_OFFICE = re.compile(r"^(?P<title>.+?)\s+(?:of|de|d')\s*(?P<place>[^,()]+)$", re.IGNORECASE)
OFFICE_WORDS = frozenset({"mayor", "governor", "prefect", "maire", "gouverneur", "prefet"})


def _participant(
    name: str, *, known: dict[str, int], extraction: Extraction, city: City | None
) -> dict | None:
    """Who ``name`` is: a known organisation, or an office of a known city ("Lord Mayor
    of Kumasi", created if need be); None for anyone else (a person, an organisation the
    directory lacks: they stay on the source)."""
    if name in known:
        return {"organisation_id": known[name]}
    match = _OFFICE.match(" ".join(name.split()))
    if match is None or not OFFICE_WORDS & set(tokens(match["title"])):
        return None
    place = match["place"].strip()
    office_city = None
    if city is not None and tokens(city.name) == tokens(place):
        office_city = city
    elif (found := extraction.places.get(place)) and found.city_id is not None:
        office_city = City.objects.filter(pk=found.city_id).first()
    if office_city is None:
        return None
    office, _created = Office.objects.get_or_create(
        title=match["title"][:200], city=office_city, organisation=None
    )
    return {"office": office}


def _add_documents(event: Event, extraction: Extraction) -> list[Resource]:
    """A Resource draft per document, linked to the event with a role guessed from its
    title, with the event's organisations (so that its editors edit it), and a language
    version when the record gives the document's address."""
    actors = list(event.actors.values_list("organisation_id", "role", "order"))
    resources = []
    for order, document in enumerate(extraction.record.get("documents") or []):
        title = " ".join((document.get("title") or "").split())[:TITLE_LENGTH]
        if not title:
            continue
        language = document.get("language")
        language = language if language in LANGUAGES else event.language
        resource_type = guess(title, RESOURCE_TYPE_WORDS, default=ResourceType.REPORT)
        resource = Resource(
            title=title,
            slug=unique_slug(title, fallback="document"),
            language=language,
            status=Status.DRAFT,
            resource_type=resource_type,
            source_url=event.source_url,
            source_name=event.source_name,
        )
        save_validated(resource)
        ItemActor.objects.bulk_create(
            ItemActor(item=resource, organisation_id=pk, role=role, order=position)
            for pk, role, position in actors
        )
        role = resource_type if resource_type in DocumentRole.values else DocumentRole.OTHER
        EventDocument.objects.create(event=event, resource=resource, role=role, order=order)
        url = document.get("url") or ""
        if _is_web_address(url):
            extension = urlsplit(url).path.rsplit(".", 1)[-1].lower()
            save_validated(
                ResourceVersion(
                    resource=resource,
                    language=language,
                    url=url,
                    format=extension if extension in FILE_FORMATS else "",
                )
            )
        resources.append(resource)
    return resources


# -- guessing types from words ------------------------------------------------------------
#: (phrase, value): the first phrase found among a title's words (accents folded, lower
#: case) gives the value. More specific phrases come first.
EVENT_TYPE_WORDS = (
    ("peer learning", EventType.PEER_LEARNING),
    ("apprentissage entre pairs", EventType.PEER_LEARNING),
    ("side event", EventType.SIDE_EVENT),
    ("evenement parallele", EventType.SIDE_EVENT),
    ("hub meeting", EventType.HUB_MEETING),
    ("reunion du hub", EventType.HUB_MEETING),
    ("webinar", EventType.WEBINAR),
    ("webinaire", EventType.WEBINAR),
    ("workshop", EventType.WORKSHOP),
    ("atelier", EventType.WORKSHOP),
    ("training", EventType.TRAINING),
    ("formation", EventType.TRAINING),
    ("summit", EventType.SUMMIT),
    ("sommet", EventType.SUMMIT),
    ("forum", EventType.FORUM),
    ("conference", EventType.CONFERENCE),
)
SESSION_KIND_WORDS = (
    ("break", SessionKind.BREAK),
    ("coffee", SessionKind.BREAK),
    ("lunch", SessionKind.BREAK),
    ("pause", SessionKind.BREAK),
    ("dejeuner", SessionKind.BREAK),
    ("opening", SessionKind.OPENING),
    ("welcome", SessionKind.OPENING),
    ("introduction", SessionKind.OPENING),
    ("ouverture", SessionKind.OPENING),
    ("bienvenue", SessionKind.OPENING),
    ("closing", SessionKind.CLOSING),
    ("adoption of conclusions", SessionKind.CLOSING),
    ("conclusions", SessionKind.CLOSING),
    ("cloture", SessionKind.CLOSING),
    ("keynote", SessionKind.KEYNOTE),
    ("panel", SessionKind.PANEL),
    ("table ronde", SessionKind.PANEL),
    ("roundtable", SessionKind.PANEL),
    ("breakout", SessionKind.BREAKOUT),
    ("working groups", SessionKind.BREAKOUT),
    ("group work", SessionKind.BREAKOUT),
    ("presentation", SessionKind.PRESENTATION),
    ("presentations", SessionKind.PRESENTATION),
    ("plenary", SessionKind.PLENARY),
    ("pleniere", SessionKind.PLENARY),
    ("discussion", SessionKind.DISCUSSION),
    ("debat", SessionKind.DISCUSSION),
)
RESOURCE_TYPE_WORDS = (
    ("concept note", ResourceType.CONCEPT_NOTE),
    ("note conceptuelle", ResourceType.CONCEPT_NOTE),
    ("agenda", ResourceType.AGENDA),
    ("programme", ResourceType.AGENDA),
    ("program", ResourceType.AGENDA),
    ("ordre du jour", ResourceType.AGENDA),
    ("flyer", ResourceType.FLYER),
    ("leaflet", ResourceType.FLYER),
    ("brochure", ResourceType.FLYER),
    ("presentation", ResourceType.PRESENTATION),
    ("slides", ResourceType.PRESENTATION),
    ("policy brief", ResourceType.POLICY_BRIEF),
    ("declaration", ResourceType.DECLARATION),
    ("toolkit", ResourceType.TOOLKIT),
    ("guidance", ResourceType.GUIDANCE),
    ("guidelines", ResourceType.GUIDANCE),
    ("study", ResourceType.STUDY),
    ("etude", ResourceType.STUDY),
    ("report", ResourceType.REPORT),
    ("rapport", ResourceType.REPORT),
)
NEWS_TYPE_WORDS = (
    ("press release", NewsType.PRESS_RELEASE),
    ("communique", NewsType.PRESS_RELEASE),
    ("statement", NewsType.STATEMENT),
    ("interview", NewsType.INTERVIEW),
    ("entretien", NewsType.INTERVIEW),
    ("blog", NewsType.BLOG),
)


def guess(title: str, table: tuple[tuple[str, str], ...], *, default: str) -> str:
    """The value of the first phrase of ``table`` found among the words of ``title``."""
    text = f" {' '.join(tokens(title))} "
    return next((value for phrase, value in table if f" {phrase} " in text), default)
