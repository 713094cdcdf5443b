"""The account pages: sign up, confirm the address, sign in and out, reset the password,
the profile, one's data, closing the account, and the privacy notice. Thin: the forms
check, ``accounts.services`` changes."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from crossroads.accounts import queries, services
from crossroads.accounts.forms import (
    DeleteAccountForm,
    EmailForm,
    LoginForm,
    PasswordResetForm,
    ProfileForm,
    SignupForm,
)
from crossroads.accounts.models import Profile
from crossroads.content import ratelimit


def _add_service_errors(form, error: ValidationError, renamed: dict | None = None) -> None:
    """Show a service's ValidationError beside the fields it names (``renamed``: where
    the service's argument names differ from the form's), or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        field = (renamed or {}).get(field, field)
        form.add_error(field if field in form.fields else None, messages_)


def _posted(request):
    return request.POST if request.method == "POST" else None


# -- signing up ------------------------------------------------------------------------
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.limited("signup-address")
def signup(request):
    """The same "check your mail" whether the address is new or taken (its owner is
    mailed instead), so that the form does not tell strangers who has an account."""
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(_posted(request), initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        ratelimit.enforce("signup-email", form.cleaned_data["email"])
        try:
            services.create_account(**form.account_fields())
        except ValidationError as error:
            _add_service_errors(form, error, renamed={"password": "password2"})
        else:
            return redirect("accounts:signup-sent")
    return render(request, "accounts/signup.html", {"form": form})


def signup_sent(request):
    return render(request, "accounts/signup_sent.html", {"form": EmailForm()})


@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.limited("resend-address")
def resend(request):
    """Ask for a new confirmation link. The answer is the same whether or not the address
    has an account waiting."""
    form = EmailForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        ratelimit.enforce("resend-email", form.cleaned_data["email"])
        services.resend_verification(email=form.cleaned_data["email"])
        return redirect("accounts:signup-sent")
    return render(request, "accounts/resend.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request, token: str):
    """The link in the mail shows a button; pressing it confirms the address. (A mail
    server opening links to scan them therefore confirms nothing.)"""
    try:
        if request.method == "POST":
            services.verify_email(token=token)
            messages.success(request, _("Your address is confirmed. You can sign in now."))
            return redirect("accounts:login")
        user = services.check_verification_token(token=token)
    except ValidationError as error:
        return render(
            request,
            "accounts/verify_failed.html",
            {"message": error.messages[0], "form": EmailForm()},
            status=400,
        )
    return render(request, "accounts/verify.html", {"email": user.email})


# -- signing in and out, and the password ----------------------------------------------
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self) -> str:
        """The safe ``next`` address, unless it is this page (which would loop)."""
        url = super().get_redirect_url()
        return "" if urlsplit(url).path == self.request.path else url


#: Rate limited per address here, and per email typed by ``LoginForm``.
login = ratelimit.limited("login-address")(LoginView.as_view())
logout_view = auth_views.LogoutView.as_view()
#: Rate limited per address here, and per email typed by ``PasswordResetForm``.
password_reset = ratelimit.limited("reset-address")(
    auth_views.PasswordResetView.as_view(
        form_class=PasswordResetForm,
        template_name="accounts/password_reset.html",
        success_url=reverse_lazy("accounts:password-reset-sent"),
    )
)
password_reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_sent.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password-reset-complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


# -- the account -----------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    user = request.user
    instance = queries.profile_of(user) or Profile(user=user, name=user.get_username())
    form = ProfileForm(_posted(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        fields = {field: form.cleaned_data[field] for field in services.PROFILE_FIELDS}
        try:
            services.update_profile(user=user, **fields)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "profile": instance})


@login_required
@never_cache
def data(request):
    """Everything stored about the account, as a JSON file to keep."""
    content = json.dumps(
        services.export_account_data(user=request.user), ensure_ascii=False, indent=2
    )
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="crossroads-account-{day}.json"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request):
    form = DeleteAccountForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_account(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            logout(request)
            return redirect("accounts:deleted")
    return render(request, "accounts/delete.html", {"form": form})


def deleted(request):
    return render(request, "accounts/deleted.html")


def privacy(request):
    return render(
        request,
        "accounts/privacy.html",
        {"retention_days": settings.REGISTRATION_RETENTION_DAYS},
    )
