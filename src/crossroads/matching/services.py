"""The operations that write matching's derived data: the experience of cities and
organisations by topic (``experience``), and the needs read from survey answers and from
pledges asking for support. Editors' own needs and displacement figures are edited in the
admin; everything here can be rebuilt from the rest at any time.

Whatever changes an item, its parts, a survey response or a need reading is followed
after commit by ``upkeep`` (connected in ``receivers``); ``rebuild`` recomputes it all.
Items scheduled for later count once their date has come and ``refresh_recent`` ran.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from crossroads.content.models import Item, Status
from crossroads.engagement.models import (
    Answer,
    Choice,
    Pledger,
    PledgeType,
    Progress,
    Response,
    ResponseStatus,
)
from crossroads.matching import footprints
from crossroads.matching.experience import Actor, Scope, Tally, tally
from crossroads.matching.models import CityNeed, Experience, NeedReading, NeedSource

logger = logging.getLogger(__name__)

#: Published items counted per batch of a rebuild.
BATCH_SIZE = 2000
#: Rows written per INSERT.
WRITE_BATCH = 1000
#: Cities whose needs are read per batch.
CITY_BATCH = 500


# -- experience ---------------------------------------------------------------------------
def rebuild_experience(
    *, progress: Callable[[int], None] | None = None, batch_size: int = BATCH_SIZE
) -> int:
    """Count every actor's experience again from every published item.

    Side effects: in one transaction, replaces every ``Experience`` row; ``progress`` is
    called with the number of items of each batch counted. Returns the rows written.
    """
    ids = list(
        Item.objects.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    totals: dict[tuple[Actor, int], Tally] = {}
    with transaction.atomic():
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            for key, found in tally(Scope(items=(batch[0], batch[-1]))).items():
                if key in totals:
                    totals[key].merge(found)
                else:
                    totals[key] = found
            if progress:
                progress(len(batch))
        Experience.objects.all().delete()
        _write(totals)
    logger.info("Experience rebuilt: %d rows from %d items", len(totals), len(ids))
    return len(totals)


def update_experience(
    *, cities: Iterable[int], organisations: Iterable[int], topics: Iterable[int] | None = None
) -> int:
    """Count again the experience of ``cities`` and ``organisations`` on ``topics`` (None:
    every topic). Returns the rows written.

    Side effects: in one transaction, replaces their ``Experience`` rows on those topics
    (removing those with nothing left to count, and any of an organisation that is a
    city's local government, which counts with its city).
    """
    scope = Scope(
        cities=set(cities),
        organisations=set(organisations),
        topics=None if topics is None else set(topics),
    )
    if not (scope.cities or scope.organisations) or scope.topics == set():
        return 0
    found = tally(scope)
    rows = Experience.objects.filter(
        Q(city_id__in=sorted(scope.cities)) | Q(organisation_id__in=sorted(scope.organisations))
    )
    if scope.topics is not None:
        rows = rows.filter(topic_id__in=sorted(scope.topics))
    with transaction.atomic():
        rows.delete()
        _write(found)
    return len(found)


def _write(tallies: dict[tuple[Actor, int], Tally]) -> None:
    Experience.objects.bulk_create(
        (found.as_row(actor, topic) for (actor, topic), found in sorted(tallies.items())),
        batch_size=WRITE_BATCH,
    )


def refresh_recent(*, days: int) -> int:
    """Count again the experience around items whose publication date came in the past
    ``days`` days, and events that started in them: items scheduled for later and events
    are counted once their date has come (run daily). Returns how many such items there
    were."""
    now = timezone.now()
    today = timezone.localdate()
    came = Q(published_at__gt=now - dt.timedelta(days=days), published_at__lte=now) | Q(
        event__start_date__gt=today - dt.timedelta(days=days), event__start_date__lte=today
    )
    ids = list(Item.objects.published().filter(came).values_list("pk", flat=True))
    for scope in footprints.scopes(footprints.pairs_of_items(ids)):
        update_experience(
            cities=scope.cities, organisations=scope.organisations, topics=scope.topics
        )
    return len(ids)


# -- needs read from survey answers and pledges ---------------------------------------------
@dataclass
class _Need:
    year: int
    notes: list[str]


def refresh_needs(*, cities: Iterable[int]) -> int:
    """Read again the needs of ``cities`` from their survey answers (each network's latest
    survey a city submitted, through the network's ``NeedReading``) and from their pledges
    asking for support (published, neither withdrawn nor fulfilled).

    Side effects: replaces those cities' needs whose source is a survey or a pledge (the
    editors' stay as they are). Returns the needs written."""
    ids = sorted(set(cities))
    written = 0
    for start in range(0, len(ids), CITY_BATCH):
        batch = ids[start : start + CITY_BATCH]
        found = {
            NeedSource.SURVEY: _survey_needs(batch),
            NeedSource.PLEDGE: _pledge_needs(batch),
        }
        rows = [
            CityNeed(
                city_id=city,
                topic_id=topic,
                source=source,
                year=need.year,
                note="\n".join(sorted(set(need.notes))),
            )
            for source, needs in found.items()
            for (city, topic), need in sorted(needs.items())
        ]
        with transaction.atomic():
            CityNeed.objects.filter(
                city_id__in=batch, source__in=(NeedSource.SURVEY, NeedSource.PLEDGE)
            ).delete()
            CityNeed.objects.bulk_create(rows, batch_size=WRITE_BATCH)
        written += len(rows)
    return written


def cities_with_read_needs() -> list[int]:
    """The cities that answered a survey, pledged, or have needs read before."""
    cities = (
        set(Response.objects.values_list("city_id", flat=True))
        | set(Pledger.objects.filter(city__isnull=False).values_list("city_id", flat=True))
        | set(CityNeed.objects.exclude(source=NeedSource.EDITOR).values_list("city_id", flat=True))
    )
    return sorted(cities)


def rebuild_needs(*, progress: Callable[[int], None] | None = None) -> int:
    """Read again the needs of every city that answered a survey, pledged, or has needs
    read before. ``progress`` is called with the number of cities of each batch."""
    ids = cities_with_read_needs()
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), CITY_BATCH):
            batch = ids[start : start + CITY_BATCH]
            written += refresh_needs(cities=batch)
            if progress:
                progress(len(batch))
    return written


