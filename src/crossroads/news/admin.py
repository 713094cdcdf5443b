"""Stories in the editors' admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from crossroads.content.admin import (
    CONTENT_FIELDS,
    PUBLICATION_FIELDSET,
    SOURCE_FIELDSET,
    TAGGING_FIELDSET,
    ItemAdmin,
)
from crossroads.news.models import Story


@admin.register(Story)
class StoryAdmin(ItemAdmin):
    fieldsets = (
        (_("Content"), {"fields": (*CONTENT_FIELDS, "news_type")}),
        (_("Events"), {"fields": ("events",)}),
        TAGGING_FIELDSET,
        SOURCE_FIELDSET,
        PUBLICATION_FIELDSET,
    )
    autocomplete_fields = (*ItemAdmin.autocomplete_fields, "events")
    list_display = ("title", "news_type", "language", "status", "published_at", "featured")
    list_filter = (
        "status",
        "news_type",
        ("topics", admin.RelatedOnlyFieldListFilter),
        "language",
        "featured",
    )
    date_hierarchy = "published_at"
