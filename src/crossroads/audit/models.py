"""The audit log: one entry per change to content, registrations, signatures and
permissions, written in the same transaction as the change (``audit.services.record``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: What a personal or secret value is replaced with: the log says it changed, not to what.
HIDDEN = "(hidden)"


class Action(models.TextChoices):
    CREATED = "created", _("created")
    CHANGED = "changed", _("changed")
    DELETED = "deleted", _("deleted")
    PERMISSIONS = "permissions", _("permissions changed")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("who"), max_length=200)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("record"), max_length=64)
    object_repr = models.CharField(_("what"), max_length=300)
    #: ``{field: [old, new]}``, values as JSON scalars or text; ``HIDDEN`` for personal ones.
    changes = models.JSONField(_("changes"), default=dict)
    request_id = models.CharField(_("request"), max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.object_repr} ({self.get_action_display()})"
