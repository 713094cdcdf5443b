"""Related items, from the index: the items sharing the most facet values with an item."""

from __future__ import annotations

import operator
from collections.abc import Iterable
from functools import reduce

from django.db.models import Count, Max, Q
from django.utils import timezone

from crossroads.content.models import Item
from crossroads.content.queries import item_cards
from crossroads.search.models import SearchFacet

#: The facets that make two items related, and how much sharing a value of each counts.
WEIGHTS = {"parent": 3, "organisation": 2, "topic": 2, "city": 2, "framework": 1, "country": 1}


def related_items(item: Item, *, limit: int = 5, exclude: Iterable[int] = ()) -> list[Item]:
    """Up to ``limit`` published items sharing the most weighted facet values with
    ``item`` (the same parent event, organisations, topics, places, frameworks), the most
    recent first among equals; ``exclude`` names items the page already shows."""
    mine: dict[str, list[str]] = {}
    for facet, value in SearchFacet.objects.filter(entry=item.pk, facet__in=WEIGHTS).values_list(
        "facet", "value"
    ):
        mine.setdefault(facet, []).append(value)
    if not mine:
        return []
    shared = Q()
    for facet, values in mine.items():
        shared |= Q(facet=facet, value__in=values)
    score = reduce(
        operator.add, (Count("pk", filter=Q(facet=facet)) * WEIGHTS[facet] for facet in mine)
    )
    ranked = (
        SearchFacet.objects.filter(shared, entry__published_at__lte=timezone.now())
        .exclude(entry__in=[item.pk, *exclude])
        .values("entry")
        .annotate(score=score, recent=Max("entry__published_at"))
        .order_by("-score", "-recent", "-entry")[:limit]
    )
    ids = [row["entry"] for row in ranked]
    items = item_cards(Item.objects.filter(pk__in=ids)).in_bulk()
    return [items[pk] for pk in ids if pk in items]
