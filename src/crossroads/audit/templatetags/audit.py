"""``{% audit_trail_url record user %}``: the audit log filtered to one record."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from crossroads.accounts.permissions import can_read_audit_log

register = template.Library()


@register.simple_tag
def audit_trail_url(record, user) -> str:
    """The log's entries for ``record``, for a user who may read the log; "" otherwise."""
    if record is None or record.pk is None or not can_read_audit_log(user):
        return ""
    content_type = ContentType.objects.get_for_model(record)
    query = urlencode({"content_type__id__exact": content_type.pk, "object_id": record.pk})
    return f"{reverse('admin:audit_auditentry_changelist')}?{query}"
