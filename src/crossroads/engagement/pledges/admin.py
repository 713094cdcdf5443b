"""Pledges in the editors' admin: edited like every item (``ItemAdmin``), with who pledged
and the updates inline. Progress is read-only here: an update with a progress moves it,
checked by ``pledges.services`` (saving an update inline calls it)."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from crossroads.content.admin import (
    CONTENT_FIELDS,
    PUBLICATION_FIELDSET,
    SOURCE_FIELDSET,
    TAGGING_FIELDSET,
    ItemAdmin,
    ItemPartInline,
)
from crossroads.engagement.models import Pledge, Pledger, PledgeUpdate, Progress
from crossroads.engagement.pledges import services


class PledgerInline(ItemPartInline, admin.TabularInline):
    model = Pledger
    fields = ("order", "city", "organisation", "network")
    autocomplete_fields = ("city", "organisation", "network")
    extra = 1


class UpdateFormSet(BaseInlineFormSet):
    """New updates' changes of progress must follow the allowed transitions, in order."""

    def clean(self):
        super().clean()
        current = self.instance.progress if self.instance.pk else Progress.PLANNING
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if form.instance.pk or not data or data.get("DELETE") or not data.get("progress"):
                continue
            try:
                services.check_transition(current, data["progress"])
            except ValidationError as error:
                form.add_error("progress", error)
            else:
                current = data["progress"]


class PledgeUpdateInline(ItemPartInline, admin.TabularInline):
    """Updates; a new one with a progress changes the pledge's (allowed changes only)."""

    model = PledgeUpdate
    formset = UpdateFormSet
    fields = ("date", "progress", "text", "evidence_resource", "evidence_event")
    autocomplete_fields = ("evidence_resource", "evidence_event")
    extra = 1


@admin.register(Pledge)
class PledgeAdmin(ItemAdmin):
    fieldsets = (
        (_("Content"), {"fields": (*CONTENT_FIELDS, "pledge_type")}),
        (
            _("Pledge"),
            {
                "fields": (
                    "forum",
                    ("starts_on", "ends_on"),
                    ("budget", "currency"),
                    ("progress", "progress_changed_on"),
                )
            },
        ),
        TAGGING_FIELDSET,
        SOURCE_FIELDSET,
        PUBLICATION_FIELDSET,
    )
    readonly_fields = (*ItemAdmin.readonly_fields, "progress", "progress_changed_on")
    autocomplete_fields = (*ItemAdmin.autocomplete_fields, "forum")
    list_display = ("title", "pledge_type", "progress", "forum", "status", "published_at")
    list_filter = ("progress", "pledge_type", "status", "language")
    date_hierarchy = "published_at"
    inlines = [PledgerInline, PledgeUpdateInline, *ItemAdmin.inlines]

    def save_formset(self, request, form, formset, change):
        if formset.model is not PledgeUpdate:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for update in instances:
            if update.pk:
                update.save()  # an edit of text or evidence; progress was set when added
                continue
            services.add_update(
                pledge=form.instance,
                date=update.date,
                text=update.text,
                progress=update.progress,
                evidence_resource=update.evidence_resource,
                evidence_event=update.evidence_event,
            )
