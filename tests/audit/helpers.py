"""Reading the audit log in tests."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from crossroads.audit.models import AuditEntry


def entries_of(instance_or_model, object_id=None) -> list[AuditEntry]:
    """The entries of one record (or of every record of a model), oldest first."""
    model = instance_or_model if isinstance(instance_or_model, type) else type(instance_or_model)
    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    if object_id is None and not isinstance(instance_or_model, type):
        object_id = instance_or_model.pk
    if object_id is not None:
        entries = entries.filter(object_id=str(object_id))
    return list(entries.order_by("pk"))


def log(instance_or_model) -> list[tuple[str, dict]]:
    return [(entry.action, entry.changes) for entry in entries_of(instance_or_model)]
