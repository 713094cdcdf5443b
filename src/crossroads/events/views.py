"""Event lists and event pages."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from crossroads.content.queries import paginate, related_items
from crossroads.events import queries


def event_list(request):
    """Upcoming events by default; ``?when=past`` for the archive. Other values are ignored."""
    past = request.GET.get("when") == "past"
    events = queries.past_events() if past else queries.upcoming_events()
    return render(
        request,
        "events/list.html",
        {
            "page": paginate(request, events),
            "past": past,
            "title": _("Past events") if past else _("Upcoming events"),
        },
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
