"""The demo's pledges (``data/pledges.json``): sixty pledges made at the Global Refugee
Forum 2023 and the 14th GFMD summit by cities (some jointly, some with a network) and by
organisations offering support, each with its dated updates; a need's
``matched_offers`` are matches both sides confirmed.

A pledge's progress is that of its latest update naming one (the updates follow the
allowed transitions, which the loader checks), else planning.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from crossroads.demo.items import save_item
from crossroads.demo.loader import Loader, keep_only, upsert
from crossroads.directory.models import Network
from crossroads.engagement.models import Pledge, PledgeMatch, Pledger, PledgeUpdate, Progress
from crossroads.engagement.pledges.services import check_transition

_CONFIRMED_AT = dt.time(12, 0, tzinfo=dt.UTC)


def load_pledges(loader: Loader) -> None:
    records = loader.read("pledges.json", "slug")
    pledges = {}
    for data in records:
        with loader.record("pledges.json", data.get("slug")):
            pledges[data["slug"]] = _pledge(loader, data)
    for data in records:
        with loader.record("pledges.json", data.get("slug")):
            need = pledges[data["slug"]]
            kept = []
            for slug in data["matched_offers"]:
                offer = loader.get(pledges, slug, "pledge")
                moment = dt.datetime.combine(
                    max(offer.published_at, need.published_at).date() + dt.timedelta(days=60),
                    _CONFIRMED_AT,
                )
                kept.append(
                    upsert(
                        PledgeMatch,
                        offer=offer,
                        need=need,
                        defaults={"confirmed_by_offer_at": moment, "confirmed_by_need_at": moment},
                    )
                )
            keep_only(PledgeMatch.objects.filter(need=need), kept)


def _pledge(loader: Loader, data: dict) -> Pledge:
    updates = sorted(data["updates"], key=lambda u: u["date"])
    progress, changed = Progress.PLANNING, None
    for update in updates:
        if update["progress"]:
            check_transition(progress, update["progress"])
            progress, changed = update["progress"], dt.date.fromisoformat(update["date"])
    budget = data["budget"]
    pledge = save_item(
        loader,
        Pledge,
        data,
        "objectives",
        pledge_type=data["pledge_type"],
        published_at=loader.calendar.published_at(data["published_at"]),
        forum=loader.event(data["forum"]),
        starts_on=loader.calendar.start(data["starts"]),
        ends_on=loader.calendar.end(data["ends"]),
        budget=None if budget is None else Decimal(budget),
        currency=data["currency"],
        progress=progress,
        progress_changed_on=changed,
    )
    pledgers = []
    for order, ref in enumerate(data["pledgers"]):
        entity = {
            "city": loader.city(ref.get("city")),
            "organisation": loader.organisation(ref.get("organisation")),
            "network": Network.objects.get(slug=ref["network"]) if ref.get("network") else None,
        }
        pledgers.append(upsert(Pledger, pledge=pledge, order=order, defaults=entity))
    keep_only(pledge.pledgers.all(), pledgers)
    kept = [
        upsert(
            PledgeUpdate,
            pledge=pledge,
            date=dt.date.fromisoformat(update["date"]),
            text=update["text"],
            defaults={
                "progress": update["progress"],
                "evidence_resource": loader.resources.get(update.get("evidence_resource") or ""),
            },
        )
        for update in updates
    ]
    keep_only(pledge.updates.all(), kept)
    return pledge
