"""The operations that change accounts: sign up, confirm the address, edit the profile,
take one's data away, close the account. Views, commands and the admin call these.

An account is Django's ``User`` (its username is the email address, lowercased) beside a
``Profile``. A new account stays inactive until its owner follows the link we mail: the
link is signed with the site's secret key, names the account and its address, and lasts
``VERIFY_MAX_AGE``.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts import queries
from crossroads.accounts.models import Profile
from crossroads.content.links import absolute
from crossroads.content.mail import send
from crossroads.events.services import anonymise_registration, registration_data

logger = logging.getLogger(__name__)

#: How long a link to confirm an address stays valid.
VERIFY_MAX_AGE = dt.timedelta(days=3)

#: The fields of a profile its owner edits (``update_profile``).
PROFILE_FIELDS = (
    "name",
    "organisation",
    "organisation_name",
    "title",
    "city",
    "country",
    "language",
)

#: The longest address an account can have: it is also the username (150 characters).
EMAIL_MAX_LENGTH = 150

_VERIFY_SALT = "crossroads.accounts.verify-email"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _refuse_nul(**values) -> None:
    """PostgreSQL cannot store NUL characters: refuse them before they reach it."""
    errors = {
        field: _("Null characters are not allowed.")
        for field, value in values.items()
        if isinstance(value, str) and "\x00" in value
    }
    if errors:
        raise ValidationError(errors)


def _accounts_with_email(email: str):
    return get_user_model()._default_manager.filter(
        Q(username__iexact=email) | Q(email__iexact=email)
    )


def _never_confirmed(user, now: dt.datetime) -> bool:
    """An account made by signing up whose every confirmation link has expired unused:
    nobody ever controlled it, so signing up again with its address may replace it."""
    profile = getattr(user, "profile", None)
    return (
        profile is not None
        and not user.is_active
        and profile.email_verified_at is None
        and user.last_login is None
        and user.date_joined < now - VERIFY_MAX_AGE
    )


# -- signing up and confirming the address --------------------------------------------
def create_account(
    *,
    email: str,
    password: str,
    name: str,
    language: str,
    organisation=None,
    organisation_name: str = "",
    title: str = "",
    city=None,
    country=None,
):
    """Open an account, inactive until its address is confirmed; return the user, or
    None when the address already has an account.

    Side effects: creates the user (username and email: ``email`` lowercased) and its
    profile; replaces an account with the same address that was never confirmed and whose
    links have all expired; mails the link to confirm the address, in ``language``, after
    commit. When the address is taken, creates nothing and mails its owner instead that
    someone tried (with the links to sign in, reset the password or confirm the address),
    so that the caller answers as for a new account and strangers learn nothing. Raises
    ValidationError (by field: email, password, name…) when the address is invalid, the
    password too weak, or a field unacceptable; nothing is created.
    """
    _refuse_nul(
        email=email,
        password=password,
        name=name,
        language=language,
        organisation_name=organisation_name,
        title=title,
    )
    email = normalise_email(email)
    errors: dict[str, list] = {}
    try:
        validate_email(email)
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError(
                _("Use an address of at most %(limit)d characters.") % {"limit": EMAIL_MAX_LENGTH}
            )
    except ValidationError as error:
        errors["email"] = error.messages
    user_model = get_user_model()
    user = user_model(username=email, email=email, is_active=False)
    try:
        # The similarity check compares the password with the address and the name (the
        # username, the same address, is left out: its name would puzzle people).
        password_validation.validate_password(
            password, user=user_model(email=email, first_name=name)
        )
    except ValidationError as error:
        errors["password"] = error.messages
    profile = Profile(
        name=name.strip(),
        organisation=organisation,
        organisation_name=organisation_name.strip(),
        title=title.strip(),
        city=city,
        country=country,
        language=language,
    )
    try:
        profile.full_clean(exclude=["user"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    # Hashed in either case, so that the time taken does not tell whether it is taken.
    user.set_password(password)
    with transaction.atomic():
        existing = list(_accounts_with_email(email).select_related("profile"))
        if existing and not all(_never_confirmed(other, now) for other in existing):
            _mail_signup_attempt(existing[0], email=email, language=language)
            return None
        for other in existing:
            logger.info("Unconfirmed account %s replaced by a new sign-up", other.pk)
            other.delete()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # signed up twice at the same moment: the other one won
            return None
        profile.user = user
        profile.privacy_accepted_at = now  # signing up means accepting the notice
        profile.save()
        _mail_verification(user, profile)
    logger.info("Account %s created, awaiting confirmation", user.pk)
    return user


def _verification_token(user) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=_VERIFY_SALT, compress=False)


def _mail_verification(user, profile: Profile) -> None:
    url = absolute(reverse("accounts:verify", args=[_verification_token(user)]))
    send(
        "accounts/mail/verify",
        {"name": profile.name, "url": url, "days": VERIFY_MAX_AGE.days},
        to=user.email,
        language=profile.language,
    )


def _mail_signup_attempt(owner, *, email: str, language: str) -> None:
    """Tell the owner of ``email`` that someone tried to sign up with it."""
    profile = getattr(owner, "profile", None)
    send(
        "accounts/mail/signup_taken",
        {
            "name": profile.name if profile else owner.get_username(),
            "login_url": absolute(reverse("accounts:login")),
            "reset_url": absolute(reverse("accounts:password-reset")),
            "resend_url": absolute(reverse("accounts:resend")),
        },
        to=owner.email or email,
        language=profile.language if profile else language,
    )
    logger.info("Sign-up attempted with the address of account %s", owner.pk)


def check_verification_token(*, token: str):
    """The account a confirmation link names, if the link can still confirm it.

    Raises ValidationError with a plain message when the link was altered, has expired,
    names an account that no longer exists or has another address, or was already used.
    """
    invalid = _("This confirmation link is not valid. Check that it was copied whole.")
    try:
        value = signing.loads(token, salt=_VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This confirmation link has expired. Ask for a new one below."), code="expired"
        ) from None
    except signing.BadSignature:
        raise ValidationError(invalid, code="invalid") from None
    if not isinstance(value, dict) or not isinstance(value.get("user"), int):
        raise ValidationError(invalid, code="invalid")
    user = (
        get_user_model()._default_manager.select_related("profile").filter(pk=value["user"]).first()
    )
    profile = getattr(user, "profile", None) if user else None
    if profile is None or user.email != value.get("email"):
        raise ValidationError(invalid, code="invalid")
    if profile.email_verified_at is not None:
        raise ValidationError(
            _("This link was already used: your address is confirmed. You can sign in."),
            code="used",
        )
    return user


def verify_email(*, token: str):
    """Confirm an address with the link we mailed; return the user, now able to sign in.

    Side effects: activates the account and records when its address was confirmed.
    Raises ValidationError (see ``check_verification_token``); nothing changes then.
    """
    with transaction.atomic():
        user = check_verification_token(token=token)
        now = timezone.now()
        updated = Profile.objects.filter(user=user, email_verified_at__isnull=True).update(
            email_verified_at=now
        )
        if not updated:  # the same link followed twice at once
            raise ValidationError(_("This link was already used: your address is confirmed."))
        user.is_active = True
        user.save(update_fields=["is_active"])
        user.profile.email_verified_at = now
    logger.info("Account %s confirmed its address", user.pk)
    return user


def resend_verification(*, email: str) -> None:
    """Mail a new confirmation link to the unconfirmed account with this address, if
    there is one. The caller learns nothing either way: an address with no account, or
    with a confirmed one, gets no mail and the same silence.

    Side effects: mails the link in the account's language, after commit.
    """
    if not isinstance(email, str) or "\x00" in email:
        return
    email = normalise_email(email)
    for user in _accounts_with_email(email).select_related("profile"):
        profile = getattr(user, "profile", None)
        if profile is not None and not user.is_active and profile.email_verified_at is None:
            _mail_verification(user, profile)
            logger.info("Confirmation link sent again to account %s", user.pk)


# -- the profile ---------------------------------------------------------------------
def update_profile(*, user, **fields) -> Profile:
    """Change what the profile says (any of ``PROFILE_FIELDS``); return the profile.

    Side effects: creates the profile when the account has none (accounts made with
    ``createsuperuser``: the name defaults to the username); saves only valid values —
    raises ValidationError by field otherwise, changing nothing.
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"update_profile() cannot change {', '.join(sorted(unknown))}")
    _refuse_nul(**fields)
    profile = Profile.objects.filter(user=user).first() or Profile(
        user=user, name=user.get_username()
    )
    for field, value in fields.items():
        setattr(profile, field, value.strip() if isinstance(value, str) else value)
    profile.full_clean(exclude=["user"])
    profile.save()
    user.profile = profile
    logger.info("Account %s updated its profile", user.pk)
    return profile


