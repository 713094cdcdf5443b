"""The resource library: lists and resource pages."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from crossroads.library import queries
from crossroads.search.criteria import FACETS
from crossroads.search.related import related_items
from crossroads.search.views import results_page

RESOURCE_FACETS = tuple(facet for facet in FACETS if facet not in {"kind", "attendance"})


def resource_list(request):
    """Resources, newest first, with every search criterion (``?type=``, ``?language=``…)."""
    return results_page(
        request, title=_("Resources"), fixed={"kind": ("resource",)}, facets=RESOURCE_FACETS
    )


def resource_detail(request, slug):
    resource = queries.get_resource_for(request.user, slug)
    return render(
        request,
        "library/detail.html",
        {
            "resource": resource,
            "item": resource,
            "related": related_items(
                resource, exclude=[link.event_id for link in resource.event_links.all()]
            ),
        },
    )
