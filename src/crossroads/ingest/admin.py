"""Imported pages in the admin, for site administrators: to look up, never to edit (the
review queue and ``ingest.services`` make every decision)."""

from django.contrib import admin
from django.contrib.admin.utils import flatten

from crossroads.content.admin import EditorsAdmin
from crossroads.ingest.models import Source


@admin.register(Source)
class SourceAdmin(EditorsAdmin):
    list_display = ("__str__", "item", "location", "relation", "status", "language", "fetched_at")
    list_filter = ("status", "relation", "language")
    list_select_related = ("item",)
    search_fields = ("location", "canonical", "content_hash")
    date_hierarchy = "created_at"
    fields = (
        "item",
        "relation",
        "status",
        ("reviewed_by", "reviewed_at"),
        "location",
        "canonical",
        ("fetched_at", "content_type", "language"),
        "content_hash",
        "imported_by",
        "created_at",
        "record",
        "confidence",
        "evidence",
        "organisations",
        "places",
        "timezone",
        "summary",
        "body",
        "text",
    )
    readonly_fields = flatten(fields)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
