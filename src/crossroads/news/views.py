"""News lists and story pages."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from crossroads.news import queries
from crossroads.search.criteria import FACETS
from crossroads.search.related import related_items
from crossroads.search.views import results_page

STORY_FACETS = tuple(facet for facet in FACETS if facet not in {"kind", "attendance"})


def story_list(request):
    """All news, newest first, with every search criterion (``?type=press_release``…)."""
    return results_page(request, title=_("News"), fixed={"kind": ("story",)}, facets=STORY_FACETS)


def story_detail(request, slug):
    story = queries.get_story_for(request.user, slug)
    return render(
        request,
        "news/detail.html",
        {
            "story": story,
            "item": story,
            "related": related_items(story, exclude=[event.pk for event in story.events.all()]),
        },
    )
