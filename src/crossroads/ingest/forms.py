"""The forms of the review queue: its filter, and the decisions on one import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from crossroads.directory.models import OrganisationKind
from crossroads.ingest.models import ReviewStatus


class QueueFilter(forms.Form):
    """Which imports the queue lists: those waiting for review unless asked otherwise."""

    status = forms.ChoiceField(
        label=_("Review"), choices=ReviewStatus.choices, required=False, initial="pending"
    )

    def chosen_status(self) -> str:
        """The status asked for, or pending when none (or an unknown one) is given."""
        if self.is_valid() and self.cleaned_data["status"]:
            return self.cleaned_data["status"]
        return ReviewStatus.PENDING


class RejectForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, reject this import and undo what it did."),
        error_messages={"required": _("Tick the box to confirm the rejection.")},
    )


class MergeForm(forms.Form):
    """The item to merge this draft into, among the candidates offered."""

    into = forms.TypedChoiceField(
        label=_("Merge this draft into"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose one of the items offered.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [
            (event.pk, f"{event.title} ({event.dates_display})") for event in candidates
        ]


class OrganisationForm(forms.Form):
    """An organisation the page names and the directory lacks, to add."""

    name = forms.CharField(max_length=200, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
