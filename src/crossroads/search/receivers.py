"""The index follows the content: whatever saves an item or what it is made of (a
service, the admin, a command, a test's factory) reindexes it through these receivers."""

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from crossroads.content.models import Item, ItemActor, ItemTranslation
from crossroads.directory.models import City, Country, Organisation
from crossroads.engagement.models import Campaign, CampaignAsk, Pledge, PledgeUpdate
from crossroads.events.models import Event, Session
from crossroads.library.models import Resource, ResourceVersion
from crossroads.news.models import Story
from crossroads.search.services import item_touched, unindex
from crossroads.taxonomy.models import Framework, Topic

ITEM_MODELS = (Item, Event, Story, Resource, Campaign, Pledge)

#: The item's own row of each part it is made of.
PARTS = {
    ItemActor: "item_id",
    ItemTranslation: "item_id",
    ResourceVersion: "resource_id",
    Session: "event_id",
    CampaignAsk: "campaign_id",
    PledgeUpdate: "pledge_id",
}

#: Names shown in an item's text and facets: renaming one reindexes the items using it.
NAMED = {
    Topic: "topics",
    Framework: "frameworks",
    Organisation: "actors__organisation",
    City: "cities",
    Country: "countries",
}


@receiver(post_save, dispatch_uid="search.item_saved")
def item_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    if sender in ITEM_MODELS:
        item_touched([instance.pk])
    elif sender in PARTS:
        item_touched([getattr(instance, PARTS[sender])])
    elif sender in NAMED and not kwargs.get("created"):
        ids = Item.objects.filter(**{NAMED[sender]: instance}).values_list("pk", flat=True)
        item_touched(list(ids))


def _deleting_items(origin) -> bool:
    """Whether a deletion started from items (whose entries go with them)."""
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return issubclass(model, Item)


def part_deleted(sender, instance, origin=None, **kwargs) -> None:
    if not _deleting_items(origin):
        item_touched([getattr(instance, PARTS[sender])])


def item_deleting(sender, instance, **kwargs) -> None:
    # While its text is there to say which postings hold it.
    unindex([instance.pk])


def named_deleting(sender, instance, **kwargs) -> None:
    # Deleting a tag deletes its link rows without signals: note whose they were.
    query = Item.objects.filter(**{NAMED[sender]: instance})
    instance._search_items = list(query.values_list("pk", flat=True))


def named_deleted(sender, instance, **kwargs) -> None:
    if getattr(instance, "_search_items", None):
        item_touched(instance._search_items)


# Deletion receivers name their senders: a model with none keeps Django's fast deletes
# (one DELETE statement, no rows loaded), which the index's own tables rely on.
for model in PARTS:
    post_delete.connect(part_deleted, sender=model, dispatch_uid=f"search.part_deleted.{model}")
pre_delete.connect(item_deleting, sender=Item, dispatch_uid="search.item_deleting")
for model in NAMED:
    pre_delete.connect(named_deleting, sender=model, dispatch_uid=f"search.named_deleting.{model}")
    post_delete.connect(named_deleted, sender=model, dispatch_uid=f"search.named_deleted.{model}")


@receiver(m2m_changed, dispatch_uid="search.tags_changed")
def tags_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse and isinstance(instance, Item):
        item_touched([instance.pk])
    elif reverse and issubclass(kwargs["model"], Item) and pk_set:
        item_touched(pk_set)
