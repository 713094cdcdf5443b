"""A person's profile beside Django's user, and the roles granted to them.

Roles, from least to most: a visitor (not signed in), a participant (any account), an
organisation editor (a ``Grant`` for an organisation), a network secretariat (a ``Grant``
for a network) and a site administrator (``is_superuser``). What each may do is decided in
``accounts.permissions``, the one place the rest of the code asks.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crossroads.directory.models import City, Country, Network, Organisation


class Profile(models.Model):
    """What the platform knows of a person with an account, beyond sign-in details."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profiles",
    )
    organisation_name = models.CharField(
        _("organisation (if not listed)"), max_length=200, blank=True
    )
    title = models.CharField(_("role or title"), max_length=200, blank=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profiles",
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profiles",
    )
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language of the mail we send you."),
    )
    email_verified_at = models.DateTimeField(_("email verified"), null=True, blank=True)
    privacy_accepted_at = models.DateTimeField(
        _("privacy notice accepted"),
        null=True,
        blank=True,
        help_text=_("Empty for accounts made by an administrator."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.name or self.user.get_username()

    @property
    def organisation_display(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name


class Role(models.TextChoices):
    EDITOR = "editor", _("Organisation editor")
    SECRETARIAT = "secretariat", _("Network secretariat")


class Grant(models.Model):
    """A role given to a person: editor for an organisation, or secretariat of a network."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="grants",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants",
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants",
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role=Role.EDITOR, organisation__isnull=False, network__isnull=True)
                    | Q(role=Role.SECRETARIAT, network__isnull=False, organisation__isnull=True)
                ),
                name="grant_names_its_scope",
                violation_error_message=_(
                    "An editor edits for an organisation; a secretariat serves a network."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(role=Role.EDITOR),
                name="unique_editor_grant",
                violation_error_message=_("This person already edits for this organisation."),
            ),
            models.UniqueConstraint(
                fields=["user", "network"],
                condition=Q(role=Role.SECRETARIAT),
                name="unique_secretariat_grant",
                violation_error_message=_("This person is already on this network's secretariat."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.organisation or self.network}"
