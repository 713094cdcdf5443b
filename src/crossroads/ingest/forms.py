"""The forms of the review queue: its filter, importing a page, and the decisions on one
import."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from crossroads.content import uploads
from crossroads.directory.models import OrganisationKind
from crossroads.ingest.models import ReviewStatus
from crossroads.ingest.readers import MAX_BYTES

#: What the file field offers to choose: pages, text, calendars and feeds.
READABLE_FILES = ".html,.htm,.xhtml,.txt,.ics,.ical,.rss,.atom,.xml"


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


def _limit() -> int:
    """The largest file to import: the readers' limit, or the site's if lower."""
    return min(MAX_BYTES, uploads.limit_bytes())


class ImportForm(forms.Form):
    """A web page, calendar or feed to import: its web address, or the file itself (one
    of the two). A file is refused past the readers' limit before it is read."""

    address = forms.CharField(
        label=_("Web address"),
        required=False,
        max_length=1000,
        validators=[
            URLValidator(
                schemes=["http", "https"],
                message=_("Give a web address starting with http:// or https://."),
            )
        ],
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    file = forms.FileField(
        label=_("Or a file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": READABLE_FILES}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "A web page, a text file, a calendar (.ics) or a feed (RSS, Atom), at most "
            "%(limit)s MB. The file is not kept: only the text read in it is."
        ) % {"limit": f"{_limit() / 2**20:g}"}

    def clean_file(self):
        """Within the readers' and the site's upload limits, and text by its
        content (a page, a calendar, a feed): not a document, an image or a program."""
        upload = self.cleaned_data["file"]
        if not upload:
            return upload
        if upload.size > _limit():
            raise ValidationError(
                gettext("The file is too large: %(size).1f MB, and the limit is %(limit)s MB.")
                % {"size": upload.size / 2**20, "limit": f"{_limit() / 2**20:g}"}
            )
        if uploads.looks_binary(upload):
            raise ValidationError(
                gettext("This file is not a web page, a text, a calendar or a feed.")
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        has_address = bool(self.data.get("address", "").strip())
        has_file = bool(self.files.get("file"))
        if has_address and has_file:
            raise ValidationError(_("Give a web address or a file, not both."))
        if not (has_address or has_file):
            raise ValidationError(_("Give the web address of a page, or choose a file."))
        return cleaned
