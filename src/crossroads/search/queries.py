"""Text search over published items.

Matches every word of the query in the title or summary (original or translated), without
regard to case. The indexed engine with facets replaces this read in a later iteration;
the view and its parameters stay the same.
"""

from django.db.models import Q, QuerySet

from crossroads.content.models import Item, Kind
from crossroads.content.queries import item_cards

#: Longer queries are cut: no one types more, and it bounds the work per request.
MAX_QUERY_LENGTH = 200
MAX_WORDS = 8


def clean_query(text: str) -> str:
    text = "".join(char if char.isprintable() else " " for char in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search_items(text: str, *, kind: str = "") -> QuerySet:
    items = Item.objects.published()
    for word in text.split()[:MAX_WORDS]:
        items = items.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(translations__title__icontains=word)
            | Q(translations__summary__icontains=word)
        )
    if kind in Kind.values:
        items = items.filter(kind=kind)
    return item_cards(items.distinct()).order_by("-published_at", "-pk")
