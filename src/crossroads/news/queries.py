"""Reads for news lists and story pages."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from crossroads.content.queries import actors_prefetch, translation_prefetch, with_card_data
from crossroads.events.models import Event
from crossroads.news.models import NewsType, Story


def story_list(*, news_type: str = "") -> QuerySet:
    stories = Story.objects.published()
    if news_type in NewsType.values:
        stories = stories.filter(news_type=news_type)
    return with_card_data(stories).order_by("-published_at", "-pk")


def get_story_for(user, slug: str) -> Story:
    """The story page's story (staff also see unpublished ones to preview them), or 404."""
    events = Event.objects.published().prefetch_related(translation_prefetch())
    queryset = Story.objects.visible_to(user).prefetch_related(
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
