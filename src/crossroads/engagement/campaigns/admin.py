"""Campaigns and their signatures in the editors' admin.

A campaign is edited like every item (``ItemAdmin``: its organisations with their roles,
translations, workflow), with its asks inline. Signatures are read-only rows: their
editors approve or decline those awaiting approval by the changelist's actions, which
call ``campaigns.services`` (so the signatory is mailed, exactly as from anywhere else).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from crossroads.accounts.permissions import is_admin, items_editable_by
from crossroads.content.admin import (
    CONTENT_FIELDS,
    PUBLICATION_FIELDSET,
    SOURCE_FIELDSET,
    TAGGING_FIELDSET,
    EditorsAdmin,
    ItemAdmin,
    ItemPartInline,
    may_create_items,
    may_edit_item,
)
from crossroads.engagement.campaigns import services
from crossroads.engagement.models import Campaign, CampaignAsk, Signature

APPROVED = ("%(count)d signature approved.", "%(count)d signatures approved.")
DECLINED = ("%(count)d signature declined.", "%(count)d signatures declined.")


class CampaignAskInline(ItemPartInline, admin.TabularInline):
    """The asks, a list per language: the page shows those in the reader's language."""

    model = CampaignAsk
    fields = ("language", "order", "text")
    extra = 1


@admin.register(Campaign)
class CampaignAdmin(ItemAdmin):
    fieldsets = (
        (_("Content"), {"fields": (*CONTENT_FIELDS, "campaign_type")}),
        (
            _("Signing"),
            {"fields": (("opens_on", "closes_on"), "approval_required", "signatories_public")},
        ),
        TAGGING_FIELDSET,
        SOURCE_FIELDSET,
        PUBLICATION_FIELDSET,
    )
    list_display = ("title", "opens_on", "closes_on", "language", "status", "published_at")
    list_filter = ("status", "approval_required", "language")
    date_hierarchy = "published_at"
    inlines = [CampaignAskInline, *ItemAdmin.inlines]


@admin.register(Signature)
class SignatureAdmin(EditorsAdmin):
    """Signatures of the campaigns the user edits; approve or decline in bulk."""

    list_display = ("signatory", "campaign", "name", "title", "status", "created_at")
    list_filter = ("status", "campaign")
    search_fields = ("city__name", "organisation__name", "name", "email")
    list_select_related = ("campaign", "city", "organisation")
    fields = (
        "campaign",
        "city",
        "organisation",
        "name",
        "title",
        "email",
        "language",
        "status",
        "created_at",
        "consented_at",
        "email_confirmed_at",
        "confirmed_at",
        "decided_at",
        "withdrawn_at",
    )
    readonly_fields = fields
    actions = ["approve", "decline"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("campaign", "city", "organisation")
        if is_admin(request.user):
            return queryset
        campaigns = items_editable_by(request.user, Campaign.objects.all()).values("pk")
        return queryset.filter(campaign__in=campaigns)

    @admin.display(description=gettext_lazy("signatory"))
    def signatory(self, signature: Signature) -> str:
        return str(signature.signatory)

    def has_view_permission(self, request, obj=None) -> bool:
        return may_create_items(request) if obj is None else may_edit_item(request, obj.campaign)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return False  # signatures are made by signing

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_admin(request.user)

    def _decide(self, request, queryset, decide, done: tuple[str, str]) -> None:
        count = 0
        for signature in queryset.select_related("campaign"):
            try:
                decide(signature=signature, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
                messages.error(request, f"{signature.signatory}: {' '.join(reasons)}")
            else:
                count += 1
        if count:
            messages.success(request, ngettext(*done, count) % {"count": count})

    @admin.action(description=gettext_lazy("Approve (the signatory is told by mail)"))
    def approve(self, request, queryset) -> None:
        self._decide(request, queryset, services.approve, APPROVED)

    @admin.action(description=gettext_lazy("Decline (the signatory is told by mail)"))
    def decline(self, request, queryset) -> None:
        self._decide(request, queryset, services.decline, DECLINED)
