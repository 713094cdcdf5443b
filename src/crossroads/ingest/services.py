"""The operations of the importer: an extraction becomes a draft item (or another source,
or a translation, of an item it duplicates), and editors accept, reject, merge and split
what was imported.

Every operation runs in one transaction (a failure leaves nothing behind), checks the
permissions of ``by`` when it is given (``by=None`` is the system: commands and tests),
and refuses bad input with a ``ValidationError`` in plain words.

Decisions:
- an event page without a start date is refused ("…gives no date"): an event needs one,
  and filing it as news would misstate what it is;
- organisations the directory lacks are not created by an import (an unreviewed page
  would fill the directory with misspelt names): they stay on the source, and the review
  page offers them to those who edit the directory (``create_organisation``). Offices
  ("Lord Mayor of Kumasi") of a city the directory has are created, as they name a known
  city's office plainly; a city known only to the gazetteer is added to the directory
  from it;
- accepting an import marks it accepted and leaves its item's status as it was:
  publishing stays the item workflow's (``content.services.change_status``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import zoneinfo
from dataclasses import dataclass
from urllib.parse import urlsplit

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.accounts.permissions import (
    check_can_create_items,
    check_can_edit_directory,
    check_can_edit_item,
    is_admin,
    organisations_reached,
)
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
from crossroads.directory.models import City, Country, Office, Organisation, OrganisationKind
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
from crossroads.ingest import dedup
from crossroads.ingest.dedup import Moment, Reason, coarser, read_moment, tokens
from crossroads.ingest.models import Relation, ReviewStatus, Source
from crossroads.ingest.records import Extraction
from crossroads.library.models import FILE_FORMATS, Resource, ResourceType, ResourceVersion
from crossroads.news.models import NewsType, Story
from crossroads.search.services import deferred_indexing
from crossroads.taxonomy.models import Framework

logger = logging.getLogger(__name__)

LANGUAGES = {code for code, _name in CONTENT_LANGUAGES}
SUMMARY_LENGTH = 600
TITLE_LENGTH = 300


# -- what an import returns ---------------------------------------------------------------
@dataclass(frozen=True)
class Origin:
    """Where and when the bytes of a page were read, and their SHA-256."""

    location: str
    fetched_at: dt.datetime
    content_hash: str
    content_type: str = ""

    @classmethod
    def of(
        cls, data: bytes, *, location: str, fetched_at: dt.datetime, content_type: str = ""
    ) -> Origin:
        """The origin of ``data`` (what a fetcher or a file gave)."""
        digest = hashlib.sha256(data).hexdigest()
        return cls(location, fetched_at, digest, content_type)


class Outcome(models.TextChoices):
    CREATED = "created", gettext_lazy("A draft was created.")
    LINKED = "linked", gettext_lazy("Linked as another source of an existing item.")
    TRANSLATION = "translation", gettext_lazy("Added as a translation of an existing item.")
    SAME_BYTES = "same_bytes", gettext_lazy("Skipped: this page was imported before.")
    SAME_ADDRESS = (
        "same_address",
        gettext_lazy("Skipped: this address was imported before; nothing was updated."),
    )
    REJECTED_BEFORE = "rejected_before", gettext_lazy("Skipped: this page was rejected before.")


SKIPPED = {
    Reason.SAME_BYTES: Outcome.SAME_BYTES,
    Reason.SAME_ADDRESS: Outcome.SAME_ADDRESS,
    Reason.REJECTED_BEFORE: Outcome.REJECTED_BEFORE,
}


@dataclass(frozen=True)
class ImportOutcome:
    """What importing one page did: the outcome, its item (None only when rejected
    before) and the new source (None when skipped)."""

    outcome: Outcome
    item: Item | None
    source: Source | None = None

    @property
    def message(self) -> str:
        return str(self.outcome.label)


# -- importing ----------------------------------------------------------------------------
def import_extraction(extraction: Extraction, *, fetched: Origin, by=None) -> ImportOutcome:
    """Make ``extraction`` a draft, unless it duplicates what is there already.

    Side effects, all in one transaction: a new draft Event or Story with its tags,
    actors, programme and Resource drafts for its documents (``create_draft``), or, for
    a duplicate of an event, an ItemTranslation (a page in a language the event lacks)
    or nothing more; then a pending Source. Nothing is written for the same page
    imported or rejected before, nor for an address imported before.
    """
    if by is not None:
        check_can_create_items(by)
    check_extraction(extraction, fetched)
    duplicate = dedup.find_duplicate(
        extraction, location=fetched.location, content_hash=fetched.content_hash
    )
    if duplicate is not None and duplicate.reason in SKIPPED:
        return ImportOutcome(SKIPPED[duplicate.reason], duplicate.item)
    with deferred_indexing(), transaction.atomic():
        if duplicate is None:
            if by is not None:
                check_reaches_draft(by, extraction)
            item, resources = create_draft(extraction, fetched=fetched)
            source = record_source(extraction, fetched, item=item, relation=Relation.CREATED, by=by)
            source.resources.set(resources)
            outcome = Outcome.CREATED
        else:
            item = duplicate.item
            if by is not None:
                check_can_edit_item(by, item)
            relation = add_account(item, extraction)
            source = record_source(extraction, fetched, item=item, relation=relation, by=by)
            outcome = Outcome.TRANSLATION if relation == Relation.TRANSLATION else Outcome.LINKED
    logger.info("Imported %s: %s (item %s)", fetched.location, outcome, item.pk)
    return ImportOutcome(outcome, item, source)


def check_extraction(extraction: Extraction, fetched: Origin) -> None:
    """Raise ValidationError when the extraction cannot become a draft."""
    record = extraction.record
    if record.get("kind") not in ("event", "news"):
        raise ValidationError(_("The page is neither an event nor news."))
    if not (record.get("title") or "").strip():
        raise ValidationError(_("The page has no title."))
    if extraction.language not in LANGUAGES:
        raise ValidationError(
            _("Pages in “%(language)s” cannot be imported: the site has no such language.")
            % {"language": extraction.language}
        )
    if record["kind"] == "event" and read_moment(record.get("start")) is None:
        raise ValidationError(
            _("The page announces an event but gives no date: add the event by hand.")
        )
    if not fetched.location or len(fetched.location) > 1000:
        raise ValidationError(_("The page's address is missing or too long."))
    if not re.fullmatch(r"[0-9a-f]{64}", fetched.content_hash):
        raise ValidationError(_("The content hash is not a SHA-256 in hexadecimal."))


def check_reaches_draft(user, extraction: Extraction) -> None:
    """Raise ValidationError unless ``user`` could edit the draft of ``extraction``: a
    site administrator can, anyone else only if an organisation they edit for is among
    the page's organisers or partners."""
    if is_admin(user):
        return
    named = set(_resolved(extraction, "organizers")) | set(_resolved(extraction, "partners"))
    if not named & organisations_reached(user):
        raise ValidationError(
            _(
                "None of the organisers or partners of this page is an organisation you edit "
                "for, so you could not edit its draft: ask your network's secretariat to "
                "import it."
            )
        )


