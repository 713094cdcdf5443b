"""Reads shared by every kind of item: translations, cards, related items, paging."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
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


def paginate(request, queryset, per_page: int | None = None) -> Page:
    """The requested page; a missing, malformed or too large page number is ignored."""
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def related_items(item: Item, *, limit: int = 5, exclude: Iterable[int] = ()) -> list[Item]:
    """Published items sharing the most topics, organisations, places and frameworks.

    One query ranks the candidates by how many of ``item``'s tags they share, one more
    fetches them; ``exclude`` names items the page already shows elsewhere.
    """
    topic_ids = [topic.pk for topic in item.topics.all()]
    framework_ids = [framework.pk for framework in item.frameworks.all()]
    city_ids = [city.pk for city in item.cities.all()]
    organisation_ids = [actor.organisation_id for actor in item.actor_list]
    shared = (
        Count("topics", filter=Q(topics__in=topic_ids), distinct=True)
        + Count("actors", filter=Q(actors__organisation__in=organisation_ids), distinct=True)
        + Count("cities", filter=Q(cities__in=city_ids), distinct=True)
        + Count("frameworks", filter=Q(frameworks__in=framework_ids), distinct=True)
    )
    candidates = (
        Item.objects.published()
        .exclude(pk__in=[item.pk, *exclude])
        .filter(
            Q(topics__in=topic_ids)
            | Q(actors__organisation__in=organisation_ids)
            | Q(cities__in=city_ids)
            | Q(frameworks__in=framework_ids)
        )
        .values("pk")
        .annotate(score=shared)
        .order_by("-score", "-published_at")[:limit]
    )
    ranked = [row["pk"] for row in candidates]
    items = item_cards(Item.objects.filter(pk__in=ranked)).in_bulk()
    return [items[pk] for pk in ranked if pk in items]
