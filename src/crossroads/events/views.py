"""Event lists, event pages, and registering for an event."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crossroads.accounts import permissions
from crossroads.content import ratelimit
from crossroads.events import queries, services, tokens
from crossroads.events.calendars import event_calendar, programme_calendar
from crossroads.events.forms import RegistrationForm, initial_from_profile
from crossroads.events.models import Event
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


def _registration_panel(request, event: Event) -> dict:
    """What the page's registration panel needs: whether registering is open, the places
    left, the viewer's own registration, and whether they may see the online link."""
    mine = queries.viewer_registration(request, event)
    manages = request.user.is_authenticated and permissions.can_manage_registrations(
        request.user, event
    )
    state = services.registration_state(event)
    return {
        "registration_state": state,
        "places_left": services.places_left(event)
        if state == services.RegistrationState.OPEN
        else {},
        "my_registration": mine,
        "my_registration_url": services.manage_url(mine) if mine else "",
        "manages_registrations": manages,
        "show_online_link": bool(event.online_url) and (manages or (mine and mine.holds_place)),
    }


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
            **_registration_panel(request, event),
        },
    )


def event_calendar_file(request, slug):
    """The event and its timed sessions as a calendar file, for anyone who may see the
    page (never with the online link: registered participants get that by mail). Events
    known only to the month or year have none: a page says so."""
    event = queries.get_event_for(request.user, slug)
    calendar = programme_calendar(event)
    if calendar is None:
        return render(request, "events/calendar_unavailable.html", {"event": event}, status=404)
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(event.slug)}.ics"'
    return response


def _public_event(slug: str) -> Event:
    return get_object_or_404(Event.objects.published().select_related("city__country"), slug=slug)


@require_http_methods(["GET", "POST"])
@ratelimit.limited("register-address")
def register(request, slug):
    """The registration form; signed-in people with a confirmed address register in one
    click (their profile fills the form), everyone else confirms their address by mail."""
    event = _public_event(slug)
    state = services.registration_state(event)
    if state != services.RegistrationState.OPEN:
        return render(request, "events/register_closed.html", {"event": event, "state": state})
    user = request.user if request.user.is_authenticated else None
    initial = initial_from_profile(user) if user else {}
    form = RegistrationForm(
        request.POST if request.method == "POST" else None, event=event, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        details = form.details()
        ratelimit.enforce("register-email", details.email)
        try:
            registration, _new = services.register(event=event, details=details, user=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if registration.user_id and user and registration.user_id == user.pk:
                queries.remember_registration(request, registration)
                return redirect(services.manage_url(registration))
            return redirect("events:register-sent", slug=event.slug)
    return render(
        request,
        "events/register.html",
        {"event": event, "form": form, "places_left": services.places_left(event)},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def register_sent(request, slug):
    """ "Check your mail": the same page whether the address was new or known, so that the
    form does not tell strangers who registered."""
    return render(request, "events/register_sent.html", {"event": _public_event(slug)})


def _by_token(request, token: str, purpose: str):
    """The registration a link names, or a page saying the link does not work."""
    try:
        return services.get_registration_by_token(token, purpose), None
    except tokens.BadToken:
        page = render(
            request,
            "events/registration_bad_link.html",
            {"confirming": purpose == tokens.CONFIRM},
            status=400,
        )
        return None, page


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_registration(request, token):
    """The link in the first mail shows a button; pressing it confirms the address and
    opens the registration. (A mail server opening links to scan them confirms nothing,
    as for accounts.)"""
    registration, refused = _by_token(request, token, tokens.CONFIRM)
    if refused:
        return refused
    if request.method != "POST":
        return render(
            request,
            "events/registration_confirm.html",
            {"event": registration.event, "registration": registration},
        )
    registration = services.confirm_email(registration=registration)
    queries.remember_registration(request, registration)
    return redirect(services.manage_url(registration))


@require_http_methods(["GET", "POST"])
def registration(request, token):
    """A person's own registration, opened from their mail: its status, the online link
    once confirmed, the calendar file, cancelling, downloading and erasing it."""
    registration, refused = _by_token(request, token, tokens.MANAGE)
    if refused:
        return refused
    queries.remember_registration(request, registration)
    event = registration.event
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "cancel":
            try:
                services.cancel(registration=registration)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Your registration is cancelled."))
            return redirect(request.path)
        if action == "erase":
            services.anonymise_registration(registration=registration)
            messages.success(request, _("Your details are erased from this registration."))
            return redirect(event.get_absolute_url())
        return render(request, "400.html", status=400)
    return render(
        request,
        "events/registration.html",
        {
            "event": event,
            "registration": registration,
            "token": token,
            "online_url": event.online_url if registration.holds_place else "",
            "has_calendar": event_calendar(event) is not None,
        },
    )


def registration_calendar(request, token):
    registration, refused = _by_token(request, token, tokens.MANAGE)
    if refused:
        return refused
    event = registration.event
    online_url = event.online_url if registration.holds_place else ""
    calendar = event_calendar(event, online_url=online_url)
    if calendar is None:  # dates known only to the month or year
        return render(request, "404.html", status=404)
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(event.slug)}.ics"'
    return response


def registration_data(request, token):
    registration, refused = _by_token(request, token, tokens.MANAGE)
    if refused:
        return refused
    data = json.dumps(services.registration_data(registration), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registration.json"'
    return response
