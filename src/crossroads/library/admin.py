"""Resources and their language versions in the editors' admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from crossroads.content.admin import (
    CONTENT_FIELDS,
    PUBLICATION_FIELDSET,
    SOURCE_FIELDSET,
    TAGGING_FIELDSET,
    ItemAdmin,
    ItemPartInline,
)
from crossroads.library.models import Resource, ResourceVersion


class ResourceVersionInline(ItemPartInline, admin.StackedInline):
    """A language version: an uploaded file (its format and size are read from it) or a link."""

    model = ResourceVersion
    fields = ("language", "title", "file", "url", "format", "size", "pages")
    readonly_fields = ("size",)
    extra = 1


@admin.register(Resource)
class ResourceAdmin(ItemAdmin):
    fieldsets = (
        (_("Content"), {"fields": (*CONTENT_FIELDS, "resource_type")}),
        TAGGING_FIELDSET,
        SOURCE_FIELDSET,
        PUBLICATION_FIELDSET,
    )
    list_display = (
        "title",
        "resource_type",
        "language",
        "status",
        "published_at",
        "featured",
    )
    list_filter = (
        "status",
        "resource_type",
        ("topics", admin.RelatedOnlyFieldListFilter),
        "language",
        "featured",
    )
    date_hierarchy = "published_at"
    inlines = [ResourceVersionInline, *ItemAdmin.inlines]
