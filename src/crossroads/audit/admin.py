"""The audit log in the editors' admin: read by site administrators and network
secretariats, changed by nobody."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.permissions import can_read_audit_log
from crossroads.audit.context import PARTICIPANT, SYSTEM, VISITOR
from crossroads.audit.models import HIDDEN, AuditEntry
from crossroads.content.admin import EditorsAdmin

#: The fixed names of actors, as shown.
ACTOR_LABELS = {SYSTEM: _("system"), VISITOR: _("visitor"), PARTICIPANT: _("participant")}


@admin.register(AuditEntry)
class AuditEntryAdmin(EditorsAdmin):
    list_display = ("at", "who", "action", "content_type", "object_repr", "summary")
    list_filter = ("action", ("content_type", admin.RelatedOnlyFieldListFilter), "at")
    search_fields = ("object_repr", "actor_label")
    list_select_related = ("content_type",)
    show_full_result_count = False
    fields = (
        "at",
        "who",
        "action",
        "content_type",
        "object_repr",
        "record_link",
        "changes_table",
        "request_id",
    )
    readonly_fields = fields

    def has_view_permission(self, request, obj=None) -> bool:
        return can_read_audit_log(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("who"), ordering="actor_label")
    def who(self, entry: AuditEntry) -> str:
        return ACTOR_LABELS.get(entry.actor_label, entry.actor_label)

    @admin.display(description=_("fields"))
    def summary(self, entry: AuditEntry) -> str:
        return ", ".join(str(_label(entry, name)) for name in entry.changes)

    @admin.display(description=_("changes"))
    def changes_table(self, entry: AuditEntry) -> str:
        if not entry.changes:
            return "—"
        rows = (
            (_label(entry, name), _shown(old), _shown(new))
            for name, (old, new) in entry.changes.items()
        )
        return format_html(
            '<table><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            "</tr>{}</table>",
            _("field"),
            _("before"),
            _("after"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    @admin.display(description=_("record"))
    def record_link(self, entry: AuditEntry) -> str:
        """A link to the record's admin page while it exists."""
        model = entry.content_type.model_class()
        if model is None or not model._base_manager.filter(pk=entry.object_id).exists():
            return _("(no longer exists)")
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_change"
        try:
            url = reverse(name, args=[entry.object_id])
        except NoReverseMatch:  # a record with no admin page of its own
            return entry.object_repr
        return format_html('<a href="{}">{}</a>', url, entry.object_repr)


def _label(entry: AuditEntry, name: str) -> str:
    model = entry.content_type.model_class()
    try:
        return model._meta.get_field(name).verbose_name
    except (AttributeError, FieldDoesNotExist):
        return name


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if value == HIDDEN:
        return _("(hidden)")
    if isinstance(value, list):
        return ", ".join(str(part) for part in value)
    return str(value)
