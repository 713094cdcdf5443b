"""Campaigns: the published ones with their counts, one in detail with its asks, and its
confirmed signatories (when public) — never who signed for them, nor an address."""

from __future__ import annotations

from django.http import Http404
from ninja import Query, Router

from crossroads.api import items, payloads, schemas
from crossroads.api.auth import caller
from crossroads.api.items import DETAIL_ERRORS, READ_ERRORS, Slug
from crossroads.api.paging import slice_of
from crossroads.content.models import Kind
from crossroads.engagement.campaigns import queries
from crossroads.engagement.models import Campaign

router = Router()


@router.get(
    "/campaigns/",
    response={200: schemas.CampaignList, **READ_ERRORS},
    url_name="campaigns",
    tags=["campaigns"],
    summary="Published campaigns with their count of signatories",
)
def campaign_list(request, params: Query[schemas.ListParams]):
    caller(request)  # a token, when given, must be valid
    queryset = queries.public_campaigns()
    rows, after = slice_of(request, queryset, params.cursor, params.limit)
    return {
        "count": queryset.count(),
        "next": after,
        "results": [payloads.campaign_summary(request, campaign) for campaign in rows],
    }


@router.get(
    "/campaigns/{slug}",
    response={200: schemas.Campaign, **DETAIL_ERRORS},
    url_name="campaign",
    tags=["campaigns"],
    summary="A campaign: its statement, asks, period and count of signatories",
)
def campaign_detail(request, slug: str = Slug):
    return items.DETAILS[Kind.CAMPAIGN](request, slug)


@router.get(
    "/campaigns/{slug}/signatories",
    response={200: schemas.SignatoryList, **DETAIL_ERRORS},
    url_name="campaign-signatories",
    tags=["campaigns"],
    summary="A campaign's confirmed signatories, in the order they signed",
)
def campaign_signatories(request, params: Query[schemas.ListParams], slug: str = Slug):
    """404 when the campaign keeps its signatories private."""
    caller(request)
    campaign = Campaign.objects.published().filter(slug=slug).first()
    if campaign is None or not campaign.signatories_public:
        raise Http404
    queryset = queries.confirmed_signatures(campaign).order_by("confirmed_at", "pk")
    rows, after = slice_of(request, queries.signatory_rows(queryset), params.cursor, params.limit)
    return {
        "count": queryset.count(),
        "next": after,
        "results": [payloads.signatory(queries.to_signatory(row)) for row in rows],
    }
