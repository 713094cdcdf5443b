"""Human names of facet values: choices, and one query for the values naming rows."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.db.models import CharField, Value
from django.utils.translation import get_language

from crossroads.content.models import ActorRole, Kind
from crossroads.directory.models import City, Country, Organisation, Region
from crossroads.engagement.models import CampaignType, PledgeType, Progress
from crossroads.events.models import AttendanceMode, EventType
from crossroads.library.models import ResourceType
from crossroads.news.models import NewsType
from crossroads.taxonomy.models import Framework, Topic

CHOICES = {
    "kind": dict(Kind.choices),
    "type": {
        **dict(EventType.choices),
        **dict(NewsType.choices),
        **dict(ResourceType.choices),
        **dict(CampaignType.choices),
        **dict(PledgeType.choices),
    },
    "status": dict(Progress.choices),
    "region": dict(Region.choices),
    "attendance": dict(AttendanceMode.choices),
    "language": dict(settings.LANGUAGES),
    "role": dict(ActorRole.choices),
}


@cache
def _choice_names(language: str) -> dict[str, dict[str, str]]:
    """``CHOICES`` with their labels in ``language``, the active one (a page names dozens
    of values, and a lazy label looks its translation up each time it is shown)."""
    return {
        facet: {value: str(name) for value, name in names.items()}
        for facet, names in CHOICES.items()
    }


#: Facets whose values name rows: the model, the column holding the value, the columns
#: of its name (and an acronym shown after it).
NAMED = {
    "topic": (Topic, "slug", "name", None),
    "framework": (Framework, "code", "short_name", None),
    "country": (Country, "code", "name", None),
    "city": (City, "slug", "name", None),
    "organisation": (Organisation, "slug", "name", "acronym"),
}


def _named(values_by_facet: dict[str, set[str]]) -> dict[tuple[str, str], str]:
    """The names of the values naming rows, in one query."""
    text = CharField()
    parts = [
        model.objects.filter(**{f"{key}__in": values_by_facet[facet]})
        .order_by()
        .values_list(
            Value(facet, output_field=text), key, name, acronym or Value("", output_field=text)
        )
        for facet, (model, key, name, acronym) in NAMED.items()
        if values_by_facet.get(facet)
    ]
    if not parts:
        return {}
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return {
        (facet, value): f"{name} ({acronym})" if acronym else name
        for facet, value, name, acronym in rows
    }


def labels(
    values_by_facet: dict[str, set[str]],
    *,
    known: dict[tuple[str, str], str | None] | None = None,
    lasting: Callable[[str, str], bool] = lambda facet, value: False,
) -> dict[tuple[str, str], str]:
    """``{(facet, value): label}``; a value with no name is shown as it is.

    Names are taken from ``known`` when there; those read now for which ``lasting(facet,
    value)`` holds are added to it (the search index keeps them until it changes)."""
    known = {} if known is None else known
    missing = {
        facet: {value for value in values if (facet, value) not in known}
        for facet, values in values_by_facet.items()
        if facet in NAMED
    }
    named = {**known, **_named(missing)}
    for facet, values in missing.items():
        known.update(
            {(facet, value): named.get((facet, value)) for value in values if lasting(facet, value)}
        )
    choices = _choice_names(get_language())
    return {
        (facet, value): str(named.get((facet, value)) or choices.get(facet, {}).get(value, value))
        for facet, values in values_by_facet.items()
        for value in values
    }
