"""Writing the audit log: ``record`` is the one function that writes entries; the
receivers (``audit.receivers``) and the services whose bulk writes send no signals call it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from crossroads.audit.context import current_actor, is_suspended
from crossroads.audit.models import HIDDEN, Action, AuditEntry
from crossroads.audit.policy import POLICIES, Policy

#: Entries name their record in at most this many characters.
REPR_LENGTH = AuditEntry._meta.get_field("object_repr").max_length


def policy_for(model) -> Policy | None:
    return POLICIES.get(model._meta.label)


def record(
    *,
    action: str,
    model: type[models.Model],
    objects: list[tuple[object, str]],
    changes: dict[str, list],
    using: str = "default",
) -> list[AuditEntry]:
    """Log one ``action`` on each of ``objects`` (their primary key and name) of
    ``model``, with ``changes`` (``{field: [old, new]}``, values already plain, personal ones
    already ``HIDDEN``: see ``plain``), by whoever is acting (``audit.context``).

    Side effects: inserts the entries (one query) on database ``using``, inside the
    caller's transaction: a change rolled back leaves no entry. Nothing inside
    ``audit.context.suspended``.
    """
    if not objects or is_suspended():
        return []
    actor = current_actor()
    content_type = ContentType.objects.db_manager(using).get_for_model(model)
    now = timezone.now()
    entries = [
        AuditEntry(
            at=now,
            actor_id=getattr(actor.user, "pk", None),
            actor_label=actor.label[:200],
            action=action,
            content_type=content_type,
            object_id=str(pk),
            object_repr=name[:REPR_LENGTH],
            changes=changes,
            request_id=actor.request_id[:64],
        )
        for pk, name in objects
    ]
    return AuditEntry.objects.using(using).bulk_create(entries)


def record_update(*, instances: list[models.Model], changes: dict, using: str = "default"):
    """Log what a bulk ``update()`` (which sends no signal) did to ``instances`` (all of one
    model): ``changes`` is ``{field: (old, new)}``, the same for each; personal values are
    hidden as the model's policy says (``audit.policy``).

    Side effects: inserts one entry per instance (one query), as ``record``.
    """
    if not instances:
        return []
    model = type(instances[0])
    policy = policy_for(model)
    fields = {name: model._meta.get_field(name) for name in changes}
    recorded = {
        name: change
        for name, (old, new) in changes.items()
        if (change := field_change(fields[name], old, new, hidden=name in policy.hidden))
    }
    if not recorded:
        return []
    return record(
        action=permissions_action(policy),
        model=model,
        objects=[(instance.pk, name_of(instance, policy)) for instance in instances],
        changes=recorded,
        using=using,
    )


def record_created(*, instances: list[models.Model], using: str = "default"):
    """Log the creation of ``instances`` (all of one model, with their primary keys) made
    by ``bulk_create``, which sends no signal: each with its recorded fields, personal
    values hidden as the model's policy says.

    Side effects: inserts one entry per instance (one query each), as ``record``.
    """
    if not instances or is_suspended():
        return []
    model = type(instances[0])
    policy = policy_for(model)
    entries = []
    for instance in instances:
        entries += record(
            action=Action.CREATED,
            model=model,
            objects=[(instance.pk, name_of(instance, policy))],
            changes=values_of(instance, policy),
            using=using,
        )
    return entries


def values_of(instance: models.Model, policy: Policy) -> dict[str, list]:
    """What a record created holds, as changes from nothing: ``{field: [None, value]}``
    for each recorded field with a value, personal ones hidden."""
    hidden = set(policy.hidden)
    changes = {}
    for name in policy.recorded:
        field = instance._meta.get_field(name)
        change = field_change(field, None, getattr(instance, field.attname), hidden=name in hidden)
        if change is not None:
            changes[name] = change
    return changes


def name_of(instance: models.Model, policy: Policy) -> str:
    """How the log names ``instance``: its own name, or only its kind and number for a
    private model."""
    if policy.private:
        return f"{instance._meta.verbose_name} #{instance.pk}"
    return str(instance)


def plain(value):
    """``value`` as JSON: None, booleans, integers and text (dates in ISO 8601, UTC)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple):
        return [plain(part) for part in value]
    return str(value)


def field_change(field, old, new, *, hidden: bool) -> list | None:
    """``[old, new]`` for one field, or None when it did not change. ``old`` is None for a
    record created, ``new`` None for one deleted."""
    old, new = _comparable(field, old), _comparable(field, new)
    if old == new or (_empty(old) and _empty(new)):
        return None
    if hidden:
        return [None if _empty(old) else HIDDEN, None if _empty(new) else HIDDEN]
    return [plain(old), plain(new)]


def permissions_action(policy: Policy) -> str:
    return Action.PERMISSIONS if policy.permissions else Action.CHANGED


def _comparable(field, value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if value is None or isinstance(field, models.JSONField):
        return value
    try:
        return field.to_python(value)
    except ValidationError:  # a value the field would refuse is compared as it is
        return value


def _empty(value) -> bool:
    return value is None or value == "" or value == []
