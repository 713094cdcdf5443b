"""Accounts and roles in the editors' admin: site administrators only.

Django's user page gains the person's profile and roles. A role is granted or withdrawn,
never edited (withdraw it and grant another): both go through ``accounts.roles``, so
``is_staff`` keeps following the roles, and it is shown, not edited. Django's groups and
model permissions are not used by this site (every admin asks ``accounts.permissions``),
so their pages are gone.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.models import Grant, Profile
from crossroads.accounts.permissions import can_manage_accounts
from crossroads.accounts.roles import grant_role, update_staff_status, withdraw_role
from crossroads.content.admin import EditorsAdmin

User = get_user_model()


class AccountsPermissions:
    """Site administrators only. Mixed into an admin or an inline."""

    def has_view_permission(self, request, obj=None) -> bool:
        return can_manage_accounts(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return can_manage_accounts(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return can_manage_accounts(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return can_manage_accounts(request.user)


def save_grant(grant: Grant, *, by) -> None:
    """Grant the role ``grant`` (an unsaved form instance) describes, through
    ``roles.grant_role``, and make ``grant`` the saved row (the admin logs it next)."""
    saved = grant_role(
        user=grant.user,
        role=grant.role,
        organisation=grant.organisation,
        network=grant.network,
        by=by,
    )
    grant.pk, grant.granted_at, grant.granted_by = saved.pk, saved.granted_at, saved.granted_by
    grant._state.adding, grant._state.db = False, saved._state.db


class ProfileInline(AccountsPermissions, admin.StackedInline):
    model = Profile
    fields = (
        "name",
        "organisation",
        "organisation_name",
        "title",
        "city",
        "country",
        "language",
        "email_verified_at",
    )
    readonly_fields = ("email_verified_at",)
    autocomplete_fields = ("organisation", "city", "country")
    can_delete = False
    max_num = 1


class GrantFormSet(BaseInlineFormSet):
    """The roles on a person's page. Django checks a row's constraints without the person
    (not a field of the row's form): a role they already hold, or one named twice, is
    checked here."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        new = [
            form
            for form in self.extra_forms
            if form.has_changed() and not self._should_delete_form(form)
        ]
        for form in new:
            if form.instance.user_id is not None:
                try:
                    form.instance.validate_constraints()
                except ValidationError as error:
                    form.add_error(None, error)
        named = [
            (form.instance.role, form.instance.organisation_id, form.instance.network_id)
            for form in new
        ]
        if len(set(named)) < len(named):
            raise ValidationError(_("The same role is named twice."))


class GrantInline(AccountsPermissions, admin.TabularInline):
    model = Grant
    formset = GrantFormSet
    fk_name = "user"
    fields = ("role", "organisation", "network", "granted_at", "granted_by")
    readonly_fields = ("granted_at", "granted_by")
    autocomplete_fields = ("organisation", "network")
    extra = 0

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Grant)
class GrantAdmin(AccountsPermissions, EditorsAdmin):
    list_display = ("user", "role", "organisation", "network", "granted_at", "granted_by")
    list_filter = ("role",)
    list_select_related = ("user", "organisation", "network", "granted_by")
    search_fields = (
        "user__email",
        "user__username",
        "organisation__name",
        "organisation__acronym",
        "network__name",
        "network__acronym",
    )
    autocomplete_fields = ("user", "organisation", "network")
    fields = ("user", "role", "organisation", "network", "granted_at", "granted_by")
    readonly_fields = ("granted_at", "granted_by")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        save_grant(obj, by=request.user)

    def delete_model(self, request, obj) -> None:
        withdraw_role(grant=obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for grant in queryset.select_related("user"):
            withdraw_role(grant=grant, by=request.user)


admin.site.unregister(Group)
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AccountsPermissions, DjangoUserAdmin, EditorsAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (
            _("Status"),
            {
                "fields": ("is_active", "is_superuser", "is_staff"),
                "description": _(
                    "Staff status follows the roles below: anyone holding a role, and every "
                    "site administrator, reaches the editors' admin."
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("is_staff", "last_login", "date_joined")
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_superuser")
    list_filter = ("is_staff", "is_superuser", "is_active", "grants__role")
    inlines = [ProfileInline, GrantInline]

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Grant:
            super().save_formset(request, form, formset, change)
            return
        formset.save(commit=False)
        for grant in formset.deleted_objects:
            withdraw_role(grant=grant, by=request.user)
        for grant in formset.new_objects:
            save_grant(grant, by=request.user)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # Made a site administrator, or no longer one: ``is_staff`` follows.
        update_staff_status(form.instance)
