"""Reads shared by every kind of item: translations, cards, related items, paging."""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language

from crossroads.content.cards import Card
from crossroads.content.models import (
    LEAD_ROLES,
    SPECIFIC_ACCESSORS,
    Item,
    ItemActor,
    ItemTranslation,
    Kind,
)


def active_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def translation_prefetch(prefix: str = "") -> Prefetch:
    """Prefetch only the active language's translation (see ``Item.display_title``)."""
    return Prefetch(
        f"{prefix}translations",
        queryset=ItemTranslation.objects.filter(language=active_language()),
        to_attr="prefetched_translations",
    )


def actors_prefetch(prefix: str = "") -> Prefetch:
    return Prefetch(
        f"{prefix}actors",
        queryset=ItemActor.objects.select_related("organisation"),
        to_attr="prefetched_actors",
    )


def with_card_data(queryset: QuerySet) -> QuerySet:
    """What a list entry shows: its translation and its organisations."""
    return queryset.prefetch_related(translation_prefetch(), actors_prefetch())


def item_cards(queryset: QuerySet) -> QuerySet:
    """Items of any kind as list entries, each with its kind's own fields joined in."""
    return with_card_data(
        queryset.select_related("event__city__country", "story", "resource", "campaign", "pledge")
    )


@cache
def _tables() -> dict[str, str]:
    """The tables and columns the cards are read from, named by the models (this app
    does not import the kinds' apps: it reaches their tables through ``Item``'s links)."""
    kinds = {
        kind: Item._meta.get_field(name).related_model for kind, name in SPECIFIC_ACCESSORS.items()
    }
    event = kinds[Kind.EVENT]
    city = event._meta.get_field("city").related_model
    country = city._meta.get_field("country").related_model
    organisation = ItemActor._meta.get_field("organisation").related_model
    quote = connection.ops.quote_name
    return {
        "item": quote(Item._meta.db_table),
        "event": quote(event._meta.db_table),
        "story": quote(kinds[Kind.STORY]._meta.db_table),
        "resource": quote(kinds[Kind.RESOURCE]._meta.db_table),
        "campaign": quote(kinds[Kind.CAMPAIGN]._meta.db_table),
        "pledge": quote(kinds[Kind.PLEDGE]._meta.db_table),
        "city": quote(city._meta.db_table),
        "country": quote(country._meta.db_table),
        "translation": quote(ItemTranslation._meta.db_table),
        "actor": quote(ItemActor._meta.db_table),
        "organisation": quote(organisation._meta.db_table),
        "order": quote("order"),
        "event_type": quote(event.type_field),
        "story_type": quote(kinds[Kind.STORY].type_field),
        "resource_type": quote(kinds[Kind.RESOURCE].type_field),
        "campaign_type": quote(kinds[Kind.CAMPAIGN].type_field),
        "pledge_type": quote(kinds[Kind.PLEDGE].type_field),
    }


#: Each item with its kind's type, its event's dates and place, and its translation in a
#: language (the body only when there is no summary to cut a snippet from).
_CARDS = """
SELECT i.id, i.kind, i.slug, i.title, i.summary, i.language, i.published_at,
    COALESCE(e.{event_type}, s.{story_type}, r.{resource_type}, g.{campaign_type}, p.{pledge_type}),
    e.start_date, e.end_date, e.date_precision, e.attendance_mode, e.venue, c.name, k.name,
    t.language, t.title, t.summary,
    CASE WHEN COALESCE(NULLIF(t.summary, ''), i.summary) = ''
        THEN COALESCE(NULLIF(t.body, ''), i.body) ELSE '' END
FROM {item} i
LEFT JOIN {event} e ON e.item_ptr_id = i.id
LEFT JOIN {city} c ON c.id = e.city_id
LEFT JOIN {country} k ON k.code = c.country_id
LEFT JOIN {story} s ON s.item_ptr_id = i.id
LEFT JOIN {resource} r ON r.item_ptr_id = i.id
LEFT JOIN {campaign} g ON g.item_ptr_id = i.id
LEFT JOIN {pledge} p ON p.item_ptr_id = i.id
LEFT JOIN {translation} t ON t.item_id = i.id AND t.language = %s
WHERE i.id IN ({ids})
"""
#: The organisations each item is by, in their order.
_LEADS = """
SELECT a.item_id, o.name, o.acronym FROM {actor} a
JOIN {organisation} o ON o.id = a.organisation_id
WHERE a.item_id IN ({ids}) AND a.role IN ({roles})
ORDER BY a.{order}, a.id
"""


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """A moment as the database gives it: SQLite's are in UTC without saying so."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


def cards_in_order(ids: list[int]) -> list[Card]:
    """The cards of the items of ``ids``, in that order (ids of items gone are left out),
    in the active language: two statements whatever their number. (Building the models
    with their kind, place, translation and organisations took 10-18 ms for twenty, the
    statements 1-2.)"""
    if not ids:
        return []
    tables = _tables()
    marks = ", ".join(["%s"] * len(ids))
    leads: dict[int, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_CARDS.format(ids=marks, **tables), [active_language(), *ids])
        rows = cursor.fetchall()
        roles = ", ".join(["%s"] * len(LEAD_ROLES))
        cursor.execute(_LEADS.format(ids=marks, roles=roles, **tables), [*ids, *LEAD_ROLES])
        for pk, name, acronym in cursor.fetchall():
            leads.setdefault(pk, []).append(acronym or name)  # ``Organisation.short_name``
    cards = {}
    for row in rows:
        pk, kind, slug, title, summary, language, published_at, type_value = row[:8]
        start, end, precision, attendance, venue, city, country = row[8:15]
        translated, t_title, t_summary, body = row[15:]
        if translated is not None:  # as ``Item.display_title`` and the others read it
            title, summary, language = t_title, t_summary or summary, translated
        cards[pk] = Card(
            pk=pk,
            kind=kind,
            slug=slug,
            type=type_value or "",
            title=title,
            summary=summary,
            language=language,
            text=summary or body,
            published_at=_aware(published_at),
            leads=leads.get(pk, []),
            start_date=start,
            end_date=end,
            precision=precision or "",
            attendance_mode=attendance or "",
            venue=venue or "",
            city=city or "",
            country=country or "",
        )
    return [cards[pk] for pk in ids if pk in cards]


def paginate(request, queryset, per_page: int | None = None) -> Page:
    """The requested page; a missing, malformed or too large page number is ignored."""
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))
