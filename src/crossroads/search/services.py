"""Keeping the index in step with the content.

Saving an item, its tags, organisations, translations, versions or sessions (whatever
saves them: a service, the admin, a command) reindexes it in the same transaction
(``receivers.py``); an item about to be deleted leaves the index first (its entry, its
postings, and its text through a database trigger). Inside ``deferred_indexing()`` the
items touched are indexed once, at the end. ``rebuild`` recreates everything."""

from __future__ import annotations

import logging
import multiprocessing
import os
import secrets
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction
from django.db.models import F

from crossroads.content.models import Item
from crossroads.search import postings
from crossroads.search.backends import get_backend
from crossroads.search.bitmaps import MAX_REPLAY
from crossroads.search.builders import start_builder
from crossroads.search.documents import Document, documents
from crossroads.search.models import (
    SearchEntry,
    SearchFacet,
    SearchLog,
    SearchPair,
    SearchPosting,
    SearchState,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


#: A document with its terms as the text backend stores them (``TextBackend.stored``).
Built = tuple[Document, str]


def _documents(ids: list[int]) -> list[Built]:
    """The documents of ``ids``, ready to store: in a rebuild, work for the processes
    building documents rather than for the one writing them."""
    backend = get_backend()
    return [(doc, backend.stored(doc.terms)) for doc in documents(ids)]


def _store(built: list[Built]) -> None:
    # Plain rows: model instances would cost more than the rows themselves.
    backend = get_backend()
    ops = connection.ops
    with connection.cursor() as cursor:
        backend.insert(
            cursor,
            SearchEntry._meta.db_table,
            ("item_id", "kind", "start_date", "end_date", "published_at"),
            [
                (
                    doc.item_id,
                    doc.kind,
                    ops.adapt_datefield_value(doc.start_date),
                    ops.adapt_datefield_value(doc.end_date),
                    ops.adapt_datetimefield_value(doc.published_at),
                )
                for doc, _ in built
            ],
        )
        backend.insert(
            cursor,
            SearchFacet._meta.db_table,
            ("entry_id", "facet", "value"),
            [
                (doc.item_id, facet, value)
                for doc, _ in built
                for facet, value in sorted({(f, v[:140]) for f, v in doc.facets})
            ],
        )
        backend.add(cursor, [(doc.item_id, stored) for doc, stored in built])


def index_items(item_ids: Iterable[int]) -> int:
    """Bring the entries of ``item_ids`` up to date: published items are (re)indexed, the
    others removed. Runs in the caller's transaction (or its own). Returns how many
    entries the items now have."""
    return _replace(item_ids, _documents)


def unindex(item_ids: Iterable[int]) -> None:
    """Remove the entries of ``item_ids`` (items about to be deleted) with their terms."""
    _replace(item_ids, lambda batch: [])


def _replace(item_ids: Iterable[int], documents_of: Callable[[list[int]], list[Built]]) -> int:
    """Replace the entries of ``item_ids`` by ``documents_of`` them, a batch at a time;
    the postings move from the terms stored before to the new documents' terms."""
    ids = list(item_ids)
    if not ids:  # logging no items would read as "everything changed" (``_log``)
        return 0
    written = 0
    backend = get_backend()
    with transaction.atomic():
        _log(ids)
        for batch in _batches(ids, BATCH_SIZE):
            with connection.cursor() as cursor:
                before = backend.sequences(cursor, batch)
            _remove(batch)
            found = documents_of(batch)
            _store(found)
            postings.follow(before, {doc.item_id: backend.sequence(doc.terms) for doc, _ in found})
            written += len(found)
    return written


def _log(item_ids: list[int] | None) -> None:
    """Bump the index's version and log what it changed (``None``: everything), so that
    every process brings its bitmaps up to date (``bitmaps.py``). Updating the state row
    locks it until the transaction ends: versions become visible in order, and changes
    to the index (postings are read, then rewritten) wait for each other."""
    token = secrets.token_hex(16)
    if not SearchState.objects.filter(pk=1).update(version=F("version") + 1, token=token):
        SearchState.objects.create(pk=1, version=1, token=token)
    version = SearchState.objects.values_list("version", flat=True).get(pk=1)
    SearchLog.objects.bulk_create(
        SearchLog(version=version, token=token, item_id=pk) for pk in item_ids or [None]
    )
    if item_ids is None:
        SearchLog.objects.filter(version__lt=version).delete()
    else:
        SearchLog.objects.filter(version__lt=version - MAX_REPLAY).delete()


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


def _remove(item_ids: Iterable[int]) -> None:
    """Delete the entries of ``item_ids`` (their text goes with them)."""
    SearchEntry.objects.filter(item_id__in=list(item_ids)).delete()


def _batches(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


#: Below this many items, starting other processes costs more than they save.
PARALLEL_FROM = 20_000


def _default_workers(items: int) -> int:
    """Processes building documents for a rebuild of ``items``, once the catalogue is
    large enough: one per core (the writing process waits for the database much of the
    time; with two cores, two of them rebuild 100,000 items on PostgreSQL in 37 s where
    one takes 44 s, and as fast as one on SQLite)."""
    return (os.cpu_count() or 1) if items >= PARALLEL_FROM else 0


@contextmanager
def _builders(workers: int) -> Iterator[Callable[[Iterable[list[int]]], Iterator[list[Built]]]]:
    """What turns batches of ids into their documents, in order: in this process, or in
    ``workers`` processes of their own while this one writes what they built. A few
    batches at most wait to be written, so memory stays that of a few batches."""
    if workers < 1:
        yield lambda batches: map(_documents, batches)
        return
    from django.conf import settings

    # A fresh interpreter per worker ("spawn"): forking would copy this process's open
    # database connection and whatever locks its threads hold.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=start_builder, initargs=(settings.DATABASES,)
    ) as pool:

        def build(batches: Iterable[list[int]]) -> Iterator[list[Built]]:
            pending: deque[Future] = deque()
            for batch in batches:
                pending.append(pool.submit(_documents, batch))
                if len(pending) > 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

        yield build


def rebuild(
    *,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int | None = None,
) -> int:
    """Empty the index and index every published item again, ``batch_size`` at a time;
    with ``workers`` (by default one per core from ``PARALLEL_FROM`` items),
    that many other processes build the documents (reading the content, folding and
    stemming its words: most of a rebuild's work) while this one writes them.
    They read what is committed: content changed by the caller's own open transaction
    would not be seen.

    Side effects: in one transaction, replaces every entry, facet value, text row and
    posting (``TextBackend.rebuilding``: the tables are filled without their indexes,
    built at the end); ``progress`` is called with the number of items of each batch.
    Returns the number of entries written.
    """
    ids = list(Item.objects.filter(status="published").order_by("pk").values_list("pk", flat=True))
    written = 0
    tables = [
        model._meta.db_table for model in (SearchFacet, SearchEntry, SearchPosting, SearchPair)
    ]
    backend = get_backend()
    with (
        _builders(_default_workers(len(ids)) if workers is None else workers) as build,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        _log(None)
        with backend.rebuilding(cursor, tables):
            terms = postings.Collector(SearchPosting)
            pairs = postings.Collector(SearchPair, pairs=True)
            batches = list(_batches(ids, batch_size))
            for batch, found in zip(batches, build(batches), strict=True):
                _store(found)
                for doc, _ in sorted(found, key=lambda built: built[0].item_id):
                    terms.add(doc.item_id, doc.terms)
                    pairs.add(doc.item_id, backend.sequence(doc.terms))
                written += len(found)
                if progress:
                    progress(len(batch))
            terms.flush()
            pairs.flush()
    logger.info("Search index rebuilt: %d entries", written)
    return written
