"""Related items, from the index: the items sharing the most facet values with an item.

Each value the item has (a topic, an organisation, a place, a framework, its parent
event) is a bitmap of the entries sharing it. Adding them up in bitmaps gives, for each
score, the entries with exactly that score, best first; no entry is looked at one by
one. Among entries with the same score, the ones whose text is closest to the item's
title come first (``ranking.scores``), then the newest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.utils import timezone
from pyroaring import BitMap

from crossroads.content.models import Item
from crossroads.content.queries import cards_in_order
from crossroads.search.backends import get_backend
from crossroads.search.bitmaps import current_index
from crossroads.search.models import SearchEntry, SearchFacet
from crossroads.search.ranking import scores
from crossroads.search.text import Query, Term, stem, words

#: The facets that make two items related, and how much sharing a value of each counts.
WEIGHTS = {"parent": 3, "organisation": 2, "topic": 2, "city": 2, "framework": 1, "country": 1}
#: Of the entries tied at the last score that makes the list, this many (the newest) are
#: compared by text.
TIE_WINDOW = 100


def _by_score(shared: list[tuple[int, BitMap]]) -> dict[int, BitMap]:
    """The entries of each total score: each value's weight moves the entries having it
    up one layer."""
    layers: dict[int, BitMap] = {}
    for weight, having in shared:
        moved: dict[int, BitMap] = defaultdict(BitMap)
        seen = BitMap()
        for score, layer in layers.items():
            up = layer & having
            if up:
                moved[score + weight] |= up
            if len(up) < len(layer):
                moved[score] |= layer - up
            seen |= layer
        fresh = having - seen
        if fresh:
            moved[weight] |= fresh
        layers = moved
    return layers


def _title_query(item: Item) -> Query:
    return Query(
        terms=[
            Term(stems=(stem(word, item.language), word))
            for word in dict.fromkeys(words(item.title))
            if len(word) > 2
        ]
    )


def related_items(item: Item, *, limit: int = 5, exclude: Iterable[int] = ()) -> list[Item]:
    """Up to ``limit`` published items sharing the most weighted facet values with
    ``item`` (the same parent event, organisations, topics, places, frameworks); among
    equals, the closest in text, then the newest. ``exclude`` names items the page
    already shows."""
    index = current_index()
    pool = index.visible(timezone.now()) - BitMap([item.pk, *exclude])
    rows = SearchFacet.objects.filter(entry=item.pk, facet__in=WEIGHTS).values_list(
        "facet", "value"
    )
    shared = [(WEIGHTS[facet], index.value(facet, value) & pool) for facet, value in rows]
    layers = _by_score([(weight, having) for weight, having in shared if having])

    # The layers that make the list; of the last one, only the newest are compared.
    chosen: list[tuple[int, BitMap]] = []
    wanted = limit
    for score in sorted(layers, reverse=True):
        layer = layers[score]
        if len(layer) > wanted:
            layer, _ = index.starts.walk(layer, 0, TIE_WINDOW, newest_first=True)
        chosen.append((score, layer))
        wanted -= len(layer)
        if wanted <= 0:
            break
    if not chosen:
        return []
    candidates = list(BitMap.union(*(layer for _, layer in chosen)))
    newest = SearchEntry.objects.filter(item_id__in=candidates).order_by(
        "-start_date", "-published_at", "-item_id"
    )
    recency = {pk: place for place, pk in enumerate(newest.values_list("item_id", flat=True))}
    with connection.cursor() as cursor:
        backend = get_backend()
        closeness = scores(_title_query(item), backend.terms(cursor, candidates), backend.form)
    score_of = {pk: score for score, layer in chosen for pk in layer}
    ids = sorted(recency, key=lambda pk: (-score_of[pk], -closeness.get(pk, 0.0), recency[pk]))[
        :limit
    ]
    return cards_in_order(ids)
