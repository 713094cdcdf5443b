"""Reads for the resource library."""

from django.db.models import Case, Prefetch, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from crossroads.accounts.permissions import items_visible_to
from crossroads.content.queries import (
    active_language,
    actors_prefetch,
    translation_prefetch,
    with_card_data,
)
from crossroads.events.models import Event, EventDocument
from crossroads.library.models import Resource, ResourceVersion


def versions_prefetch(prefix: str = "") -> Prefetch:
    """A resource's language versions, the reader's language first, then by language."""
    first = Case(When(language=active_language(), then=Value(0)), default=Value(1))
    versions = ResourceVersion.objects.order_by(first, "language", "pk")
    return Prefetch(f"{prefix}versions", queryset=versions)


def featured_resources(*, limit: int = 4) -> QuerySet:
    featured = Resource.objects.published().filter(featured=True)
    return with_card_data(featured).order_by("-published_at", "-pk")[:limit]


def get_resource_for(user, slug: str) -> Resource:
    """The resource page's resource (staff also see unpublished ones), or 404."""
    links = (
        EventDocument.objects.filter(event__in=Event.objects.published())
        .select_related("event")
        .prefetch_related(translation_prefetch("event__"))
    )
    queryset = items_visible_to(user, Resource.objects.all()).prefetch_related(
        translation_prefetch(),
        actors_prefetch(),
        versions_prefetch(),
        "topics",
        "frameworks",
        "framework_objectives__framework",
        "cities",
        "countries",
        Prefetch("event_links", queryset=links),
    )
    return get_object_or_404(queryset, slug=slug)
