"""What each change touches, noted for ``upkeep`` (connected in ``MatchingConfig.ready``):
whatever saves an item or what it counts through (a service, the admin, a command, a
test's factory), a city's local government, an office, a survey response or a need
reading. Rows are read before a change (what it was) and after (what it is)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from crossroads.content.models import Item, ItemActor, Kind
from crossroads.directory.models import City, Office
from crossroads.engagement.models import Campaign, Pledge, Pledger, Response, Signature
from crossroads.events.models import Event, Participant
from crossroads.library.models import Resource
from crossroads.matching.experience import CITY, ORGANISATION
from crossroads.matching.footprints import pairs_of_items
from crossroads.matching.models import NeedReading
from crossroads.matching.upkeep import pending, schedule
from crossroads.news.models import Story

#: Each kind of item with the fields that change what it counts for.
ITEM_FIELDS = {
    Item: ("status", "published_at"),
    Story: ("status", "published_at"),
    Resource: ("status", "published_at"),
    Campaign: ("status", "published_at"),
    Event: ("status", "published_at", "city_id", "start_date"),
    Pledge: ("status", "published_at", "pledge_type", "progress"),
}

#: The parts of an item an actor counts through: the path to the item, and the paths to
#: the cities and organisations each row names.
PARTS = {
    ItemActor: ("item_id", (), ("organisation_id",)),
    Participant: (
        "session__event_id",
        ("office__city_id",),
        ("organisation_id", "office__organisation_id"),
    ),
    Pledger: ("pledge_id", ("city_id",), ("organisation_id",)),
    Signature: ("campaign_id", ("city_id",), ("organisation_id",)),
}


def _deleting_items(origin) -> bool:
    """Whether a deletion started from items (whose own receiver notes everything)."""
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return issubclass(model, Item)


# -- items -------------------------------------------------------------------------------
def item_saving(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance._state.adding:
        return
    fields = ITEM_FIELDS[sender]
    names = {name.removesuffix("_id") for name in fields}
    if update_fields is not None and not names & set(update_fields):
        return
    before = sender._base_manager.filter(pk=instance.pk).values_list(*fields).first()
    if before is None or before == tuple(getattr(instance, name) for name in fields):
        return
    batch = pending()
    batch.items.add(instance.pk)
    batch.need_items.add(instance.pk)
    if sender is Event and before[2] is not None and before[2] != instance.city_id:
        batch.actors_of_items.add(((CITY, before[2]), instance.pk))


def item_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    if created:
        pending().items.add(instance.pk)
        pending().need_items.add(instance.pk)
    schedule()


def item_deleting(sender, instance, **kwargs) -> None:
    # The footprint now, while the rows naming its actors are still there.
    batch = pending()
    batch.pairs |= pairs_of_items([instance.pk])
    if instance.kind == Kind.PLEDGE:
        batch.need_cities |= set(
            Pledger.objects.filter(pledge_id=instance.pk, city__isnull=False).values_list(
                "city_id", flat=True
            )
        )


def item_deleted(sender, instance, **kwargs) -> None:
    schedule()


def topics_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "pre_clear"}:
        if action == "post_clear":
            schedule()
        return
    if reverse:  # topic.items.add(…): the items are in pk_set
        if action == "pre_clear":
            pk_set = set(instance.items.values_list("pk", flat=True))
        changes = {(item, instance.pk) for item in pk_set or ()}
    else:
        if action == "pre_clear":
            pk_set = set(instance.topics.values_list("pk", flat=True))
        changes = {(instance.pk, topic) for topic in pk_set or ()}
    batch = pending()
    batch.items_topics |= changes
    batch.need_items |= {item for item, _ in changes}
    if action != "pre_clear":
        schedule()


# -- the parts of items ------------------------------------------------------------------
def _note_part(model, pk) -> None:
    """Note the actors a part names with its item, as the database has it now."""
    item_path, city_paths, organisation_paths = PARTS[model]
    row = (
        model._base_manager.filter(pk=pk)
        .values_list(item_path, *city_paths, *organisation_paths)
        .first()
    )
    if row is None:
        return
    item, *named = row
    batch = pending()
    kinds = [CITY] * len(city_paths) + [ORGANISATION] * len(organisation_paths)
    for kind, actor in zip(kinds, named, strict=True):
        if actor is not None:
            batch.actors_of_items.add(((kind, actor), item))
            if model is Pledger and kind == CITY:
                batch.need_cities.add(actor)


def part_saving(sender, instance, raw=False, **kwargs) -> None:
    if not raw and not instance._state.adding:
        _note_part(sender, instance.pk)


def part_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        _note_part(sender, instance.pk)
        schedule()


def part_deleting(sender, instance, origin=None, **kwargs) -> None:
    if not _deleting_items(origin):
        _note_part(sender, instance.pk)


def part_deleted(sender, instance, origin=None, **kwargs) -> None:
    schedule()


# -- who counts for whom -----------------------------------------------------------------
def office_saving(sender, instance, raw=False, **kwargs) -> None:
    """An office moved to another city or organisation: its holders' events count for the
    new one, no longer for the old one."""
    if raw or instance._state.adding:
        return
    before = Office.objects.filter(pk=instance.pk).values_list("city_id", "organisation_id").first()
    after = (instance.city_id, instance.organisation_id)
    if before is None or before == after:
        return
    events = set(
        Participant.objects.filter(office_id=instance.pk).values_list(
            "session__event_id", flat=True
        )
    )
    batch = pending()
    for city, organisation in (before, after):
        for event in events:
            if city is not None:
                batch.actors_of_items.add(((CITY, city), event))
            if organisation is not None:
                batch.actors_of_items.add(((ORGANISATION, organisation), event))


def city_saving(sender, instance, raw=False, **kwargs) -> None:
    """A city's local government changed: what the old and the new one did counts again."""
    if raw or instance._state.adding:
        return
    rows = City.objects.filter(pk=instance.pk).values_list("local_government_id", flat=True)
    before = rows.first()
    if before == instance.local_government_id:
        return
    batch = pending()
    batch.whole.add((CITY, instance.pk))
    for organisation in (before, instance.local_government_id):
        if organisation is not None:
            batch.whole.add((ORGANISATION, organisation))


