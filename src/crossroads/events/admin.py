"""Events, their programme and their documents in the editors' admin."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from crossroads.accounts.permissions import is_admin, items_editable_by
from crossroads.content.admin import (
    CONTENT_FIELDS,
    PUBLICATION_FIELDSET,
    SOURCE_FIELDSET,
    TAGGING_FIELDSET,
    EditorsAdmin,
    ItemAdmin,
    ItemPartInline,
    may_create_items,
    may_edit_item,
    timezone_formfield,
)
from crossroads.directory.models import Office
from crossroads.events import services
from crossroads.events.models import Event, EventDocument, Participant, Session

#: Changing these may free places for people on the waiting list.
CAPACITY_FIELDS = {"capacity_in_person", "capacity_online", "attendance_mode"}


class SessionInline(ItemPartInline, admin.TabularInline):
    """The programme, in order; participants are edited on each session's own page."""

    model = Session
    fields = ("day", "start_time", "end_time", "title", "kind", "track", "order")
    show_change_link = True
    extra = 1


class EventDocumentInline(ItemPartInline, admin.TabularInline):
    model = EventDocument
    fields = ("resource", "role", "order")
    autocomplete_fields = ("resource",)
    extra = 1


@admin.register(Event)
class EventAdmin(ItemAdmin):
    fieldsets = (
        (_("Content"), {"fields": (*CONTENT_FIELDS, "event_type", "objectives")}),
        (
            _("When"),
            {
                "fields": (
                    ("start_date", "end_date"),
                    "date_precision",
                    ("start_time", "end_time"),
                    "timezone",
                )
            },
        ),
        (_("Where"), {"fields": ("attendance_mode", "venue", "city", "online_url")}),
        (_("Programme"), {"fields": ("parent", "program_status")}),
        (
            _("Registration"),
            {
                "fields": (
                    "registration_mode",
                    "registration_url",
                    "registration_deadline",
                    ("capacity_in_person", "capacity_online"),
                    ("waitlist_enabled", "approval_required"),
                )
            },
        ),
        TAGGING_FIELDSET,
        SOURCE_FIELDSET,
        PUBLICATION_FIELDSET,
    )
    autocomplete_fields = (*ItemAdmin.autocomplete_fields, "city", "parent")
    # A session's page offers only the events its editor edits.
    owning_fields = frozenset({("events", "session", "event")})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "timezone":
            return timezone_formfield(empty_label=_("The city's time zone"))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    list_display = (
        "title",
        "dates",
        "event_type",
        "city",
        "attendance_mode",
        "status",
        "featured",
    )
    list_filter = (
        "status",
        "event_type",
        "attendance_mode",
        "program_status",
        "registration_mode",
        "city__region",
        ("topics", admin.RelatedOnlyFieldListFilter),
        "language",
        "featured",
    )
    list_select_related = ("city",)
    search_fields = (*ItemAdmin.search_fields, "venue", "city__name")
    date_hierarchy = "start_date"
    ordering = ("-start_date", "-item_ptr_id")
    inlines = [SessionInline, EventDocumentInline, *ItemAdmin.inlines]

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, obj: Event) -> str:
        return obj.dates_display

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and CAPACITY_FIELDS & set(form.changed_data):
            promoted = services.fill_free_places(event=obj, by=request.user)
            if promoted:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d person on the waiting list got a place and was told by mail.",
                        "%(count)d people on the waiting list got a place and were told by mail.",
                        promoted,
                    )
                    % {"count": promoted},
                )


class ParticipantInline(ItemPartInline, admin.TabularInline):
    model = Participant
    fields = ("role", "person", "office", "organisation", "order")
    autocomplete_fields = ("person", "office", "organisation")
    extra = 1

    def item_of(self, obj):
        return obj.event

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "office":
            kwargs["queryset"] = Office.objects.select_related("city", "organisation")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Session)
class SessionAdmin(EditorsAdmin):
    """A session's page: reached from its event's programme, it holds the participants.

    A session is its event's: its editors see, change and delete it, and a session is
    added or moved only to an event they edit.
    """

    fields = (
        "event",
        "day",
        ("start_time", "end_time"),
        "title",
        "kind",
        "track",
        "order",
        "description",
    )
    autocomplete_fields = ("event",)
    list_display = ("title", "event", "day", "start_time", "kind", "track")
    list_filter = ("kind",)
    list_select_related = ("event",)
    search_fields = ("title", "track", "event__title")
    date_hierarchy = "day"
    inlines = [ParticipantInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_admin(request.user):
            return queryset
        return queryset.filter(event__in=items_editable_by(request.user, Event.objects.all()))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "event" and not is_admin(request.user):
            kwargs["queryset"] = items_editable_by(request.user, Event.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None) -> bool:
        return may_edit_item(request, None if obj is None else obj.event)

    def has_add_permission(self, request) -> bool:
        return may_create_items(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return may_edit_item(request, None if obj is None else obj.event)

    def has_delete_permission(self, request, obj=None) -> bool:
        return may_edit_item(request, None if obj is None else obj.event)
