"""What the index knows of an item: its dates, its normalised terms and its facet values.

``documents`` reads a batch of items as plain rows, one query per table whatever the
batch's size, and builds no model instances: indexing a million items is mostly this.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from crossroads.content.models import Item, ItemActor, ItemTranslation, Kind
from crossroads.directory.models import City, Country
from crossroads.engagement.models import Campaign, CampaignAsk, Pledge, PledgeUpdate
from crossroads.events.models import Event, Session
from crossroads.library.models import Resource, ResourceVersion
from crossroads.news.models import Story
from crossroads.search.text import index_terms


@dataclass
class Document:
    item_id: int
    kind: str
    start_date: dt.date
    end_date: dt.date
    published_at: dt.datetime
    language: str
    terms: list[str] = field(default_factory=list)
    facets: set[tuple[str, str]] = field(default_factory=set)

    def text(self, value: str, language: str = "") -> None:
        if value:
            self.terms.extend(index_terms(value, language or self.language))


def _among(field: str, ids: list[int]) -> dict:
    """The lookup of ``field`` among ``ids``: a range when they are nearly contiguous, as
    a rebuild's batches are (a list of hundreds of ids costs more to send and plan than
    the rows it finds), else the list. Rows of ids in the range but not in ``ids`` come
    too: only the rows of ``ids`` are looked up afterwards."""
    if ids and (high := max(ids)) - (low := min(ids)) < 2 * len(ids):
        return {f"{field}__gte": low, f"{field}__lte": high}
    return {f"{field}__in": ids}


def _grouped(rows: Iterable[tuple]) -> dict[int, list[tuple]]:
    """Rows whose first column is an item id, by item."""
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for pk, *rest in rows:
        grouped[pk].append(tuple(rest))
    return grouped


def documents(ids: Iterable[int]) -> list[Document]:
    """The documents of the published items among ``ids`` (scheduled ones included:
    searches hide them until their date), in a fixed number of queries. Rows come in a
    set order, so an item's terms are the same however it is batched."""
    wanted = set(ids)
    rows = Item.objects.filter(
        **_among("pk", list(wanted)), status="published", published_at__isnull=False
    ).values_list("pk", "kind", "title", "summary", "body", "language", "published_at")
    items = [row for row in rows if row[0] in wanted]
    pks = [row[0] for row in items]
    events = {
        row[0]: row[1:]
        for row in Event.objects.filter(**_among("pk", pks)).values_list(
            "pk",
            "start_date",
            "end_date",
            "event_type",
            "attendance_mode",
            "city_id",
            "venue",
            "objectives",
            "parent_id",
        )
    }
    types = dict(Story.objects.filter(**_among("pk", pks)).values_list("pk", "news_type"))
    types.update(Resource.objects.filter(**_among("pk", pks)).values_list("pk", "resource_type"))
    types.update(Campaign.objects.filter(**_among("pk", pks)).values_list("pk", "campaign_type"))
    pledges = {
        pk: (pledge_type, progress)
        for pk, pledge_type, progress in Pledge.objects.filter(**_among("pk", pks)).values_list(
            "pk", "pledge_type", "progress"
        )
    }
    types.update({pk: pledge_type for pk, (pledge_type, _) in pledges.items()})
    pledge_updates = _grouped(
        PledgeUpdate.objects.filter(**_among("pledge", pks))
        .order_by("pk")
        .values_list("pledge_id", "text")
    )
    translations = _grouped(
        ItemTranslation.objects.filter(**_among("item", pks))
        .order_by("pk")
        .values_list("item_id", "language", "title", "summary", "body")
    )
    actors = _grouped(
        ItemActor.objects.filter(**_among("item", pks))
        .order_by("pk")
        .values_list(
            "item_id",
            "role",
            "organisation__slug",
            "organisation__name",
            "organisation__acronym",
        )
    )
    topics = _grouped(
        Item.topics.through.objects.filter(**_among("item", pks))
        .order_by("pk")
        .values_list("item_id", "topic__slug", "topic__name")
    )
    frameworks = _grouped(
        Item.frameworks.through.objects.filter(**_among("item", pks))
        .order_by("pk")
        .values_list("item_id", "framework__code", "framework__short_name")
    )
    city_links = _grouped(
        Item.cities.through.objects.filter(**_among("item", pks))
        .order_by("pk")
        .values_list("item_id", "city_id")
    )
    country_links = _grouped(
        Item.countries.through.objects.filter(**_among("item", pks))
        .order_by("pk")
        .values_list("item_id", "country_id")
    )
    versions = _grouped(
        ResourceVersion.objects.filter(**_among("resource", pks))
        .order_by("pk")
        .values_list("resource_id", "language")
    )
    story_events = _grouped(
        Story.events.through.objects.filter(**_among("story", pks))
        .order_by("pk")
        .values_list("story_id", "event_id")
    )
    sessions = _grouped(
        Session.objects.filter(**_among("event", pks)).values_list("event_id", "title")
    )
    asks = _grouped(
        CampaignAsk.objects.filter(**_among("campaign", pks))
        .order_by("pk")
        .values_list("campaign_id", "language", "text")
    )
    city_ids = {city for links in city_links.values() for (city,) in links}
    city_ids |= {event[4] for event in events.values() if event[4]}
    cities = {
        row[0]: row[1:]
        for row in City.objects.filter(pk__in=city_ids).values_list(
            "pk", "slug", "name", "country_id", "region"
        )
    }
    countries = {row[0]: row[1:] for row in Country.objects.values_list("code", "name", "region")}

    found = []
    for pk, kind, title, summary, body, language, published_at in items:
        day = published_at.date()
        event = events.get(pk)
        start, end = (event[0], event[1]) if event else (day, day)
        doc = Document(pk, kind, start, end, published_at, language)
        for part in (title, summary, body):
            doc.text(part)
        languages = {language}
        for other, *parts in translations.get(pk, ()):
            languages.add(other)
            for part in parts:
                doc.text(part, other)
        _describe(doc, event, types.get(pk, ""))
        for slug, name in topics.get(pk, ()):
            doc.facets.add(("topic", slug))
            doc.text(name)
        for code, short_name in frameworks.get(pk, ()):
            doc.facets.add(("framework", code))
            doc.text(f"{code} {short_name}")
        for role, slug, name, acronym in actors.get(pk, ()):
            doc.facets.add(("organisation", slug))
            doc.facets.add(("actor", f"{slug}/{role}"))
            doc.text(f"{name} {acronym}")
        if kind == Kind.EVENT:
            for (session,) in sessions.get(pk, ()):
                doc.text(session)
        for ask_language, ask in asks.get(pk, ()):
            doc.text(ask, ask_language)
        if pk in pledges:
            doc.facets.add(("status", pledges[pk][1]))
            for (update,) in pledge_updates.get(pk, ()):
                doc.text(update)
        for (event_id,) in story_events.get(pk, ()):
            doc.facets.add(("parent", str(event_id)))
        languages.update(version for (version,) in versions.get(pk, ()))
        place_ids = [city for (city,) in city_links.get(pk, ())]
        if event and event[4]:
            place_ids.append(event[4])
        codes = [code for (code,) in country_links.get(pk, ())]
        for slug, name, code, region in (cities[city] for city in place_ids):
            doc.facets.add(("city", slug))
            if region:
                doc.facets.add(("region", region))
            doc.text(name)
            codes.append(code)
        for code in codes:
            name, region = countries[code]
            doc.facets.add(("country", code))
            if region:
                doc.facets.add(("region", region))
            doc.text(name)
        for other in languages:
            doc.facets.add(("language", other))
        found.append(doc)
    return found


def _describe(doc: Document, event: tuple | None, item_type: str) -> None:
    """The facets every item has (kind, years, type) and an event's own."""
    doc.facets.add(("kind", doc.kind))
    for year in range(doc.start_date.year, doc.end_date.year + 1):
        doc.facets.add(("year", str(year)))
    if event is None:
        if item_type:
            doc.facets.add(("type", item_type))
        return
    _, _, event_type, attendance, _, venue, objectives, parent = event
    doc.facets.add(("type", event_type))
    doc.facets.add(("attendance", attendance))
    doc.text(venue)
    doc.text(objectives)
    if parent:
        doc.facets.add(("parent", str(parent)))
    doc.facets.add(("parent", str(doc.item_id)))
