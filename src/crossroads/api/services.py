"""The operations of the API that change data: tokens, and the plain text of an item.

Workflow changes go through ``content.services.change_status``; this module adds only
what the admin does with its forms: saving an item's title, summary and body.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts.permissions import check_can_edit_item
from crossroads.api.models import ApiToken
from crossroads.content.models import Item

logger = logging.getLogger(__name__)

#: The fields of an item the API edits.
TEXT_FIELDS = ("title", "summary", "body")
#: How often a token's last use is written down (at most once in this time).
USE_PRECISION = timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def prefix_of(key: str) -> str:
    """What names a token without revealing it: the first characters of its key."""
    return key[: ApiToken._meta.get_field("prefix").max_length]


def issue_token(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``, and its key (shown once: only its hash is stored).

    Side effects: saves the token; logs its prefix (never the key).
    """
    name = name.strip()
    if not name or "\x00" in name:
        raise ValidationError({"name": _("Give the token a name (what it is for).")})
    key = secrets.token_urlsafe(32)
    while key.startswith("-"):  # its prefix is typed after `crossroads api revoke`: no option
        key = secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=prefix_of(key), key_hash=hash_key(key))
    token.full_clean()
    token.save()
    logger.info("API token %s… issued to %s", token.prefix, user)
    return token, key


def revoke_token(*, token: ApiToken, by=None) -> ApiToken:
    """Revoke ``token`` (its owner or an administrator; ``by=None``: a command). Revoking
    twice keeps the first date.

    Side effects: saves ``revoked_at``; logs.
    """
    if by is not None and by.pk != token.user_id and not (by.is_active and by.is_superuser):
        raise PermissionDenied(_("Only the token's owner or an administrator can revoke it."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        logger.info("API token %s… revoked by %s", token.prefix, by or "system")
    return token


def user_for_key(key: str):
    """The active account of an unrevoked token with this key, or None.

    Side effects: writes the token's last use (at most once a minute).
    """
    if not key or len(key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def update_item_text(*, item: Item, by, **changes: str) -> Item:
    """Change ``item``'s title, summary and/or body (``changes``) on behalf of ``by``,
    who must be allowed to edit it (PermissionDenied otherwise). The item is validated as
    the admin validates it (``full_clean``, ValidationError with each field's messages);
    nothing is saved when anything is refused.

    Side effects: saves the changed fields and ``updated_at`` in one transaction (the
    search index follows the save); logs the change.
    """
    check_can_edit_item(by, item)
    unknown = set(changes) - set(TEXT_FIELDS)
    if unknown:
        raise ValidationError(
            _("Only these fields can be changed here: %(fields)s.")
            % {"fields": ", ".join(TEXT_FIELDS)}
        )
    errors = {
        field: [_("Null characters are not allowed.")]
        for field, value in changes.items()
        if "\x00" in value
    }
    if errors:
        raise ValidationError(errors)
    # As the admin's forms do: ends stripped, so a title of spaces is an empty title.
    changes = {field: value.strip() for field, value in changes.items()}
    changed = [field for field, value in changes.items() if getattr(item, field) != value]
    if not changed:
        return item
    with transaction.atomic():
        for field in changed:
            setattr(item, field, changes[field])
        try:
            item.full_clean()
        except ValidationError:
            item.refresh_from_db(fields=changed)
            raise
        item.save(update_fields=[*changed, "updated_at"])
    logger.info("Item %s (%s): %s changed by %s", item.pk, item.slug, ", ".join(changed), by)
    return item
