"""The operations that change items. The admin, commands and (later) the API call these."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts.permissions import check_can_edit_item
from crossroads.content.models import Item, Status

logger = logging.getLogger(__name__)

#: Which status may follow which: editors draft, submit for review, publish, archive.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.REVIEW, Status.PUBLISHED, Status.ARCHIVED}),
    Status.REVIEW: frozenset({Status.DRAFT, Status.PUBLISHED, Status.ARCHIVED}),
    Status.PUBLISHED: frozenset({Status.DRAFT, Status.ARCHIVED}),
    Status.ARCHIVED: frozenset({Status.DRAFT, Status.PUBLISHED}),
}


def check_status_change(*, item: Item, status: str) -> None:
    """Raise ValidationError when ``item`` may not move to ``status``."""
    if status not in Status.values:
        raise ValidationError(_("Unknown status: %(status)s.") % {"status": status})
    if status != item.status and status not in TRANSITIONS[item.status]:
        raise ValidationError(
            _("An item that is %(current)s cannot become %(new)s.")
            % {"current": Status(item.status).label, "new": Status(status).label}
        )


def change_status(*, item: Item, status: str, by=None) -> Item:
    """Move ``item`` through the workflow, on behalf of ``by`` (a user, whose right to edit
    the item is checked first: PermissionDenied if they have none) or of the system
    (``by=None``: commands and tasks).

    Side effects: on first publication, ``published_at`` becomes now (a date set in the
    future schedules publication instead); saves the status and date only (the search
    index follows the save); logs the change.
    """
    if by is not None:
        check_can_edit_item(by, item)
    check_status_change(item=item, status=status)
    if status == item.status:
        return item
    previous = item.status
    with transaction.atomic():
        item.status = status
        fields = ["status", "updated_at"]
        if status == Status.PUBLISHED and item.published_at is None:
            item.published_at = timezone.now()
            fields.append("published_at")
        item.save(update_fields=fields)
    logger.info(
        "Item %s (%s) moved from %s to %s by %s",
        item.pk,
        item.slug,
        previous,
        status,
        by or "system",
    )
    return item
