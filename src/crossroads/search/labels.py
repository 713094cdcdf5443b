"""Human names of facet values, one query per facet whose values name database rows."""

from __future__ import annotations

from django.conf import settings

from crossroads.content.models import ActorRole, Kind
from crossroads.directory.models import City, Country, Organisation, Region
from crossroads.events.models import AttendanceMode, EventType
from crossroads.library.models import ResourceType
from crossroads.news.models import NewsType
from crossroads.taxonomy.models import Framework, Topic

CHOICES = {
    "kind": dict(Kind.choices),
    "type": {**dict(EventType.choices), **dict(NewsType.choices), **dict(ResourceType.choices)},
    "region": dict(Region.choices),
    "attendance": dict(AttendanceMode.choices),
    "language": dict(settings.LANGUAGES),
    "role": dict(ActorRole.choices),
}


def _rows(facet: str, values: set[str]) -> dict[str, str]:
    if facet == "topic":
        return dict(Topic.objects.filter(slug__in=values).values_list("slug", "name"))
    if facet == "framework":
        return dict(Framework.objects.filter(code__in=values).values_list("code", "short_name"))
    if facet == "country":
        return dict(Country.objects.filter(code__in=values).values_list("code", "name"))
    if facet == "city":
        return dict(City.objects.filter(slug__in=values).values_list("slug", "name"))
    if facet == "organisation":
        return {
            slug: f"{name} ({acronym})" if acronym else name
            for slug, name, acronym in Organisation.objects.filter(slug__in=values).values_list(
                "slug", "name", "acronym"
            )
        }
    return {}


def labels(values_by_facet: dict[str, set[str]]) -> dict[tuple[str, str], str]:
    """``{(facet, value): label}``; a value with no name is shown as it is."""
    found: dict[tuple[str, str], str] = {}
    for facet, values in values_by_facet.items():
        names = {**CHOICES.get(facet, {}), **_rows(facet, values)} if values else {}
        for value in values:
            found[(facet, value)] = str(names.get(value, value))
    return found
