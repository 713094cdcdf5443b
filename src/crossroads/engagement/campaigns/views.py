"""Campaign pages: the list, a campaign with its signatories and map, signing (the form,
"check your mail", confirming the address, the signatory's own page) and the CSV."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from crossroads.content import ratelimit
from crossroads.content.spreadsheets import neutralised
from crossroads.engagement.campaigns import queries, services, tokens
from crossroads.engagement.campaigns.forms import SignatureForm
from crossroads.engagement.campaigns.map import signatory_map
from crossroads.engagement.models import Campaign
from crossroads.search.criteria import FACETS
from crossroads.search.views import results_page

CAMPAIGN_FACETS = tuple(facet for facet in FACETS if facet not in {"kind", "attendance"})


def campaign_list(request):
    """Published campaigns, newest first, with every search criterion."""
    return results_page(
        request, title=_("Campaigns"), fixed={"kind": ("campaign",)}, facets=CAMPAIGN_FACETS
    )


def _signatories_context(campaign: Campaign) -> dict:
    """The count always; who signed, by region and country, and the map when public."""
    if not campaign.signatories_public:
        return {"signatory_count": queries.signatory_count(campaign)}
    found = queries.signatories(campaign)
    return {
        "signatory_count": len(found),
        "regions": queries.grouped(found),
        "map": signatory_map(found),
        "city_count": len({s.slug for s in found if s.kind == "city"}),
    }


def _page(request, campaign: Campaign, form: SignatureForm | None, status: int = 200):
    open_now = services.takes_signatures(campaign)
    if open_now and form is None:
        form = SignatureForm()
    return render(
        request,
        "engagement/campaigns/detail.html",
        {
            "campaign": campaign,
            "item": campaign,
            "asks": queries.asks_of(campaign),
            "open_now": open_now,
            "not_yet": campaign.opens_on > timezone.localdate(),
            "form": form if open_now else None,
            "manages": services.can_manage_signatures(request.user, campaign),
            **_signatories_context(campaign),
        },
        status=status,
    )


def campaign_detail(request, slug: str):
    return _page(request, queries.get_campaign_for(request.user, slug), None)


def _public_campaign(slug: str) -> Campaign:
    return get_object_or_404(Campaign.objects.published(), slug=slug)


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit.limited("campaign-sign-address")
def sign(request, slug: str):
    """The form's target: a post signs (rate limited per address and per email), a get
    goes back to the campaign's page, where the form is."""
    if request.method != "POST":
        return redirect("campaigns:detail", slug=slug)
    campaign = queries.get_campaign_for(request.user, slug)
    if not services.takes_signatures(campaign):
        return _page(request, campaign, None, status=400)
    form = SignatureForm(request.POST)
    if not form.is_valid():
        return _page(request, campaign, form, status=400)
    details = form.details()
    ratelimit.enforce("campaign-sign-email", details.email)
    try:
        services.sign(campaign=campaign, details=details)
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, campaign, form, status=409 if _signed(error) else 400)
    return redirect("campaigns:sign-sent", slug=campaign.slug)


def _signed(error: ValidationError) -> bool:
    return isinstance(error, services.AlreadySigned)


def sign_sent(request, slug: str):
    """ "Check your mail": the same whether the signature is new or was sent again."""
    return render(
        request, "engagement/campaigns/sign_sent.html", {"campaign": _public_campaign(slug)}
    )


def _by_token(request, token: str, purpose: str):
    """The signature a link names, or a page saying the link does not work (404)."""
    try:
        return services.get_signature_by_token(token, purpose), None
    except tokens.BadToken:
        page = render(
            request,
            "engagement/campaigns/bad_link.html",
            {"confirming": purpose == tokens.CONFIRM},
            status=404,
        )
        return None, page


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token: str):
    """The link of the first mail shows a button; pressing it confirms the address (a
    mail server opening links to scan them confirms nothing, as for accounts)."""
    signature, refused = _by_token(request, token, tokens.CONFIRM)
    if refused:
        return refused
    context = {"signature": signature, "campaign": signature.campaign}
    if request.method != "POST":
        return render(request, "engagement/campaigns/confirm.html", context)
    try:
        signature = services.confirm_email(signature=signature)
    except ValidationError as error:
        context["error"] = " ".join(error.messages)
        return render(
            request,
            "engagement/campaigns/confirm.html",
            context,
            status=409 if _signed(error) else 400,
        )
    if signature.status == services.Status.CONFIRMED:
        messages.success(request, _("Thank you: your signature is confirmed and counted."))
    elif signature.status == services.Status.PENDING_APPROVAL:
        messages.success(
            request, _("Your address is confirmed. The secretariat approves each signature.")
        )
    return redirect(services.manage_url(signature))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signature(request, token: str):
    """A signatory's own signature, opened from their mail: its status, and withdrawing it."""
    signature, refused = _by_token(request, token, tokens.MANAGE)
    if refused:
        return refused
    if request.method == "POST":
        if request.POST.get("action") != "withdraw":
            return render(request, "400.html", status=400)
        services.withdraw(signature=signature)
        messages.success(request, _("Your signature is withdrawn."))
        return redirect(request.path)
    return render(
        request,
        "engagement/campaigns/signature.html",
        {"signature": signature, "campaign": signature.campaign},
    )


@require_GET
def signatories_csv(request, slug: str):
    """The confirmed signatories' public facts: who, kind, country, region, date signed.
    Never an email address, nor the person who signed. 404 when signatories are not
    public."""
    campaign = _public_campaign(slug)
    if not campaign.signatories_public:
        raise Http404
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Signatory"), _("Kind"), _("Country"), _("Region"), _("Signed on")])
    for entry in queries.signatories(campaign):
        kind = _("City") if entry.kind == "city" else _("Organisation")
        row = [entry.name, kind, entry.country, entry.region_label, entry.signed_on.isoformat()]
        writer.writerow([neutralised(value) for value in row])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{campaign.slug}-signatories.csv"'
    return response