def _survey_needs(cities: list[int]) -> dict[tuple[int, int], _Need]:
    latest: dict[tuple[int, int], tuple[int, int, str]] = {}
    for pk, city, network, year, title in Response.objects.filter(
        city_id__in=cities, status=ResponseStatus.SUBMITTED
    ).values_list("pk", "city_id", "survey__network_id", "survey__year", "survey__title"):
        if (city, network) not in latest or year > latest[city, network][1]:
            latest[city, network] = (pk, year, title)
    if not latest:
        return {}
    readings: dict[tuple[int, str, str], list[int]] = defaultdict(list)
    for network, question, choice, topic in NeedReading.objects.filter(
        network_id__in={network for _, network in latest}
    ).values_list("network_id", "question_code", "choice_code", "topic_id"):
        readings[network, question, choice].append(topic)
    responses = {
        pk: (city, network, year, title) for (city, network), (pk, year, title) in latest.items()
    }
    answers = Answer.objects.filter(
        response_id__in=sorted(responses),
        question__code__in={question for _, question, _ in readings},
    ).values_list("response_id", "question_id", "question__code", "choices")
    chosen = []
    for response, question_id, code, choices in answers:
        city, network, year, title = responses[response]
        for choice in choices if isinstance(choices, list) else ():
            for topic in readings.get((network, code, str(choice)), ()):
                chosen.append((city, topic, year, title, question_id, str(choice)))
    labels = dict(
        ((question, code), label)
        for question, code, label in Choice.objects.filter(
            question_id__in={question for *_, question, _ in chosen}
        ).values_list("question_id", "code", "label")
    )
    needs: dict[tuple[int, int], _Need] = {}
    for city, topic, year, title, question, choice in chosen:
        note = f"{title}: {labels.get((question, choice), choice)}"
        need = needs.setdefault((city, topic), _Need(year, []))
        need.year = max(need.year, year)
        need.notes.append(note)
    return needs


def _pledge_needs(cities: list[int]) -> dict[tuple[int, int], _Need]:
    pledges = Pledger.objects.filter(
        city_id__in=cities,
        pledge__status=Status.PUBLISHED,
        pledge__published_at__lte=timezone.now(),
        pledge__pledge_type=PledgeType.NEED,
    ).exclude(pledge__progress__in=(Progress.WITHDRAWN, Progress.FULFILLED))
    rows = list(
        pledges.values_list("city_id", "pledge_id", "pledge__title", "pledge__published_at")
    )
    if not rows:
        return {}
    topics: dict[int, list[int]] = defaultdict(list)
    for item, topic in Item.topics.through.objects.filter(
        item_id__in={pledge for _, pledge, _, _ in rows}
    ).values_list("item_id", "topic_id"):
        topics[item].append(topic)
    needs: dict[tuple[int, int], _Need] = {}
    for city, pledge, title, published_at in rows:
        year = timezone.localtime(published_at).year
        for topic in topics.get(pledge, ()):
            need = needs.setdefault((city, topic), _Need(year, []))
            need.year = max(need.year, year)
            need.notes.append(title)
    return needs


# -- everything ---------------------------------------------------------------------------
def rebuild(
    *,
    progress_items: Callable[[int], None] | None = None,
    progress_cities: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Rebuild the experience and the needs read from surveys and pledges: what
    ``crossroads matching rebuild`` and the demo's loader run. Returns the experience rows
    and the needs written."""
    with transaction.atomic():
        rows = rebuild_experience(progress=progress_items)
        needs = rebuild_needs(progress=progress_cities)
    return rows, needs
