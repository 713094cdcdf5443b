"""Finding what an imported page duplicates: the same bytes, the same address, or the same
event or story told by another page (in another language, perhaps).

Every function here reads a bounded number of rows: sources by their indexed hash and
addresses, events by their indexed start date and stories by their publication date
within the window the dates' precision allows, never a scan of all items.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from crossroads.content.dates import DatePrecision, parse_partial, period_end, period_start
from crossroads.content.models import ActorRole, Item, ItemActor, ItemTranslation
from crossroads.events.models import Event
from crossroads.ingest.directory import fold
from crossroads.ingest.models import ReviewStatus, Source
from crossroads.ingest.pages import Page
from crossroads.ingest.records import Extraction
from crossroads.news.models import Story

#: Titles at least this similar (token-set Dice coefficient) name the same event or story.
TITLE_THRESHOLD = 0.6
#: At most this many events starting (stories published) in the same period are compared.
CANDIDATES = 50

#: Coarse to fine: two dates are compared at the coarser of their precisions.
_COARSENESS = (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR)
#: The roles of an event's organisers, for "a shared organiser".
ORGANISING_ROLES = (ActorRole.ORGANISER, ActorRole.HOST)

STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the"),
        *("to", "with", "its", "their", "our", "this", "that"),
        *("au", "aux", "avec", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les"),
        *("par", "pour", "sur", "un", "une", "dans", "entre", "à"),
    }
)
# Accents are folded before words are compared: "à" and "a" are the same word.
_FOLDED_STOP_WORDS = frozenset(fold(word) for word in STOP_WORDS)
_WORD = re.compile(r"[a-z0-9]+")


# -- dates ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Moment:
    """A record's date at its precision, and the instant when a time and offset are given."""

    date: dt.date
    precision: DatePrecision
    at: dt.datetime | None = None


def read_moment(text: str | None) -> Moment | None:
    """``"2024-03-12"``, ``"2024-03"``, ``"2022"`` or ``"2024-03-12T09:00:00+03:00"`` read;
    None for nothing or anything else."""
    if not text:
        return None
    text = text.strip()
    if "T" in text:
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
        if moment.tzinfo is None:
            return Moment(moment.date(), DatePrecision.DAY)
        return Moment(moment.date(), DatePrecision.DAY, moment)
    try:
        date, precision = parse_partial(text)
    except ValueError:
        return None
    return Moment(date, precision)


def coarser(first: str, second: str) -> DatePrecision:
    """The coarser of two precisions."""
    return max(DatePrecision(first), DatePrecision(second), key=_COARSENESS.index)


def same_start(first: Moment, second: Moment) -> bool:
    """Whether two starts fall in the same period at the coarser of their precisions."""
    precision = coarser(first.precision, second.precision)
    return period_start(first.date, precision) == period_start(second.date, precision)


# -- titles ---------------------------------------------------------------------------------
def tokens(text: str) -> list[str]:
    """The words of ``text`` in order, accents folded and in lower case."""
    return _WORD.findall(fold(text))


def words(title: str) -> frozenset[str]:
    """The words of a title that tell it apart: ``tokens`` without stop words (English
    and French)."""
    return frozenset(word for word in tokens(title) if word not in _FOLDED_STOP_WORDS)


def title_similarity(first: str, second: str) -> float:
    """How alike two titles are, 0 to 1: the Dice coefficient of their word sets."""
    a, b = words(first), words(second)
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def similarity_to(title: str, item: Item) -> float:
    """The best similarity of ``title`` to the titles of ``item``: its own and its
    translations' (prefetched as ``import_translations``)."""
    titles = [item.title, *(translation.title for translation in item.import_translations)]
    return max(title_similarity(title, other) for other in titles)


def _with_translated_titles(items: QuerySet) -> QuerySet:
    return items.prefetch_related(
        Prefetch(
            "translations",
            queryset=ItemTranslation.objects.only("item_id", "language", "title"),
            to_attr="import_translations",
        )
    )


