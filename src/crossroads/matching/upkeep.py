"""Experience and needs follow the content: the receivers (``receivers.py``) note what
each change touches in this thread's pending batch, and once the transaction commits
(``transaction.on_commit``; at once outside a transaction) ``flush`` counts those
actors and topics again and reads those cities' needs again. A change rolled back leaves
its notes for the next flush, which only counts again what is there.

Bulk writes that send no signals (``bulk_create``, ``QuerySet.update``) are not
followed: run ``crossroads matching rebuild`` after them.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction

from crossroads.engagement.models import Pledger, Response, ResponseStatus
from crossroads.matching import footprints, services
from crossroads.matching.experience import Actor

logger = logging.getLogger(__name__)


@dataclass
class Pending:
    """What changes touched since the last flush."""

    #: (actor, topic) pairs to count again.
    pairs: set[footprints.Pair] = field(default_factory=set)
    #: Items whose whole footprint is counted again.
    items: set[int] = field(default_factory=set)
    #: (actor, item): the actor with each of the item's topics.
    actors_of_items: set[tuple[Actor, int]] = field(default_factory=set)
    #: (item, topic): every actor of the item with the topic.
    items_topics: set[tuple[int, int]] = field(default_factory=set)
    #: Actors counted again on every topic.
    whole: set[Actor] = field(default_factory=set)
    #: Cities whose needs are read again; and those of the pledgers of these items,
    #: and of the cities answering these networks' surveys.
    need_cities: set[int] = field(default_factory=set)
    need_items: set[int] = field(default_factory=set)
    need_networks: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return any(
            (
                self.pairs,
                self.items,
                self.actors_of_items,
                self.items_topics,
                self.whole,
                self.need_cities,
                self.need_items,
                self.need_networks,
            )
        )


_pending: ContextVar[Pending | None] = ContextVar("matching_pending", default=None)


def pending() -> Pending:
    """This thread's pending batch, started when first needed."""
    batch = _pending.get()
    if batch is None:
        batch = Pending()
        _pending.set(batch)
    return batch


def schedule() -> None:
    """Flush once the current transaction commits (at once outside one). Called after
    every change: flushes after the first find nothing left to do. A flush that fails is
    logged and leaves the change saved (``crossroads matching rebuild`` catches up)."""
    if _pending.get():
        transaction.on_commit(flush, robust=True)


def forget() -> None:
    """Drop what is pending: after a rebuild, which counted everything."""
    _pending.set(None)


def flush() -> None:
    """Count again what the pending batch touched, and read again the needs of the cities
    it touched. Side effects: ``services.update_experience`` and ``services.refresh_needs``."""
    batch = _pending.get()
    if not batch:
        return
    _pending.set(None)
    pairs = (
        batch.pairs
        | footprints.pairs_of_items(batch.items)
        | footprints.pairs_with_topics(batch.actors_of_items)
        | footprints.pairs_with_actors(batch.items_topics)
    )
    for scope in footprints.scopes(pairs, whole=batch.whole):
        services.update_experience(
            cities=scope.cities, organisations=scope.organisations, topics=scope.topics
        )
    cities = set(batch.need_cities)
    if batch.need_items:
        cities |= set(
            Pledger.objects.filter(
                pledge_id__in=sorted(batch.need_items), city__isnull=False
            ).values_list("city_id", flat=True)
        )
    if batch.need_networks:
        cities |= set(
            Response.objects.filter(
                survey__network_id__in=sorted(batch.need_networks),
                status=ResponseStatus.SUBMITTED,
            ).values_list("city_id", flat=True)
        )
    if cities:
        services.refresh_needs(cities=cities)
    logger.debug("Matching upkeep: %d pairs, %d cities' needs", len(pairs), len(cities))
