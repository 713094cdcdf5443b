"""Keeping the index in step with the content. Every change to an item's publication or
content calls ``index_items``; deleting an item deletes its entry (and, by a trigger or a
foreign key, its text). ``rebuild`` recreates everything."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator

from django.db import connection, transaction

from crossroads.content.models import Item
from crossroads.search.backends import get_backend
from crossroads.search.documents import Document, document, indexable_items
from crossroads.search.models import SearchEntry, SearchFacet

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


def _store(documents: list[Document]) -> None:
    SearchEntry.objects.bulk_create(
        SearchEntry(
            item_id=doc.item_id,
            kind=doc.kind,
            start_date=doc.start_date,
            end_date=doc.end_date,
            published_at=doc.published_at,
        )
        for doc in documents
    )
    SearchFacet.objects.bulk_create(
        SearchFacet(entry_id=doc.item_id, facet=facet, value=value[:140])
        for doc in documents
        for facet, value in sorted(doc.facets)
    )
    with connection.cursor() as cursor:
        get_backend().replace(cursor, [(doc.item_id, " ".join(doc.terms)) for doc in documents])


def index_items(item_ids: Iterable[int]) -> int:
    """Bring the entries of ``item_ids`` up to date: published items are (re)indexed, the
    others removed. Runs in the caller's transaction (or its own). Returns how many
    entries the items now have."""
    ids = list(item_ids)
    with transaction.atomic():
        remove_items(ids)
        documents = [document(item) for item in indexable_items(ids)]
        _store(documents)
    return len(documents)


def remove_items(item_ids: Iterable[int]) -> None:
    """Delete the entries of ``item_ids`` (their text goes with them)."""
    SearchEntry.objects.filter(item_id__in=list(item_ids)).delete()


def _batches(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def rebuild(*, progress: Callable[[int], None] | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Empty the index and index every published item again, ``batch_size`` at a time.

    Side effects: in one transaction, deletes every entry, facet value and text row, then
    writes them anew; ``progress`` is called with the number of items of each batch.
    Returns the number of entries written.
    """
    ids = list(Item.objects.filter(status="published").order_by("pk").values_list("pk", flat=True))
    written = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            get_backend().clear(cursor)
        SearchFacet.objects.all().delete()
        SearchEntry.objects.all().delete()
        for batch in _batches(ids, batch_size):
            documents = [document(item) for item in indexable_items(batch)]
            _store(documents)
            written += len(documents)
            if progress:
                progress(len(batch))
    logger.info("Search index rebuilt: %d entries", written)
    return written
