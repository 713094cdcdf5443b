"""The forms of the account pages. They check what a person typed; the changes themselves
are made by ``accounts.services``."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from crossroads.accounts import services
from crossroads.accounts.models import Profile
from crossroads.content import ratelimit
from crossroads.directory.models import City, Country, Organisation

#: The validators' rules, in the language of each request (not of the first to import us).
_password_help = lazy(password_validation.password_validators_help_text_html, str)


class CityChoiceField(forms.ModelChoiceField):
    """Cities by name and country: two cities may share a name."""

    def label_from_instance(self, obj: City) -> str:
        return f"{obj.name} ({obj.country.name})"


class ProfileForm(forms.ModelForm):
    """What a person tells the network about themselves."""

    class Meta:
        model = Profile
        fields = services.PROFILE_FIELDS
        field_classes = {"city": CityChoiceField}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "country": forms.Select(attrs={"autocomplete": "country"}),
            "language": forms.Select(attrs={"autocomplete": "language"}),
        }
        help_texts = {
            "organisation": _("Choose it if it is listed; otherwise type its name below."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.only("name", "acronym")
        self.fields["organisation"].empty_label = _("Not listed")
        self.fields["city"].queryset = City.objects.select_related("country").only(
            "name", "country__name"
        )
        self.fields["city"].empty_label = _("Not listed, or none")
        self.fields["country"].queryset = Country.objects.only("name")
        self.fields["country"].empty_label = _("Choose a country")


class SignupForm(ProfileForm):
    """Sign-up: the address and password of the account, then the profile."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=services.EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link to this address: follow it to open your account."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_password_help(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Type the same password, to be sure of it."),
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that Crossroads keeps these details."),
        error_messages={"required": _("An account needs your agreement to the privacy notice.")},
    )

    field_order = ["email", "password1", "password2", *services.PROFILE_FIELDS, "consent"]

    def clean_email(self) -> str:
        return services.normalise_email(self.cleaned_data["email"])

    def clean_password2(self) -> str:
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data["password2"]
        if password1 and password1 != password2:
            raise ValidationError(_("The two passwords differ."), code="password_mismatch")
        return password2

    def clean(self) -> dict:
        cleaned_data = super().clean()
        password = cleaned_data.get("password2")
        if password and "password2" not in self.errors:
            # Compared with the address and the name, as the account will be.
            candidate = get_user_model()(
                email=self.cleaned_data.get("email", ""),
                first_name=self.cleaned_data.get("name", ""),
            )
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password2", error)
        return cleaned_data

    def account_fields(self) -> dict:
        """The arguments of ``services.create_account``."""
        data = self.cleaned_data
        return {
            "email": data["email"],
            "password": data["password2"],
            **{field: data[field] for field in services.PROFILE_FIELDS},
        }


class LoginForm(auth_forms.AuthenticationForm):
    """Sign in by email address (any case) and password."""

    username = forms.CharField(
        label=_("Email"),
        max_length=254,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "username",
                "inputmode": "email",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )
    error_messages = {
        "invalid_login": _(
            "This email and password do not match an account. Passwords are case-sensitive."
        ),
        "inactive": _("This account is closed."),
        "unconfirmed": _(
            "This account's address is not confirmed yet: follow the link we mailed you, "
            "or ask for a new one."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm sizes the field for usernames; addresses can be longer.
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = 254

    def clean(self):
        # Every attempt counts against the address typed, whether or not it has an
        # account: a storm of guesses at one account stops whatever addresses it comes from.
        typed = self.cleaned_data.get("username")
        if typed:
            ratelimit.enforce("login-email", typed)
        try:
            return super().clean()
        except ValidationError:
            if self._awaiting_confirmation():
                raise ValidationError(
                    self.error_messages["unconfirmed"], code="unconfirmed"
                ) from None
            raise

    def _awaiting_confirmation(self) -> bool:
        """Whether the right password was typed for an account not yet confirmed (told
        only to whoever knows the password, as Django tells of inactive accounts)."""
        email = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        if "@" not in email or not password:
            return False
        matches = list(
            get_user_model()
            ._default_manager.select_related("profile")
            .filter(email__iexact=email.strip(), is_active=False)[:2]
        )
        if len(matches) != 1:
            return False
        user = matches[0]
        profile = getattr(user, "profile", None)
        return (
            profile is not None
            and profile.email_verified_at is None
            and user.check_password(password)
        )


class EmailForm(forms.Form):
    """An address to send a new confirmation link to."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form (it finds the active accounts with this address and makes the
    token); the mail is ours, in the account's language."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        ratelimit.enforce("reset-email", email)
        return email

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        services.send_password_reset(
            user=context["user"], uid=context["uid"], token=context["token"]
        )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )
