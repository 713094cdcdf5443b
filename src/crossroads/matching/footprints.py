"""Which experience rows an item can touch: its *footprint*, every (actor, topic) pair
of the cities and organisations named on it (whatever their role, the item's status or
the signature's) and of its topics. Counting those pairs again after a change to the item
brings ``Experience`` up to date; counting more than needed is only slower."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from crossroads.content.models import Item, ItemActor
from crossroads.directory.models import City
from crossroads.engagement.models import Pledger, Signature
from crossroads.events.models import Event, Participant
from crossroads.matching.experience import CITY, ORGANISATION, Actor, Scope

#: Ids in one ``IN`` list.
CHUNK = 500

Pair = tuple[Actor, int]


def _chunks(ids: Iterable[int]) -> list[list[int]]:
    ordered = sorted(set(ids))
    return [ordered[start : start + CHUNK] for start in range(0, len(ordered), CHUNK)]


def topics_by_item(item_ids: Iterable[int]) -> dict[int, set[int]]:
    topics: dict[int, set[int]] = defaultdict(set)
    for chunk in _chunks(item_ids):
        for item, topic in Item.topics.through.objects.filter(item_id__in=chunk).values_list(
            "item_id", "topic_id"
        ):
            topics[item].add(topic)
    return topics


def actors_by_item(item_ids: Iterable[int]) -> dict[int, set[Actor]]:
    """The cities and organisations named on each item, in any way it can count."""
    actors: dict[int, set[Actor]] = defaultdict(set)

    def add(item: int, city: int | None = None, organisation: int | None = None) -> None:
        if city is not None:
            actors[item].add((CITY, city))
        if organisation is not None:
            actors[item].add((ORGANISATION, organisation))

    for chunk in _chunks(item_ids):
        for item, city in Event.objects.filter(pk__in=chunk, city__isnull=False).values_list(
            "pk", "city_id"
        ):
            add(item, city=city)
        for item, organisation in ItemActor.objects.filter(item_id__in=chunk).values_list(
            "item_id", "organisation_id"
        ):
            add(item, organisation=organisation)
        for item, organisation, city, office_organisation in Participant.objects.filter(
            session__event_id__in=chunk
        ).values_list(
            "session__event_id", "organisation_id", "office__city_id", "office__organisation_id"
        ):
            add(item, city=city, organisation=organisation)
            add(item, organisation=office_organisation)
        for model, column in ((Pledger, "pledge_id"), (Signature, "campaign_id")):
            for item, city, organisation in model.objects.filter(
                **{f"{column}__in": chunk}
            ).values_list(column, "city_id", "organisation_id"):
                add(item, city=city, organisation=organisation)
    return actors


def pairs_of_items(item_ids: Iterable[int]) -> set[Pair]:
    """The footprint of ``item_ids``: each item's actors with each of its topics."""
    ids = set(item_ids)
    if not ids:
        return set()
    topics = topics_by_item(ids)
    actors = actors_by_item(item for item in ids if topics.get(item))
    return {
        (actor, topic)
        for item, named in actors.items()
        for actor in named
        for topic in topics[item]
    }


def pairs_with_topics(actors_of_items: Iterable[tuple[Actor, int]]) -> set[Pair]:
    """Each (actor, item) as the actor with each topic the item has."""
    wanted = set(actors_of_items)
    topics = topics_by_item(item for _, item in wanted)
    return {(actor, topic) for actor, item in wanted for topic in topics.get(item, ())}


def pairs_with_actors(items_and_topics: Iterable[tuple[int, int]]) -> set[Pair]:
    """Each (item, topic) as every actor of the item with the topic."""
    wanted = set(items_and_topics)
    actors = actors_by_item(item for item, _ in wanted)
    return {(actor, topic) for item, topic in wanted for actor in actors.get(item, ())}


def scopes(pairs: set[Pair], *, whole: Iterable[Actor] = ()) -> list[Scope]:
    """What to count again for ``pairs`` (and for every topic of the ``whole`` actors):
    the actors of the pairs with all the pairs' topics, a few hundred actors at a time.
    A local government brings the cities it governs, with which it counts."""
    found = []
    for actors, topics in (({a for a, _ in pairs}, {t for _, t in pairs}), (set(whole), None)):
        cities = {pk for kind, pk in actors if kind == CITY}
        organisations = {pk for kind, pk in actors if kind == ORGANISATION}
        cities |= (
            set(
                City.objects.filter(local_government_id__in=sorted(organisations)).values_list(
                    "pk", flat=True
                )
            )
            if organisations
            else set()
        )
        found += [
            Scope(cities=set(chunk), organisations=set(), topics=topics)
            for chunk in _chunks(cities)
        ]
        found += [
            Scope(cities=set(), organisations=set(chunk), topics=topics)
            for chunk in _chunks(organisations)
        ]
    return found
