"""Reads for campaigns: the campaign page's campaign, its asks in the reader's language,
and its signatories — read in one query whatever their number, then grouped by region
and country, counted, and placed on the map."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from crossroads.accounts.permissions import items_visible_to
from crossroads.content.queries import active_language, actors_prefetch, translation_prefetch
from crossroads.directory.models import Region
from crossroads.engagement.models import Campaign, CampaignAsk, Signature, SignatureStatus

#: Where signatories without a region are grouped.
NO_REGION = ""


def region_label(region: str) -> str:
    return str(dict(Region.choices).get(region, region)) if region else ""


def get_campaign_for(user, slug: str) -> Campaign:
    """The campaign page's campaign (editors also see unpublished ones), or 404."""
    queryset = items_visible_to(user, Campaign.objects.all()).prefetch_related(
        translation_prefetch(),
        actors_prefetch(),
        "asks",
        "topics",
        "frameworks",
        "framework_objectives__framework",
        "cities",
        "countries",
    )
    return get_object_or_404(queryset, slug=slug)


def asks_of(campaign: Campaign, language: str | None = None) -> list[CampaignAsk]:
    """The asks in ``language`` (default: the active one), else in the campaign's own
    language, else in the first language there are asks in (prefetched ``asks``)."""
    asks = list(campaign.asks.all())
    for wanted in (language or active_language(), campaign.language):
        chosen = [ask for ask in asks if ask.language == wanted]
        if chosen:
            return sorted(chosen, key=lambda ask: (ask.order, ask.pk))
    if not asks:
        return []
    first = min(ask.language for ask in asks)
    return sorted((a for a in asks if a.language == first), key=lambda a: (a.order, a.pk))


def public_campaigns() -> QuerySet:
    """Published campaigns with their count of confirmed signatures, newest first."""
    confirmed = Count("signatures", filter=Q(signatures__status=SignatureStatus.CONFIRMED))
    return (
        Campaign.objects.published()
        .annotate(signatory_count=confirmed)
        .order_by("-published_at", "-pk")
    )


def signatory_count(campaign: Campaign) -> int:
    return Signature.objects.filter(campaign=campaign, status=SignatureStatus.CONFIRMED).count()


@dataclass(frozen=True)
class Signatory:
    """A confirmed signature as the public sees it: who, where, when (never who signed
    for it, nor their address)."""

    kind: str  # "city" or "organisation"
    name: str
    slug: str
    country_code: str
    country: str
    region: str
    latitude: float | None
    longitude: float | None
    signed_on: dt.date

    @property
    def region_label(self) -> str:
        return region_label(self.region)


_COLUMNS = (
    "city_id",
    "city__name",
    "city__slug",
    "city__country_id",
    "city__country__name",
    "city__region",
    "city__country__region",
    "city__latitude",
    "city__longitude",
    "organisation__name",
    "organisation__slug",
    "organisation__country_id",
    "organisation__country__name",
    "organisation__country__region",
    "confirmed_at",
)


def confirmed_signatures(campaign: Campaign) -> QuerySet:
    return Signature.objects.filter(campaign=campaign, status=SignatureStatus.CONFIRMED)


def signatory_rows(queryset: QuerySet) -> QuerySet:
    """``queryset`` of signatures as the rows ``to_signatory`` reads."""
    return queryset.values_list(*_COLUMNS)


def to_signatory(row: tuple) -> Signatory:
    city, c_name, c_slug, c_code, c_country, c_region, cc_region, lat, lon = row[:9]
    o_name, o_slug, o_code, o_country, o_region, confirmed_at = row[9:]
    signed_on = confirmed_at.date() if confirmed_at else dt.date.min
    if city is not None:
        region = c_region or cc_region or NO_REGION
        return Signatory(
            "city", c_name, c_slug, c_code or "", c_country or "", region,
            float(lat), float(lon), signed_on,
        )  # fmt: skip
    return Signatory(
        "organisation", o_name, o_slug, o_code or "", o_country or "", o_region or NO_REGION,
        None, None, signed_on,
    )  # fmt: skip


def signatories(campaign: Campaign) -> list[Signatory]:
    """The confirmed signatories, by name, in one query."""
    found = [to_signatory(row) for row in signatory_rows(confirmed_signatures(campaign))]
    found.sort(key=lambda s: (s.name.casefold(), s.slug))
    return found


@dataclass
class CountryGroup:
    code: str
    name: str
    signatories: list[Signatory] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.signatories)


@dataclass
class RegionGroup:
    region: str
    label: str
    countries: list[CountryGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(country.count for country in self.countries)


def grouped(found: list[Signatory]) -> list[RegionGroup]:
    """Signatories by region (in the order of ``Region``, those without one last), then
    by country name, each with its count."""
    by_region: dict[str, dict[str, CountryGroup]] = defaultdict(dict)
    for signatory in found:
        countries = by_region[signatory.region]
        group = countries.get(signatory.country_code)
        if group is None:
            group = countries[signatory.country_code] = CountryGroup(
                signatory.country_code, signatory.country
            )
        group.signatories.append(signatory)
    order = {value: index for index, value in enumerate(Region.values)}
    regions = []
    for region in sorted(by_region, key=lambda r: order.get(r, len(order))):
        label = region_label(region)
        countries = sorted(by_region[region].values(), key=lambda c: (c.name.casefold(), c.code))
        regions.append(RegionGroup(region, label, countries))
    return regions
