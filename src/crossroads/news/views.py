"""News lists and story pages."""

from django.shortcuts import render

from crossroads.content.queries import paginate, related_items
from crossroads.news import queries
from crossroads.news.models import NewsType


def story_list(request):
    """All news, newest first; ``?type=`` narrows to one news type (unknown types are ignored)."""
    news_type = request.GET.get("type", "")
    return render(
        request,
        "news/list.html",
        {
            "page": paginate(request, queries.story_list(news_type=news_type)),
            "news_types": NewsType.choices,
            "news_type": news_type if news_type in NewsType.values else "",
        },
    )


def story_detail(request, slug):
    story = queries.get_story_for(request.user, slug)
    return render(
        request,
        "news/detail.html",
        {"story": story, "item": story, "related": related_items(story)},
    )