# -- needs -------------------------------------------------------------------------------
def response_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    pending().need_cities.add(instance.city_id)
    schedule()


def reading_saving(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance._state.adding:
        return
    before = NeedReading.objects.filter(pk=instance.pk).values_list("network_id", flat=True)
    pending().need_networks.update(before)


def reading_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    pending().need_networks.add(instance.network_id)
    schedule()


def after(sender, raw=False, **kwargs) -> None:
    if raw:
        return
    schedule()


def connect() -> None:
    """Connect every receiver (``MatchingConfig.ready``). Deletion receivers name their
    senders, so that models without them keep Django's fast deletes."""
    for model in ITEM_FIELDS:
        uid = f"matching.{model.__name__}"
        pre_save.connect(item_saving, sender=model, dispatch_uid=f"{uid}.saving")
        post_save.connect(item_saved, sender=model, dispatch_uid=f"{uid}.saved")
    pre_delete.connect(item_deleting, sender=Item, dispatch_uid="matching.item.deleting")
    post_delete.connect(item_deleted, sender=Item, dispatch_uid="matching.item.deleted")
    m2m_changed.connect(topics_changed, sender=Item.topics.through, dispatch_uid="matching.topics")
    for model in PARTS:
        uid = f"matching.{model.__name__}"
        pre_save.connect(part_saving, sender=model, dispatch_uid=f"{uid}.saving")
        post_save.connect(part_saved, sender=model, dispatch_uid=f"{uid}.saved")
        pre_delete.connect(part_deleting, sender=model, dispatch_uid=f"{uid}.deleting")
        post_delete.connect(part_deleted, sender=model, dispatch_uid=f"{uid}.deleted")
    pre_save.connect(office_saving, sender=Office, dispatch_uid="matching.office.saving")
    post_save.connect(after, sender=Office, dispatch_uid="matching.office.saved")
    pre_save.connect(city_saving, sender=City, dispatch_uid="matching.city.saving")
    post_save.connect(after, sender=City, dispatch_uid="matching.city.saved")
    post_save.connect(response_changed, sender=Response, dispatch_uid="matching.response.saved")
    post_delete.connect(response_changed, sender=Response, dispatch_uid="matching.response.deleted")
    pre_save.connect(reading_saving, sender=NeedReading, dispatch_uid="matching.reading.saving")
    post_save.connect(reading_changed, sender=NeedReading, dispatch_uid="matching.reading.saved")
    post_delete.connect(
        reading_changed, sender=NeedReading, dispatch_uid="matching.reading.deleted"
    )
