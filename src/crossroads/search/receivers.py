"""The index follows the content: the receivers of ``content.signals``."""

from django.dispatch import receiver

from crossroads.content.signals import items_changed
from crossroads.search.services import index_items


@receiver(items_changed, dispatch_uid="search.reindex")
def reindex(sender, *, item_ids, **kwargs) -> None:
    index_items(item_ids)
