"""Signals other apps listen to, so that content depends on none of them."""

from django.dispatch import Signal

#: Sent (with ``item_ids``) inside the transaction that changed the items' publication,
#: text or tags; the search index follows it.
items_changed = Signal()
