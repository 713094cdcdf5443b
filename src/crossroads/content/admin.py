"""What every item's admin shares: the form, the workflow, the preview link, actors and
translations. EventAdmin, StoryAdmin and ResourceAdmin extend ``ItemAdmin``."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from crossroads.content.models import ItemActor, ItemTranslation, Status
from crossroads.content.services import TRANSITIONS, change_status
from crossroads.content.timezones import timezone_choices
from crossroads.search.services import deferred_indexing
from crossroads.taxonomy.models import Objective

admin.site.site_header = _("Crossroads editors")
admin.site.site_title = _("Crossroads editors")
admin.site.index_title = _("Publishing and events")

#: The POST field of the change form's workflow buttons; its value is the new status.
WORKFLOW_FIELD = "_workflow"

#: The workflow buttons of the change form, in the order they are shown.
WORKFLOW_BUTTONS = (
    (Status.REVIEW, _("Save and submit for review")),
    (Status.PUBLISHED, _("Save and publish")),
    (Status.ARCHIVED, _("Save and archive")),
    (Status.DRAFT, _("Save and return to draft")),
)


class EditorsAdmin(admin.ModelAdmin):
    """The base of every admin of the site.

    PostgreSQL can neither store nor compare NUL characters, so a query holding one fails
    with a server error. A changelist filter holding one is refused as an invalid lookup,
    and a search holding one finds nothing (this is for the autocomplete: the changelist's
    search box already refuses it with a message).
    """

    def get_changelist_instance(self, request):
        if any(
            "\x00" in value
            for name, values in request.GET.lists()
            if name != SEARCH_VAR
            for value in values
        ):
            raise IncorrectLookupParameters(_("Null characters are not allowed."))
        return super().get_changelist_instance(request)

    def get_search_results(self, request, queryset, search_term):
        if "\x00" in search_term:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


def timezone_formfield(*, empty_label: str | None) -> forms.ChoiceField:
    """A choice of IANA time zones; ``empty_label`` (if any) names what no choice means."""
    empty = [] if empty_label is None else [("", empty_label)]
    return forms.ChoiceField(
        label=_("Time zone"),
        choices=empty + timezone_choices(),
        required=empty_label is None,
    )


class ItemForm(forms.ModelForm):
    def clean(self) -> dict:
        cleaned = super().clean()
        # The status is not part of the form, so the database constraint that a published
        # item has a publication date cannot be checked by the model's own validation.
        if (
            self.instance.status == Status.PUBLISHED
            and "published_at" not in self.errors
            and cleaned.get("published_at") is None
        ):
            self.add_error(
                "published_at",
                _("A published item needs a publication date. Return it to draft first."),
            )
        return cleaned


class ItemActorInline(admin.TabularInline):
    model = ItemActor
    fields = ("organisation", "role", "order")
    autocomplete_fields = ("organisation",)
    extra = 1


class ItemTranslationInline(admin.StackedInline):
    model = ItemTranslation
    fields = ("language", "title", "summary", "body")
    extra = 0


CONTENT_FIELDS = ("title", "slug", "summary", "body", "language")
TAGGING_FIELDSET = (
    _("Tagging"),
    {"fields": ("topics", "frameworks", "framework_objectives", "cities", "countries")},
)
SOURCE_FIELDSET = (
    _("Source"),
    {"fields": ("source_name", "source_url"), "classes": ("collapse",)},
)
PUBLICATION_FIELDSET = (
    _("Publication"),
    {"fields": ("status", "published_at", "featured", ("created_at", "updated_at"))},
)


class ItemAdmin(EditorsAdmin):
    """The base of every item's admin; not registered itself.

    The status is read-only: a new item starts as a draft, and it moves through the
    workflow only by the changelist actions or the change form's buttons, which both call
    ``crossroads.content.services.change_status``.
    """

    form = ItemForm
    change_form_template = "admin/content/item/change_form.html"
    view_on_site = False  # replaced by the "Preview on site" link of the template
    readonly_fields = ("status", "created_at", "updated_at")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("topics", "frameworks", "framework_objectives", "cities", "countries")
    search_fields = ("title", "slug", "summary")
    inlines = [ItemActorInline, ItemTranslationInline]
    actions = ["submit_for_review", "publish", "archive", "return_to_draft"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The item, its tags and its inlines are saved one after the other: index once.
        with deferred_indexing():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "framework_objectives":
            # Objectives are named after their framework: fetch it with them.
            kwargs["queryset"] = Objective.objects.select_related("framework")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            context["workflow_field"] = WORKFLOW_FIELD
            context["workflow_buttons"] = [
                (status, label)
                for status, label in WORKFLOW_BUTTONS
                if status in TRANSITIONS[obj.status]
            ]
            # The saved item's address: while the form shows unsaved edits (after an
            # error), ``obj`` holds them and its address may not exist yet.
            if not context["adminform"].form.is_bound:
                context["preview_url"] = obj.get_absolute_url()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        status = request.POST.get(WORKFLOW_FIELD)
        if status is None:
            return super().response_change(request, obj)
        if self.move(request, obj, status):
            message = gettext("“%(item)s” was saved and is now %(status)s.")
        else:
            message = gettext("“%(item)s” was saved; it is still %(status)s.")
        messages.success(request, message % {"item": obj, "status": obj.get_status_display()})
        redirect_url = add_preserved_filters(
            {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts},
            request.path,
        )
        return HttpResponseRedirect(redirect_url)

    def move(self, request, item, status: str) -> bool:
        """Move ``item`` to ``status``; report a refusal as an error. True if it moved."""
        previous, moved = item.get_status_display(), item.status != status
        try:
            change_status(item=item, status=status, by=request.user)
        except ValidationError as error:
            messages.error(
                request,
                gettext("The status of “%(item)s” did not change: %(reason)s")
                % {"item": item, "reason": " ".join(error.messages)},
            )
            return False
        if moved:
            self.log_change(
                request,
                item,
                gettext("Status changed from %(previous)s to %(status)s.")
                % {"previous": previous, "status": item.get_status_display()},
            )
        return moved

    def move_selected(self, request, queryset, status: str) -> None:
        moved = sum(self.move(request, item, status) for item in queryset)
        if moved:
            messages.success(
                request,
                ngettext(
                    "%(count)d item is now %(status)s.",
                    "%(count)d items are now %(status)s.",
                    moved,
                )
                % {"count": moved, "status": Status(status).label},
            )

    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review(self, request, queryset) -> None:
        self.move_selected(request, queryset, Status.REVIEW)

    @admin.action(description=_("Publish"), permissions=["change"])
    def publish(self, request, queryset) -> None:
        self.move_selected(request, queryset, Status.PUBLISHED)

    @admin.action(description=_("Archive"), permissions=["change"])
    def archive(self, request, queryset) -> None:
        self.move_selected(request, queryset, Status.ARCHIVED)

    @admin.action(description=_("Return to draft"), permissions=["change"])
    def return_to_draft(self, request, queryset) -> None:
        self.move_selected(request, queryset, Status.DRAFT)
