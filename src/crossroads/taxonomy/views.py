"""Topic and framework pages, each listing the items tagged with it."""

from django.shortcuts import render

from crossroads.content.queries import paginate
from crossroads.taxonomy import queries


def topic_list(request):
    return render(request, "taxonomy/topic_list.html", {"topics": queries.topic_list()})


def topic_detail(request, slug):
    topic = queries.get_topic(slug)
    return render(
        request,
        "taxonomy/topic_detail.html",
        {"topic": topic, "page": paginate(request, queries.tagged_items(topics=topic))},
    )


def framework_list(request):
    return render(request, "taxonomy/framework_list.html", {"frameworks": queries.framework_list()})


def framework_detail(request, code):
    framework = queries.get_framework(code)
    return render(
        request,
        "taxonomy/framework_detail.html",
        {
            "framework": framework,
            "page": paginate(request, queries.tagged_items(frameworks=framework)),
        },
    )