# -- events ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class EventFacts:
    """What two accounts of an event are compared on."""

    title: str
    start: Moment
    city_id: int | None = None
    geonameid: int | None = None
    organisers: frozenset[int] = frozenset()


def facts_of_extraction(extraction: Extraction) -> EventFacts | None:
    """The comparable facts of an event page; None for news or an event without a date."""
    record = extraction.record
    start = read_moment(record.get("start"))
    if record.get("kind") != "event" or start is None:
        return None
    place = extraction.places.get(record.get("city") or "")
    organisers = {extraction.organisations.get(name) for name in record.get("organizers") or []}
    return EventFacts(
        title=record.get("title") or "",
        start=start,
        city_id=place.city_id if place else None,
        geonameid=place.geonameid if place else None,
        organisers=frozenset(organisers - {None}),
    )


def facts_of_event(event: Event) -> EventFacts:
    """The comparable facts of a saved event (its actors read in one query)."""
    organisers = ItemActor.objects.filter(item_id=event.pk, role__in=ORGANISING_ROLES)
    return EventFacts(
        title=event.title,
        start=Moment(event.start_date, DatePrecision(event.date_precision)),
        city_id=event.city_id,
        organisers=frozenset(organisers.values_list("organisation_id", flat=True)),
    )


def events_starting_with(start: Moment) -> QuerySet:
    """Events starting in the same period as ``start``, at the coarser precision of the
    two: one indexed range of start dates per precision an event may have."""
    windows = Q()
    for precision in _COARSENESS:
        period = coarser(start.precision, precision)
        bounds = (period_start(start.date, period), period_end(start.date, period))
        windows |= Q(date_precision=precision, start_date__range=bounds)
    return Event.objects.filter(windows)


def score(facts: EventFacts, event: Event) -> float:
    """How surely ``event`` is the event of ``facts``: the best similarity of its titles
    (its own and its translations', prefetched), or 1 when it takes place in the same
    city with an organiser in common."""
    similarity = similarity_to(facts.title, event)
    same_city = event.city_id is not None and (
        event.city_id == facts.city_id
        or (facts.geonameid is not None and event.city.geonameid == facts.geonameid)
    )
    shared = {actor.organisation_id for actor in event.import_organisers} & facts.organisers
    return 1.0 if same_city and shared else similarity


def ranked_events(facts: EventFacts, *, among: QuerySet | None = None, exclude: int | None = None):
    """Events starting together with ``facts``'s (of ``among``, all by default), best
    match first, each with its ``score``: four queries."""
    events = events_starting_with(facts.start)
    if among is not None:
        events = events.filter(pk__in=among.values("pk"))
    if exclude is not None:
        events = events.exclude(pk=exclude)
    events = (
        _with_translated_titles(events)
        .select_related("city")
        .prefetch_related(
            Prefetch(
                "actors",
                queryset=ItemActor.objects.filter(role__in=ORGANISING_ROLES),
                to_attr="import_organisers",
            ),
        )
    )
    scored = [(score(facts, event), event) for event in events[:CANDIDATES]]
    scored.sort(key=lambda pair: (-pair[0], pair[1].pk))
    for value, event in scored:
        event.score = value
    return [event for _value, event in scored]


def same_event(facts: EventFacts) -> Event | None:
    """The event ``facts`` most likely describe, if any is alike enough."""
    for event in ranked_events(facts):
        return event if event.score >= TITLE_THRESHOLD else None
    return None


# -- stories ------------------------------------------------------------------------------
@dataclass(frozen=True)
class StoryFacts:
    """What two accounts of a story are compared on."""

    title: str
    published: Moment


def facts_of_story(extraction: Extraction) -> StoryFacts | None:
    """The comparable facts of a news page; None for an event or news without a date."""
    record = extraction.record
    published = read_moment(record.get("start"))
    if record.get("kind") != "news" or published is None:
        return None
    return StoryFacts(title=record.get("title") or "", published=published)


