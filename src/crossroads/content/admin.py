"""What every admin of the site shares: the permissions, and for items the form, the
workflow, the preview link, actors and translations. EventAdmin, StoryAdmin and
ResourceAdmin extend ``ItemAdmin``; the directory and the vocabularies ``ReferenceAdmin``.

Permissions: Django's model permissions and groups are not consulted. Every admin answers
from ``crossroads.accounts.permissions``, so ``is_staff`` (which only lets a person reach
/admin/, and follows their roles) grants nothing by itself.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.defaultfilters import linebreaksbr
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.permissions import (
    can_create_items,
    can_edit_directory,
    can_edit_item,
    is_admin,
    items_editable_by,
    organisations_reached,
)
from crossroads.content.models import ItemActor, ItemTranslation, Status
from crossroads.content.services import TRANSITIONS, change_status
from crossroads.content.timezones import timezone_choices
from crossroads.directory.models import Organisation
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


#: Where the answers of this request are remembered: the admin asks the same question
#: many times for one page (the page, each inline, each button).
_ANSWERS = "_crossroads_answers"


def remembered(request, question, answer) -> bool:
    """``answer()``, asked once per request for ``question``."""
    answers = request.__dict__.setdefault(_ANSWERS, {})
    if question not in answers:
        answers[question] = answer()
    return answers[question]


def may_create_items(request) -> bool:
    return remembered(request, "create", lambda: can_create_items(request.user))


def may_edit_item(request, item) -> bool:
    """Whether the user edits ``item``; for no item (a list, or an item being added),
    whether they edit items at all."""
    if item is None or item.pk is None:
        return may_create_items(request)
    return remembered(request, ("item", item.pk), lambda: can_edit_item(request.user, item))


def may_edit_directory(request) -> bool:
    return remembered(request, "directory", lambda: can_edit_directory(request.user))


def may_see_directory(request) -> bool:
    return may_create_items(request) or may_edit_directory(request)


class EditorsAdmin(admin.ModelAdmin):
    """The base of every admin of the site.

    Permissions default to site administrators only; each admin below opens what its
    model's rules allow.

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

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_admin(request.user)

    def has_add_permission(self, request) -> bool:
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_admin(request.user)


