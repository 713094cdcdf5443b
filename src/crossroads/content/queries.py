"""Reads shared by every kind of item: translations, cards, related items, paging."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language

from crossroads.content.models import Item, ItemActor, ItemTranslation


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
    return with_card_data(queryset.select_related("event__city__country", "story", "resource"))


def cards_in_order(ids: list[int]) -> list:
    """The items of ``ids`` as list entries, in that order (ids of items gone are left
    out)."""
    items = item_cards(Item.objects.filter(pk__in=ids)).in_bulk()
    return [items[pk] for pk in ids if pk in items]


def paginate(request, queryset, per_page: int | None = None) -> Page:
    """The requested page; a missing, malformed or too large page number is ignored."""
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))
