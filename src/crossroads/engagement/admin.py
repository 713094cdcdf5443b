"""Surveys in the editors' admin: the network's secretariat defines each year's survey
(sections and questions inline on the survey's page, choices on each question's page),
invites member cities and sends the links.

Once a response exists the structure is locked: the section, question and choice inlines
become read-only and a question's page can no longer be changed (``Survey.is_locked``);
the title, introduction, dates, invitations and whether results are public still can.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from crossroads.accounts.permissions import is_admin
from crossroads.content.admin import EditorsAdmin
from crossroads.engagement.campaigns import admin as campaigns_admin  # noqa: F401 (registers)
from crossroads.engagement.models import Choice, Invitation, Question, Response, Section, Survey
from crossroads.engagement.pledges import admin as pledges_admin  # noqa: F401 (registers)
from crossroads.engagement.surveys import services
from crossroads.engagement.surveys.access import (
    can_manage_surveys,
    manages_any_survey,
    networks_managed_by,
)


def _manages(request, survey: Survey | None) -> bool:
    if survey is None:
        return manages_any_survey(request.user)
    return can_manage_surveys(request.user, survey.network)


class _StructureInline:
    """Editable by the survey's managers while it has no response."""

    extra = 0

    def _editable(self, request, obj) -> bool:
        survey = obj if isinstance(obj, Survey) else getattr(obj, "survey", None)
        return _manages(request, survey) and not (survey is not None and survey.is_locked)

    def has_view_permission(self, request, obj=None) -> bool:
        return _manages(request, obj if isinstance(obj, Survey) else getattr(obj, "survey", None))

    def has_add_permission(self, request, obj=None) -> bool:
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._editable(request, obj)


class SectionInline(_StructureInline, admin.TabularInline):
    model = Section
    fields = ("order", "title", "description")


class QuestionInline(_StructureInline, admin.StackedInline):
    model = Question
    fields = (
        ("section", "order", "code"),
        "text",
        "help_text",
        ("kind", "required"),
        ("scale_min", "scale_max", "scale_min_label", "scale_max_label"),
        ("number_min", "number_max"),
    )
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            survey_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Section.objects.filter(survey_id=survey_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ("city", "email", "language", "sent_at")
    readonly_fields = ("sent_at",)
    autocomplete_fields = ("city",)

    def _can(self, request, obj) -> bool:
        return obj is not None and _manages(request, obj)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._can(request, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return self._can(request, obj) and not obj.is_closed()

    def has_change_permission(self, request, obj=None) -> bool:
        return self._can(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._can(request, obj)


@admin.register(Survey)
class SurveyAdmin(EditorsAdmin):
    list_display = ("title", "network", "year", "opens_at", "closes_at", "results_public")
    list_filter = ("network", "year", "results_public")
    search_fields = ("title", "network__name")
    fields = ("network", "year", "title", "introduction", "opens_at", "closes_at", "results_public")
    inlines = (SectionInline, QuestionInline, InvitationInline)
    actions = ("send_invitations", "publish_results")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("network")
        if is_admin(request.user):
            return queryset
        return queryset.filter(network__in=networks_managed_by(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "network":
            kwargs["queryset"] = networks_managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return ("network", "year") if obj is not None and obj.is_locked else ()

    def has_view_permission(self, request, obj=None) -> bool:
        return _manages(request, obj)

    def has_add_permission(self, request) -> bool:
        return _manages(request, None)

    def has_change_permission(self, request, obj=None) -> bool:
        return _manages(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return _manages(request, obj) and not (obj is not None and obj.is_locked)

    @admin.action(description=gettext_lazy("Send the invitations not yet sent"))
    def send_invitations(self, request, queryset):
        for survey in queryset:
            try:
                sent = services.send_invitations(survey=survey, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{survey}: {error}", messages.ERROR)
                continue
            self.message_user(
                request,
                ngettext(
                    "%(survey)s: %(n)s invitation sent.",
                    "%(survey)s: %(n)s invitations sent.",
                    sent,
                )
                % {"survey": survey, "n": sent},
            )

    @admin.action(description=gettext_lazy("Publish the results as a draft resource"))
    def publish_results(self, request, queryset):
        for survey in queryset:
            resource = services.publish_results_as_resource(survey=survey, by=request.user)
            self.message_user(
                request,
                _("%(survey)s: draft resource “%(title)s”.")
                % {"survey": survey, "title": resource.title},
            )


class ChoiceInline(_StructureInline, admin.TabularInline):
    model = Choice
    fields = ("order", "code", "label")


@admin.register(Question)
class QuestionAdmin(EditorsAdmin):
    """A question's page, where its choices are edited (no nested inlines in the admin)."""

    list_display = ("code", "text", "kind", "survey")
    list_filter = ("survey", "kind")
    search_fields = ("code", "text")
    fields = (
        "survey",
        ("section", "order", "code"),
        "text",
        "help_text",
        ("kind", "required"),
        ("scale_min", "scale_max", "scale_min_label", "scale_max_label"),
        ("number_min", "number_max"),
    )
    inlines = (ChoiceInline,)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("survey__network")
        if is_admin(request.user):
            return queryset
        return queryset.filter(survey__network__in=networks_managed_by(request.user))

    def get_readonly_fields(self, request, obj=None):
        return ("survey",) if obj is not None else ()

    def has_view_permission(self, request, obj=None) -> bool:
        return _manages(request, obj.survey if obj else None)

    def has_add_permission(self, request) -> bool:
        return False  # questions are added on their survey's page

    def has_change_permission(self, request, obj=None) -> bool:
        return _manages(request, obj.survey if obj else None) and not (
            obj is not None and obj.survey.is_locked
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)


@admin.register(Response)
class ResponseAdmin(EditorsAdmin):
    """Responses, to follow who answered (read-only: answers change through the link)."""

    list_display = ("city", "survey", "status", "updated_at", "submitted_at")
    list_filter = ("survey", "status")
    search_fields = ("city__name",)
    fields = ("survey", "city", "status", "created_at", "updated_at", "submitted_at")
    readonly_fields = fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("survey__network", "city")
        if is_admin(request.user):
            return queryset
        return queryset.filter(survey__network__in=networks_managed_by(request.user))

    def has_view_permission(self, request, obj=None) -> bool:
        return _manages(request, obj.survey if obj else None)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