# -- the person's own data -------------------------------------------------------------
def _when(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_account_data(*, user) -> dict:
    """Everything stored about this account, ready for ``json.dumps``: the account, the
    profile, the roles granted and every registration made while signed in.

    Side effects: none.
    """
    profile = queries.profile_of(user)
    registrations = []
    for registration in queries.registrations_of(user):
        data = registration_data(registration)
        data["event"]["start_date"] = registration.event.start_date.isoformat()
        data["event"]["end_date"] = registration.event.end_date.isoformat()
        registrations.append(data)
    return {
        "account": {
            "email": user.email,
            "username": user.get_username(),
            "joined": _when(user.date_joined),
            "last_sign_in": _when(user.last_login),
        },
        "profile": None
        if profile is None
        else {
            "name": profile.name,
            "organisation": profile.organisation.name if profile.organisation_id else None,
            "organisation_name": profile.organisation_name,
            "title": profile.title,
            "city": profile.city.name if profile.city_id else None,
            "country": profile.country.name if profile.country_id else None,
            "language": profile.language,
            "email_verified": _when(profile.email_verified_at),
        },
        "roles": [
            {
                "role": grant.role,
                "organisation": grant.organisation.name if grant.organisation_id else None,
                "network": grant.network.name if grant.network_id else None,
                "granted": _when(grant.granted_at),
            }
            for grant in queries.grants_of(user)
        ],
        "registrations": registrations,
    }


def delete_account(*, user, password: str) -> None:
    """Close an account for good, once its owner has typed its password.

    Side effects: erases the person's details from every registration made with the
    account (``events.services.anonymise_registration``: a live registration of an event
    still to come is cancelled, its place offered to the next person waiting, and the
    person told by mail); deletes the profile, the roles and the user. Raises
    ValidationError (field ``password``) when the password is wrong, or when the account
    is a site administrator's, which another administrator closes; nothing changes then.
    """
    if not isinstance(password, str) or "\x00" in password or not user.check_password(password):
        raise ValidationError({"password": _("This password is not correct.")})
    if user.is_superuser:
        raise ValidationError(
            _("A site administrator's account is closed by another administrator.")
        )
    pk = user.pk
    with transaction.atomic():
        for registration in queries.registrations_of(user):
            anonymise_registration(registration=registration)
        user.delete()
    logger.info("Account %s deleted by its owner", pk)


# -- the password ----------------------------------------------------------------------
def send_password_reset(*, user, uid: str, token: str) -> None:
    """Mail ``user`` the link to choose a new password (made by Django's password reset
    form: ``uid`` names the account, ``token`` expires after ``PASSWORD_RESET_TIMEOUT``
    or once the password changes).

    Side effects: mails the link in the account's language (the site's default for an
    account without a profile), after commit.
    """
    profile = Profile.objects.filter(user=user).first()
    path = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    send(
        "accounts/mail/password_reset",
        {
            "name": profile.name if profile else user.get_username(),
            "url": absolute(path),
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
        to=user.email,
        language=profile.language if profile else settings.LANGUAGE_CODE,
    )
    logger.info("Password reset link sent to account %s", user.pk)
