"""Recording changes as they are saved: a snapshot of the stored row before each save of an
audited model (``audit.policy``), the fields that changed after it, deletions, and changes
to many-to-many links. Raw saves (fixtures, restores) and ``suspended`` blocks are not
recorded; neither are bulk writes, which send no signals (their services call
``audit.services.record`` themselves).
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from crossroads.audit.context import is_suspended
from crossroads.audit.models import Action
from crossroads.audit.policy import POLICIES, Policy
from crossroads.audit.services import (
    field_change,
    name_of,
    permissions_action,
    record,
    values_of,
)
from crossroads.content.models import SPECIFIC_ACCESSORS, Item

#: Set on an instance between its pre_save and post_save: its stored values, or None.
_BEFORE = "_audit_before"
#: Set on an instance between the two halves of a many-to-many change.
_LINKS = "_audit_links"
#: The instance was not looked at before saving (nothing recorded may change).
_UNSEEN = object()
#: The audited many-to-many fields, by their link table.
_THROUGH: dict[type[models.Model], models.ManyToManyField] = {}


def connect() -> None:
    """Connect the receivers to every audited model (``AuditConfig.ready``)."""
    for label, policy in POLICIES.items():
        model = apps.get_model(label)
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"audit-pre-{label}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"audit-post-{label}")
        # An item's deletion is recorded once, by its kind (which always goes with it).
        if model is not Item:
            post_delete.connect(_deleted, sender=model, dispatch_uid=f"audit-del-{label}")
        for name in policy.m2m:
            field = model._meta.get_field(name)
            through = field.remote_field.through
            _THROUGH.setdefault(through, field)
            uid = f"audit-m2m-{through._meta.label}"
            m2m_changed.connect(_links_changed, sender=through, dispatch_uid=uid)


def _recorded_fields(model, policy: Policy, names=None) -> list[models.Field]:
    fields = [model._meta.get_field(name) for name in policy.recorded]
    if names is not None:
        fields = [field for field in fields if field.name in names or field.attname in names]
    return fields


def _audited_model(instance):
    """The model an instance is logged as: an item as its kind (an event, a story…)."""
    if type(instance) is Item and instance.kind in SPECIFIC_ACCESSORS:
        return Item._meta.get_field(SPECIFIC_ACCESSORS[instance.kind]).related_model
    return type(instance)


def _before_save(sender, instance, raw, using, update_fields, **kwargs) -> None:
    if raw or is_suspended():
        return
    if instance._state.adding or instance.pk is None:
        instance.__dict__[_BEFORE] = None
        return
    fields = _recorded_fields(sender, POLICIES[sender._meta.label], update_fields)
    if not fields:
        instance.__dict__[_BEFORE] = _UNSEEN
        return
    stored = (
        sender._base_manager.using(using)
        .filter(pk=instance.pk)
        .values(*(field.attname for field in fields))
        .first()
    )
    instance.__dict__[_BEFORE] = stored


def _after_save(sender, instance, created, raw, using, update_fields, **kwargs) -> None:
    before = instance.__dict__.pop(_BEFORE, _UNSEEN)
    if raw or before is _UNSEEN or is_suspended():
        return
    policy = POLICIES[sender._meta.label]
    if created or before is None:
        action = Action.CREATED
        changes = values_of(instance, policy)
    else:
        action = permissions_action(policy)
        hidden = set(policy.hidden)
        changes = {}
        for field in _recorded_fields(sender, policy, update_fields):
            change = field_change(
                field,
                before[field.attname],
                getattr(instance, field.attname),
                hidden=field.name in hidden,
            )
            if change is not None:
                changes[field.name] = change
        if not changes:
            return
    record(
        action=action,
        model=_audited_model(instance),
        objects=[(instance.pk, name_of(instance, policy))],
        changes=changes,
        using=using,
    )


def _deleted(sender, instance, using, **kwargs) -> None:
    if is_suspended():
        return
    policy = POLICIES[sender._meta.label]
    hidden = set(policy.hidden)
    changes = {}
    for field in _recorded_fields(sender, policy):
        change = field_change(
            field, getattr(instance, field.attname), None, hidden=field.name in hidden
        )
        if change is not None:
            changes[field.name] = change
    record(
        action=Action.DELETED,
        model=type(instance),
        objects=[(instance.pk, name_of(instance, policy))],
        changes=changes,
        using=using,
    )


def _links_changed(sender, instance, action, reverse, model, pk_set, using, **kwargs) -> None:
    if is_suspended():
        return
    field = _THROUGH[sender]
    source_model = field.model
    if action in ("pre_add", "pre_remove", "pre_clear"):
        if not reverse:
            sources = [instance.pk]
        elif action == "pre_clear":
            sources = list(_links(sender, field, using, targets=[instance.pk]))
        else:
            sources = list(pk_set)
        key = (sender, action[4:])
        instance.__dict__.setdefault(_LINKS, {})[key] = (
            sources,
            _links(sender, field, using, sources=sources),
        )
        return
    sources, before = instance.__dict__.get(_LINKS, {}).pop((sender, action[5:]), ([], {}))
    after = _links_after(before, sources, action, {instance.pk} if reverse else pk_set)
    changed = [pk for pk in sources if before.get(pk, set()) != after.get(pk, set())]
    if not changed:
        return
    target_model = field.related_model
    targets = set().union(*before.values(), *after.values())
    names = {
        pk: str(target)
        for pk, target in target_model._base_manager.using(using)
        .select_related()
        .in_bulk(targets)
        .items()
    }
    if reverse:
        owners = source_model._base_manager.using(using).in_bulk(changed)
    else:
        owners = {instance.pk: instance}
    policy = POLICIES[source_model._meta.label]
    for pk in changed:
        owner = owners.get(pk)
        if owner is None:
            continue
        old = sorted(names.get(target, str(target)) for target in before.get(pk, set()))
        new = sorted(names.get(target, str(target)) for target in after.get(pk, set()))
        record(
            action=permissions_action(policy),
            model=_audited_model(owner),
            objects=[(pk, name_of(owner, policy))],
            changes={field.name: [old, new]},
            using=using,
        )


def _links_after(before: dict, sources: list, action: str, moved) -> dict:
    """The links after ``action`` moved the targets ``moved`` (None: all of them)."""
    after = {}
    for pk in sources:
        linked = before.get(pk, set())
        if action == "post_add":
            after[pk] = linked | set(moved)
        elif moved is None:  # cleared
            after[pk] = set()
        else:
            after[pk] = linked - set(moved)
    return after


def _links(through, field, using, *, sources=None, targets=None) -> dict:
    """``{source pk: {target pks}}`` of ``through``'s rows for these sources or targets."""
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    rows = through._base_manager.using(using)
    if sources is not None:
        rows = rows.filter(**{f"{source}__in": sources})
    else:
        rows = rows.filter(**{f"{target}__in": targets})
    links: dict = {}
    for source_pk, target_pk in rows.values_list(source, target):
        links.setdefault(source_pk, set()).add(target_pk)
    return links
