"""The registration form: what a person tells the organisers about themselves."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from crossroads.directory.models import Country, OrganisationKind
from crossroads.events.models import AttendanceMode
from crossroads.events.services import Details, attendance_modes

MODE_LABELS = {
    AttendanceMode.IN_PERSON: _("In person"),
    AttendanceMode.VIRTUAL: _("Online"),
}


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"), max_length=254)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    organisation_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", "—"), *OrganisationKind.choices],
        required=False,
    )
    title = forms.CharField(label=_("Role or title"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.order_by("name"), required=False
    )
    attendance_mode = forms.ChoiceField(label=_("I will attend"), widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_("Language of our messages"), choices=settings.LANGUAGES)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Interpretation, step-free access, captions… Only the organisers see this."),
    )
    consent = forms.BooleanField(label=_("I accept the privacy notice"), required=True)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.event = event
        modes = attendance_modes(event)
        self.fields["attendance_mode"].choices = [(mode, MODE_LABELS[mode]) for mode in modes]
        if len(modes) == 1:
            self.fields["attendance_mode"].initial = modes[0]
            self.fields["attendance_mode"].widget = forms.HiddenInput()
        self.fields["language"].initial = (get_language() or "en")[:2]
        self.fields["consent"].help_text = format_html(
            '<a href="{}">{}</a>', reverse("accounts:privacy"), _("Read the privacy notice")
        )
        autocomplete = {"name": "name", "email": "email", "organisation": "organization"}
        for field, value in autocomplete.items():
            self.fields[field].widget.attrs["autocomplete"] = value
        self.fields["title"].widget.attrs["autocomplete"] = "organization-title"

    def details(self) -> Details:
        data = self.cleaned_data
        return Details(
            name=data["name"],
            email=data["email"],
            attendance_mode=data["attendance_mode"],
            language=data["language"],
            organisation=data["organisation"],
            organisation_kind=data["organisation_kind"],
            title=data["title"],
            city=data["city"],
            country=data["country"],
            accessibility_needs=data["accessibility_needs"],
        )


def initial_from_profile(user) -> dict:
    """What a signed-in person's profile already says, to fill the form with."""
    profile = getattr(user, "profile", None)
    initial = {"email": user.email}
    if profile is not None:
        initial.update(
            name=profile.name,
            organisation=profile.organisation_display,
            organisation_kind=profile.organisation.kind if profile.organisation_id else "",
            title=profile.title,
            city=profile.city.name if profile.city_id else "",
            country=profile.country_id or (profile.city.country_id if profile.city_id else None),
            language=profile.language,
        )
    return initial
