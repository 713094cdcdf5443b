"""The resource library: lists and resource pages."""

from django.conf import settings
from django.shortcuts import render

from crossroads.content.queries import paginate, related_items
from crossroads.library import queries
from crossroads.library.models import ResourceType


def resource_list(request):
    """Resources, newest first; ``?type=`` and ``?language=`` narrow it (unknown values ignored)."""
    languages = dict(settings.LANGUAGES)
    resource_type = request.GET.get("type", "")
    resource_type = resource_type if resource_type in ResourceType.values else ""
    language = request.GET.get("language", "")
    language = language if language in languages else ""
    return render(
        request,
        "library/list.html",
        {
            "page": paginate(
                request, queries.resource_list(resource_type=resource_type, language=language)
            ),
            "resource_types": ResourceType.choices,
            "resource_type": resource_type,
            "languages": settings.LANGUAGES,
            "language": language,
        },
    )


def resource_detail(request, slug):
    resource = queries.get_resource_for(request.user, slug)
    return render(
        request,
        "library/detail.html",
        {"resource": resource, "item": resource, "related": related_items(resource)},
    )