class ReferenceAdmin(EditorsAdmin):
    """The directory and the vocabularies: anyone who edits items sees them (to pick
    organisations, cities and topics by autocomplete); secretariats and administrators
    change them."""

    def has_view_permission(self, request, obj=None) -> bool:
        return may_see_directory(request)

    def has_add_permission(self, request) -> bool:
        return may_edit_directory(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return may_edit_directory(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return may_edit_directory(request)


class ReferenceInline:
    """The rows of a directory or vocabulary page (aliases, memberships, objectives):
    permitted as the page. Mixed into a Django inline."""

    def has_view_permission(self, request, obj=None) -> bool:
        return may_see_directory(request)

    def has_add_permission(self, request, obj) -> bool:
        return may_edit_directory(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return may_edit_directory(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return may_edit_directory(request)


class ItemPartInline:
    """The rows of an item's page (sessions, documents, actors, translations, versions),
    or of a session's: whoever edits the item edits them. Mixed into a Django inline."""

    def item_of(self, obj):
        """The item that ``obj``, the page's object, belongs to."""
        return obj

    def _may_edit(self, request, obj) -> bool:
        return may_edit_item(request, None if obj is None else self.item_of(obj))

    def has_view_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)

    def has_add_permission(self, request, obj) -> bool:
        return self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)


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


#: How many of an editor's organisations an error message names.
NAMED_ORGANISATIONS = 3


class ItemActorFormSet(BaseInlineFormSet):
    """An item's organisations. Someone who is not a site administrator must leave one of
    the organisations they edit for among them: otherwise they could not edit the item
    once it is saved."""

    #: The person saving the item; set for each request by ``ItemActorInline``.
    user = None

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or self.user is None or is_admin(self.user):
            return
        reached = organisations_reached(self.user)
        named = {
            form.cleaned_data["organisation"].pk
            for form in self.forms
            if form.cleaned_data.get("organisation") and not self._should_delete_form(form)
        }
        if named & reached:
            return
        if self.instance.pk is None:
            message = _(
                "Name your organisation among the organisations of this item (%(yours)s): "
                "without it, you could not edit the item once it is saved."
            )
        else:
            message = _(
                "Keep one of your organisations among the organisations of this item "
                "(%(yours)s): without it, you could no longer edit the item."
            )
        raise ValidationError(message % {"yours": self.organisations_named(reached)})

    @staticmethod
    def organisations_named(reached: frozenset[int]) -> str:
        names = list(
            Organisation.objects.filter(pk__in=reached)
            .order_by("name")
            .values_list("name", flat=True)[: NAMED_ORGANISATIONS + 1]
        )
        if len(names) > NAMED_ORGANISATIONS:
            names[NAMED_ORGANISATIONS:] = ["…"]
        return ", ".join(names)


class ItemActorInline(ItemPartInline, admin.TabularInline):
    model = ItemActor
    formset = ItemActorFormSet
    fields = ("organisation", "role", "order")
    autocomplete_fields = ("organisation",)
    extra = 1

    def get_formset(self, request, obj=None, **kwargs):
        # The factory makes a new class for each call: the user is this request's only.
        formset = super().get_formset(request, obj, **kwargs)
        formset.user = request.user
        return formset


class ItemTranslationInline(ItemPartInline, admin.StackedInline):
    """Each translation beside the original it translates, field by field."""

    model = ItemTranslation
    fields = (
        "language",
        ("original_title", "title"),
        ("original_summary", "summary"),
        ("original_body", "body"),
    )
    readonly_fields = ("original_title", "original_summary", "original_body")
    extra = 0

    @staticmethod
    def _original(translation: ItemTranslation | None, field: str) -> str:
        # At most one translation per language: a query each at the most.
        item = translation.item if translation is not None and translation.item_id else None
        return linebreaksbr(getattr(item, field)) if item else ""

    @admin.display(description=_("original title"))
    def original_title(self, translation):
        return self._original(translation, "title")

    @admin.display(description=_("original summary"))
    def original_summary(self, translation):
        return self._original(translation, "summary")

    @admin.display(description=_("original body"))
    def original_body(self, translation):
        return self._original(translation, "body")


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
    ``crossroads.content.services.change_status`` (which checks the user edits the item).

    Who sees what: the lists hold the items the user edits (``items_editable_by``);
    anyone who edits items may add one; an item's page, its rows, its workflow and its
    deletion belong to its editors (``can_edit_item``); others are told it does not exist.

    An editor's organisation is not added for them: someone who is not a site
    administrator names one of the organisations they edit for among the item's
    organisations, or the page says so and saves nothing; they cannot remove the last of
    them either (``ItemActorFormSet``). Which role their organisation plays (organiser,
    publisher, partner…) is theirs to say, and a secretariat reaches many organisations.

    The autocomplete of another item's field (an event's parent, a story's events, an
    event's documents) offers the items the user edits and every published item; a field
    that makes the item part of this one (``owning_fields``) only the items they edit.
    """

    #: ``(app_label, model_name, field_name)`` of the fields of other models that put
    #: something inside an item of this admin.
    owning_fields: frozenset[tuple[str, str, str]] = frozenset()

    form = ItemForm
    change_form_template = "admin/content/item/change_form.html"
    view_on_site = False  # replaced by the "Preview on site" link of the template
    readonly_fields = ("status", "created_at", "updated_at")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("topics", "frameworks", "framework_objectives", "cities", "countries")
    search_fields = ("title", "slug", "summary")
    inlines = [ItemActorInline, ItemTranslationInline]
    actions = ["submit_for_review", "publish", "archive", "return_to_draft"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        editable = items_editable_by(request.user, queryset)
        if is_admin(request.user) or not self.is_linking(request):
            return editable
        return queryset.filter(Q(pk__in=editable.values("pk")) | Q(status=Status.PUBLISHED))

    def is_linking(self, request) -> bool:
        """Whether ``request`` is the autocomplete of a field linking to an item."""
        match = request.resolver_match
        if match is None or match.url_name != "autocomplete":
            return False
        source = tuple(request.GET.get(name) for name in ("app_label", "model_name", "field_name"))
        return source not in self.owning_fields

    def has_view_permission(self, request, obj=None) -> bool:
        return may_edit_item(request, obj)

    def has_add_permission(self, request) -> bool:
        return may_create_items(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return may_edit_item(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return may_edit_item(request, obj)

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
        except (ValidationError, PermissionDenied) as error:
            reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
            messages.error(
                request,
                gettext("The status of “%(item)s” did not change: %(reason)s")
                % {"item": item, "reason": " ".join(reasons)},
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
