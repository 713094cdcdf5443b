"""Reads for news lists and story pages."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from crossroads.accounts.permissions import items_visible_to
from crossroads.content.queries import actors_prefetch, translation_prefetch, with_card_data
from crossroads.events.models import Event
from crossroads.news.models import Story


def latest_stories(*, limit: int = 5) -> QuerySet:
    return with_card_data(Story.objects.published()).order_by("-published_at", "-pk")[:limit]


def get_story_for(user, slug: str) -> Story:
    """The story page's story (staff also see unpublished ones to preview them), or 404."""
    events = Event.objects.published().prefetch_related(translation_prefetch())
    queryset = items_visible_to(user, Story.objects.all()).prefetch_related(
        translation_prefetch(),
        actors_prefetch(),
        "topics",
        "frameworks",
        "framework_objectives__framework",
        "cities",
        "countries",
        Prefetch("events", queryset=events),
    )
    return get_object_or_404(queryset, slug=slug)