def record_source(
    extraction: Extraction, fetched: Origin, *, item: Item, relation: str, by=None
) -> Source:
    """Save a pending Source of ``item`` holding everything ``extraction`` said."""
    return Source.objects.create(
        item=item,
        relation=relation,
        location=fetched.location,
        fetched_at=fetched.fetched_at,
        content_hash=fetched.content_hash,
        content_type=fetched.content_type[:100],
        language=extraction.language,
        text=extraction.page.text,
        record=extraction.record,
        confidence=extraction.confidence,
        evidence={
            field: [[span.start, span.end] for span in spans]
            for field, spans in extraction.evidence.items()
        },
        organisations=extraction.organisations,
        places={
            name: {"country": place.country, "city_id": place.city_id, "geonameid": place.geonameid}
            for name, place in extraction.places.items()
        },
        summary=extraction.summary,
        body=extraction.body,
        timezone=extraction.timezone or "",
        imported_by=by,
    )


def add_account(item: Item, extraction: Extraction) -> str:
    """Another page about ``item``: a translation when it is in a language the item has
    neither in its own text nor in a translation (one is added), else another source.
    Returns the relation."""
    language = extraction.language
    if language == item.language or item.translations.filter(language=language).exists():
        return Relation.SOURCE
    ItemTranslation.objects.create(
        item=item,
        language=language,
        title=_title(extraction),
        summary=_summary(extraction.summary),
        body=as_markdown(extraction.body),
    )
    return Relation.TRANSLATION


