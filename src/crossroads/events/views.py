"""Event lists and event pages."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from crossroads.events import queries
from crossroads.search.criteria import FACETS
from crossroads.search.related import related_items
from crossroads.search.views import results_page

EVENT_FACETS = tuple(facet for facet in FACETS if facet not in {"kind", "language"})


def event_list(request):
    """Upcoming events by default, ``?when=past`` for the archive, with every search
    criterion; other values of ``when`` are ignored."""
    past = request.GET.get("when") == "past"
    return results_page(
        request,
        title=_("Past events") if past else _("Upcoming events"),
        template="events/list.html",
        fixed={"kind": ("event",)},
        default_when="upcoming",
        facets=EVENT_FACETS,
        extra={"past": past},
    )


def event_detail(request, slug):
    event = queries.get_event_for(request.user, slug)
    documents = list(event.documents.all())
    sub_events = list(queries.sub_events(event))
    stories = list(queries.stories_about(event))
    more_events = queries.more_events(event)
    shown = [entry.pk for entry in [*sub_events, *stories, *more_events]]
    shown += [document.resource_id for document in documents]
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "item": event,
            "parent": event.parent if event.parent and event.parent.is_public else None,
            "program": queries.program_days(list(event.sessions.all())),
            "documents": documents,
            "sub_events": sub_events,
            "stories": stories,
            "more_events": more_events,
            "related": related_items(event, exclude=shown),
        },
    )
