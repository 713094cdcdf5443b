"""What the index knows of an item: its dates, its normalised terms and its facet values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from crossroads.content.models import Item, ItemActor, Kind
from crossroads.events.models import Session
from crossroads.search.text import index_terms


@dataclass
class Document:
    item_id: int
    kind: str
    start_date: dt.date
    end_date: dt.date
    published_at: dt.datetime
    terms: list[str] = field(default_factory=list)
    facets: set[tuple[str, str]] = field(default_factory=set)


def indexable_items(ids: Iterable[int] | None = None) -> QuerySet:
    """Published items (scheduled ones included: searches hide them until their date),
    with everything ``document`` reads fetched in a fixed number of queries."""
    items = Item.objects.filter(status="published", published_at__isnull=False)
    if ids is not None:
        items = items.filter(pk__in=list(ids))
    return items.select_related(
        "event__city__country", "event__parent", "story", "resource"
    ).prefetch_related(
        "translations",
        Prefetch("actors", queryset=ItemActor.objects.select_related("organisation")),
        "topics",
        "frameworks",
        "cities__country",
        "countries",
        "resource__versions",
        "story__events",
        Prefetch("event__sessions", queryset=Session.objects.only("event_id", "title")),
    )


def document(item: Item) -> Document:
    """The index's view of one item fetched by ``indexable_items``."""
    specific = item.specific
    published_day = item.published_at.date()
    start, end = published_day, published_day
    if item.kind == Kind.EVENT:
        start, end = specific.start_date, specific.end_date
    doc = Document(
        item_id=item.pk,
        kind=item.kind,
        start_date=start,
        end_date=end,
        published_at=item.published_at,
    )
    add = doc.facets.add

    def text(value: str, language: str = item.language) -> None:
        if value:
            doc.terms.extend(index_terms(value, language))

    for part in (item.title, item.summary, item.body):
        text(part)
    languages = {item.language}
    for translation in item.translations.all():
        languages.add(translation.language)
        for part in (translation.title, translation.summary, translation.body):
            text(part, translation.language)

    add(("kind", item.kind))
    for year in range(start.year, end.year + 1):
        add(("year", str(year)))
    for topic in item.topics.all():
        add(("topic", topic.slug))
        text(topic.name)
    for framework in item.frameworks.all():
        add(("framework", framework.code))
        text(f"{framework.code} {framework.short_name}")
    for actor in item.actors.all():
        organisation = actor.organisation
        add(("organisation", organisation.slug))
        add(("actor", f"{organisation.slug}/{actor.role}"))
        text(f"{organisation.name} {organisation.acronym}")

    cities = list(item.cities.all())
    countries = list(item.countries.all())
    if item.kind == Kind.EVENT:
        add(("type", specific.event_type))
        add(("attendance", specific.attendance_mode))
        if specific.city_id:
            cities.append(specific.city)
        text(specific.venue)
        text(specific.objectives)
        for session in specific.sessions.all():
            text(session.title)
        if specific.parent_id:
            add(("parent", str(specific.parent_id)))
        add(("parent", str(item.pk)))
    elif item.kind == Kind.STORY:
        add(("type", specific.news_type))
        for event in specific.events.all():
            add(("parent", str(event.pk)))
    elif item.kind == Kind.RESOURCE:
        add(("type", specific.resource_type))
        languages.update(version.language for version in specific.versions.all())

    for city in cities:
        add(("city", city.slug))
        add(("country", city.country_id))
        if city.region:
            add(("region", city.region))
        text(city.name)
        countries.append(city.country)
    for country in countries:
        add(("country", country.code))
        if country.region:
            add(("region", country.region))
        text(country.name)
    for language in languages:
        add(("language", language))
    return doc
