"""Topics, frameworks and their objectives in the editors' admin: every editor sees them,
secretariats and site administrators change them (``ReferenceAdmin``)."""

from django.contrib import admin

from crossroads.content.admin import ReferenceAdmin, ReferenceInline
from crossroads.taxonomy.models import Framework, Objective, Topic


@admin.register(Topic)
class TopicAdmin(ReferenceAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "description")


class ObjectiveInline(ReferenceInline, admin.TabularInline):
    model = Objective
    fields = ("number", "title")
    extra = 1


@admin.register(Framework)
class FrameworkAdmin(ReferenceAdmin):
    list_display = ("code", "short_name", "name", "adopted_on")
    search_fields = ("code", "short_name", "name")
    fields = ("code", "short_name", "name", "adopted_on", "url", "description")
    inlines = [ObjectiveInline]


@admin.register(Objective)
class ObjectiveAdmin(ReferenceAdmin):
    """Registered so that items can pick objectives by autocomplete."""

    list_display = ("title", "framework", "number")
    list_filter = ("framework",)
    search_fields = ("title", "framework__code", "framework__short_name")
    autocomplete_fields = ("framework",)
    fields = ("framework", "number", "title")

    def get_queryset(self, request):
        # An objective is named after its framework's code (changelist and autocomplete).
        return super().get_queryset(request).select_related("framework")
