"""The signing form: who signs (a city for its local government, or an organisation,
from the directory), through whom, and the privacy notice."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from crossroads.directory.models import City, Organisation
from crossroads.engagement.campaigns.services import Details


class CityChoice(forms.ModelChoiceField):
    def label_from_instance(self, city: City) -> str:
        return f"{city.name}, {city.country.name}"


class SignatureForm(forms.Form):
    city = CityChoice(
        label=_("City"),
        queryset=City.objects.select_related("country").order_by("name", "pk"),
        required=False,
        empty_label="—",
        help_text=_("A city signs for its local government."),
    )
    organisation = forms.ModelChoiceField(
        label=_("or organisation"),
        queryset=Organisation.objects.order_by("name", "pk"),
        required=False,
        empty_label="—",
    )
    name = forms.CharField(label=_("Your name"), max_length=200)
    title = forms.CharField(
        label=_("Your title or office"),
        max_length=200,
        help_text=_("For example: Mayor, Head of international relations."),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send a link to confirm it; it is never shown."),
    )
    language = forms.ChoiceField(label=_("Language of our messages"), choices=settings.LANGUAGES)
    consent = forms.BooleanField(label=_("I accept the privacy notice"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["language"].initial = (get_language() or "en")[:2]
        self.fields["consent"].help_text = format_html(
            '<a href="{}">{}</a>', reverse("accounts:privacy"), _("Read the privacy notice")
        )
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["title"].widget.attrs["autocomplete"] = "organization-title"

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("city")) == bool(data.get("organisation")) and not (
            self.has_error("city") or self.has_error("organisation")
        ):
            raise forms.ValidationError(
                _("Choose your city, or your organisation if it is not a city's government.")
            )
        return data

    def details(self) -> Details:
        data = self.cleaned_data
        return Details(
            name=data["name"],
            title=data["title"],
            email=data["email"],
            language=data["language"],
            city=data["city"],
            organisation=data["organisation"],
        )