# -- drafts -------------------------------------------------------------------------------
def create_draft(extraction: Extraction, *, fetched: Origin) -> tuple[Item, list[Resource]]:
    """Save the draft item ``extraction`` describes, and the Resource drafts of its
    documents (an event's). Validates each row before saving it."""
    if extraction.record["kind"] == "event":
        return _create_event(extraction, fetched)
    return _create_story(extraction, fetched), []


def _common_fields(extraction: Extraction, fetched: Origin) -> dict:
    title = _title(extraction)
    return {
        "title": title,
        "slug": unique_slug(title),
        "summary": _summary(extraction.summary),
        "body": as_markdown(extraction.body),
        "language": extraction.language,
        "status": Status.DRAFT,
        "source_url": fetched.location if _is_web_address(fetched.location) else "",
        "source_name": _source_name(fetched.location),
    }


def _create_event(extraction: Extraction, fetched: Origin) -> tuple[Event, list[Resource]]:
    record = extraction.record
    city = _city(extraction)
    when = _event_dates(extraction, city)
    event = Event(
        **_common_fields(extraction, fetched),
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
    _save(event)
    _tag(event, extraction, city=city, lead_role=ActorRole.ORGANISER)
    _add_programme(event, extraction)
    resources = _add_documents(event, extraction, fetched)
    return event, resources


def _create_story(extraction: Extraction, fetched: Origin) -> Story:
    start = read_moment(extraction.record.get("start"))
    published_at = None
    if start is not None and start.precision == DatePrecision.DAY:
        published_at = start.at or timezone.make_aware(dt.datetime.combine(start.date, dt.time(12)))
    story = Story(
        **_common_fields(extraction, fetched),
        news_type=guess(extraction.record["title"], NEWS_TYPE_WORDS, default=NewsType.NEWS),
        published_at=published_at,
    )
    _save(story)
    _tag(story, extraction, city=_city(extraction), lead_role=ActorRole.PUBLISHER)
    return story


def _save(instance: models.Model) -> None:
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
    """The site's host for an address, the file's name for a path."""
    host = urlsplit(location).hostname if "://" in location else None
    return (host or location.rstrip("/").rsplit("/", 1)[-1])[:200]


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
def _resolved(extraction: Extraction, field: str) -> list[int]:
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
    actors = [(lead_role, pk) for pk in _resolved(extraction, "organizers") if pk in known]
    actors += [(ActorRole.PARTNER, pk) for pk in _resolved(extraction, "partners") if pk in known]
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


def _add_documents(event: Event, extraction: Extraction, fetched: Origin) -> list[Resource]:
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
        _save(resource)
        ItemActor.objects.bulk_create(
            ItemActor(item=resource, organisation_id=pk, role=role, order=position)
            for pk, role, position in actors
        )
        role = resource_type if resource_type in DocumentRole.values else DocumentRole.OTHER
        EventDocument.objects.create(event=event, resource=resource, role=role, order=order)
        url = document.get("url") or ""
        if _is_web_address(url):
            extension = urlsplit(url).path.rsplit(".", 1)[-1].lower()
            _save(
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


# -- review -------------------------------------------------------------------------------
ALREADY_DECIDED = {
    ReviewStatus.ACCEPTED: gettext_lazy("This import was accepted already."),
    ReviewStatus.REJECTED: gettext_lazy("This import was rejected already."),
}


def _check_pending(source: Source) -> None:
    if source.status != ReviewStatus.PENDING:
        raise ValidationError(str(ALREADY_DECIDED[source.status]))


def _decide(source: Source, status: str, by) -> None:
    source.status = status
    source.reviewed_by = by
    source.reviewed_at = timezone.now()
    source.save()


def accept(source: Source, *, by=None) -> Source:
    """Mark a pending import accepted: its draft (or translation, or link) is right.

    Side effects: saves the source's review; the item's status does not change (its
    editors publish it through the item workflow)."""
    _check_pending(source)
    if by is not None:
        check_can_edit_item(by, source.item)
    _decide(source, ReviewStatus.ACCEPTED, by)
    return source


def reject(source: Source, *, by=None) -> Source:
    """Reject a pending import, undoing what it did; the source is kept, without item,
    so that the same page is not imported again.

    Side effects, in one transaction: a draft it created is deleted with its programme,
    tags and the Resource drafts made for its documents (refused when the item is no
    longer a draft, or when other imported pages are linked to it); a translation it
    added is deleted; a linked source is just unlinked.
    """
    _check_pending(source)
    item = source.item
    if by is not None:
        check_can_edit_item(by, item)
    created = source.relation == Relation.CREATED
    if created and item.status != Status.DRAFT:
        raise ValidationError(
            _("“%(item)s” is no longer a draft: archive it instead of rejecting the import.")
            % {"item": item}
        )
    if created and item.sources.exclude(pk=source.pk).exists():
        raise ValidationError(
            _("Other imported pages are linked to this draft: split or reject them first.")
        )
    with deferred_indexing(), transaction.atomic():
        resources = list(source.resources.values_list("pk", flat=True))
        if source.relation == Relation.TRANSLATION:
            item.translations.filter(language=source.language).delete()
        source.item = None
        _decide(source, ReviewStatus.REJECTED, by)
        if created:
            item.delete()
            # The documents' drafts, unless an editor linked them to another event since.
            Resource.objects.filter(pk__in=resources, status=Status.DRAFT).exclude(
                event_links__isnull=False
            ).delete()
    return source


def merge(*, into: Item, other: Item, by=None) -> Item:
    """Merge the draft ``other`` into ``into`` (the same thing, imported twice) and delete
    it.

    Side effects, in one transaction: ``other``'s sources move to ``into``; its text
    becomes a translation of ``into`` when in a language ``into`` lacks, and so do its
    translations (others are dropped: the sources that added them become plain sources);
    its documents and organisations are added to ``into``'s; its programme and tags go
    with it.
    """
    if into.pk == other.pk:
        raise ValidationError(_("An item cannot be merged into itself."))
    if into.kind != other.kind:
        raise ValidationError(_("Only items of the same kind can be merged."))
    if other.status != Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be merged into another item: “%(item)s” is %(status)s.")
            % {"item": other, "status": other.get_status_display().lower()}
        )
    if by is not None:
        check_can_edit_item(by, into)
        check_can_edit_item(by, other)
    with deferred_indexing(), transaction.atomic():
        added = _merge_texts(into, other)
        for source in other.sources.all():
            language = other.language if source.relation == Relation.CREATED else source.language
            if source.relation != Relation.SOURCE:
                source.relation = Relation.TRANSLATION if language in added else Relation.SOURCE
            source.item = into
            source.save(update_fields=["item", "relation"])
        if into.kind == Event.item_kind:
            linked = EventDocument.objects.filter(event_id=into.pk).values("resource_id")
            EventDocument.objects.filter(event_id=other.pk).exclude(resource_id__in=linked).update(
                event_id=into.pk
            )
        present = set(into.actors.values_list("organisation_id", "role"))
        ItemActor.objects.bulk_create(
            ItemActor(item=into, organisation_id=actor.organisation_id, role=actor.role)
            for actor in other.actors.all()
            if (actor.organisation_id, actor.role) not in present
        )
        other.delete()
    logger.info("Item %s merged into %s by %s", other.pk, into.pk, by or "system")
    return into


def _merge_texts(into: Item, other: Item) -> set[str]:
    """Give ``into`` the languages of ``other`` it lacks, as translations. Returns them."""
    present = {into.language, *into.translations.values_list("language", flat=True)}
    added = set()
    if other.language not in present:
        ItemTranslation.objects.create(
            item=into,
            language=other.language,
            title=other.title,
            summary=other.summary,
            body=other.body,
        )
        added.add(other.language)
    for translation in other.translations.exclude(language__in=present | added):
        translation.item = into
        translation.save(update_fields=["item"])
        added.add(translation.language)
    return added


def split(source: Source, *, by=None) -> Item:
    """Make a page linked to an item (as another source or a translation) a draft of its
    own, from what was read in it, when it was not the same thing after all.

    Side effects, in one transaction: the translation it added is deleted; a new draft
    is created (``create_draft``); the source moves to it, pending review again.
    """
    if source.status == ReviewStatus.REJECTED:
        raise ValidationError(_("A rejected import has no item to split it from."))
    if source.relation == Relation.CREATED:
        raise ValidationError(_("This page made its item: there is nothing to split it from."))
    extraction = source.extraction()
    if by is not None:
        check_can_edit_item(by, source.item)
        check_can_create_items(by)
        check_reaches_draft(by, extraction)
    with deferred_indexing(), transaction.atomic():
        if source.relation == Relation.TRANSLATION:
            source.item.translations.filter(language=source.language).delete()
        origin = Origin(source.location, source.fetched_at, source.content_hash)
        item, resources = create_draft(extraction, fetched=origin)
        source.item = item
        source.relation = Relation.CREATED
        source.status = ReviewStatus.PENDING
        source.reviewed_by = source.reviewed_at = None
        source.save()
        source.resources.set(resources)
    return item


def proposed_organisations(source: Source) -> list[str]:
    """The organisations the page names that the directory lacks, in the record's order."""
    return [name for name, pk in source.organisations.items() if pk is None]


def create_organisation(source: Source, *, name: str, kind: str, by=None) -> Organisation:
    """Add an organisation the page names and the directory lacks.

    Side effects, in one transaction: creates the organisation; the source remembers it;
    for a page that made its item, the organisation becomes its organiser (or publisher)
    and/or partner as the page says, and a participant of the sessions naming it.
    """
    if by is not None:
        check_can_edit_directory(by)
    if source.item is None:
        raise ValidationError(_("A rejected import has no item to add organisations to."))
    if by is not None:
        check_can_edit_item(by, source.item)
    if name not in proposed_organisations(source):
        raise ValidationError(
            _("“%(name)s” is not an organisation this page proposes.") % {"name": name}
        )
    if kind not in OrganisationKind.values:
        raise ValidationError(_("Choose the kind of organisation."))
    with transaction.atomic():
        organisation = Organisation(
            name=name[:200], slug=unique_slug(name, model=Organisation, fallback="organisation")
        )
        organisation.kind = kind
        _save(organisation)
        source.organisations = {**source.organisations, name: organisation.pk}
        source.save(update_fields=["organisations"])
        if source.relation == Relation.CREATED:
            _add_organisation(source, name, organisation)
    return organisation


def _add_organisation(source: Source, name: str, organisation: Organisation) -> None:
    """``organisation``, just created for ``name``, in the roles the page gives it."""
    record, item = source.record, source.item
    lead = ActorRole.ORGANISER if record["kind"] == "event" else ActorRole.PUBLISHER
    for field, role in (("organizers", lead), ("partners", ActorRole.PARTNER)):
        if name in (record.get(field) or []):
            ItemActor.objects.get_or_create(item=item, organisation=organisation, role=role)
    naming = [
        order
        for order, entry in enumerate(record.get("program") or [])
        if name in (entry.get("participants") or [])
    ]
    Participant.objects.bulk_create(
        Participant(session=session, organisation=organisation, role=ParticipantRole.SPEAKER)
        for session in Session.objects.filter(event_id=item.pk, order__in=naming)
    )