def stories_published_with(published: Moment) -> QuerySet:
    """Stories published in the period of ``published`` at its precision (a story's
    publication is an instant, finer than any): one range of instants, from the start of
    the period's first day to the end of its last in the site's time zone."""
    first = period_start(published.date, published.precision)
    after = period_end(published.date, published.precision) + dt.timedelta(days=1)
    return Story.objects.filter(
        published_at__gte=timezone.make_aware(dt.datetime.combine(first, dt.time())),
        published_at__lt=timezone.make_aware(dt.datetime.combine(after, dt.time())),
    )


def same_story(facts: StoryFacts) -> Story | None:
    """The story ``facts`` most likely tell: of those published together with it, the
    one whose title (or a translation's) is most alike, if alike enough. Two queries."""
    stories = _with_translated_titles(stories_published_with(facts.published))[:CANDIDATES]
    scored = [(similarity_to(facts.title, story), -story.pk, story) for story in stories]
    similarity, _pk, story = max(scored, key=lambda entry: entry[:2], default=(0.0, 0, None))
    return story if similarity >= TITLE_THRESHOLD else None


# -- imports --------------------------------------------------------------------------------
class Reason(StrEnum):
    """Why a page is a duplicate."""

    SAME_BYTES = "same_bytes"
    REJECTED_BEFORE = "rejected_before"
    SAME_ADDRESS = "same_address"
    SAME_EVENT = "same_event"
    SAME_STORY = "same_story"


@dataclass(frozen=True)
class Duplicate:
    reason: Reason
    item: Item | None
    source: Source | None = None


def stated_address(page: Page) -> str:
    """The address ``page`` states as its own (a canonical link, an entry's or an
    event's URL), or "" when it states none a Source can hold."""
    url = page.facts.get("url")
    return url if isinstance(url, str) and len(url) <= 1000 else ""


def find_duplicate(extraction: Extraction, *, content_hash: str) -> Duplicate | None:
    """What the page of ``extraction``, read from bytes hashing to ``content_hash``,
    duplicates, if anything:

    - an earlier import of the same page from the same bytes (the same hash, and the
      same address or the same text: a file read again from elsewhere) — rejected
      before, or still there;
    - an earlier import of the same page, from other bytes: the page changed since, and
      nothing is updated. The same page is one at the same address: the page's own
      source (``file.ics#2``, a feed entry's link) or the address it states as its own,
      on either side; a rejected import does not count (a page changed since may be
      imported again);
    - for an event, an event starting together with it (at the coarser precision) with a
      similar title, or in the same city with an organiser in common;
    - for news, a story published together with it (at the coarser precision) with a
      similar title.

    At most five queries.
    """
    page = extraction.page
    addresses = {page.source, stated_address(page)} - {""}
    same_page = Q(location__in=addresses) | Q(canonical__in=addresses)
    same_text = Q(content_hash=content_hash, text=page.text)
    earlier = Source.objects.filter(same_page | same_text).only("item_id", "status", "content_hash")
    by_address = None
    for source in earlier:
        if source.content_hash == content_hash:
            reason = (
                Reason.REJECTED_BEFORE
                if source.status == ReviewStatus.REJECTED
                else Reason.SAME_BYTES
            )
            return Duplicate(reason, _item(source), source)
        if by_address is None and source.status != ReviewStatus.REJECTED:
            by_address = source
    if by_address is not None:
        return Duplicate(Reason.SAME_ADDRESS, _item(by_address), by_address)
    if event_facts := facts_of_extraction(extraction):
        event = same_event(event_facts)
        return Duplicate(Reason.SAME_EVENT, event) if event else None
    if story_facts := facts_of_story(extraction):
        story = same_story(story_facts)
        return Duplicate(Reason.SAME_STORY, story) if story else None
    return None


def _item(source: Source) -> Item | None:
    return Item.objects.filter(pk=source.item_id).first() if source.item_id else None
