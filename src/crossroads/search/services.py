"""Keeping the index in step with the content.

Saving an item, its tags, organisations, translations, versions or sessions (whatever
saves them: a service, the admin, a command) reindexes it in the same transaction
(``receivers.py``); deleting an item deletes its entry, and a database trigger deletes
its text. Inside ``deferred_indexing()`` the items touched are indexed once, at the
end. ``rebuild`` recreates everything."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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


_deferred: ContextVar[set[int] | None] = ContextVar("deferred_indexing", default=None)


@contextmanager
def deferred_indexing() -> Iterator[None]:
    """Collect the items touched inside the block and index them once when it succeeds.

    Nested blocks join the outermost one."""
    if _deferred.get() is not None:
        yield
        return
    touched: set[int] = set()
    token = _deferred.set(touched)
    try:
        yield
    finally:
        _deferred.reset(token)
    if touched:
        index_items(touched)


def item_touched(item_ids: Iterable[int]) -> None:
    """Reindex ``item_ids`` now, or at the end of the enclosing ``deferred_indexing``."""
    pending = _deferred.get()
    if pending is None:
        index_items(item_ids)
    else:
        pending.update(item_ids)


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
