"""The organisers' side of registrations: the list with its counts and filters, the CSV
export, check-in and the other actions on one registration, and a message to everyone
confirmed.

Only the people who manage an event's registrations (``permissions``) reach these pages,
for drafts too; a visitor is sent to sign in, and anyone else is told the page does not
exist, so that the pages do not reveal which events exist. Every change goes through
``events.services``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import wraps
from urllib.parse import urlencode, urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crossroads.accounts import permissions
from crossroads.content.spreadsheets import neutralised
from crossroads.directory.models import OrganisationKind
from crossroads.events import services
from crossroads.events.models import Event, Registration, RegistrationStatus
from crossroads.events.models.registrations import ACTIVE_STATUSES, PARTICIPATION_MODES

Status = RegistrationStatus

PER_PAGE = 50

#: The filter value for "not given" (a country or a kind of organisation left empty).
NOT_GIVEN = "none"
#: The status filter value for every registration still alive (cancelled ones aside).
LIVE = "live"

#: What an organiser may do to a registration, by its status (the buttons of each row).
ACTIONS = {
    "approve": gettext_lazy("Approve"),
    "decline": gettext_lazy("Decline"),
    "check_in": gettext_lazy("Check in"),
    "undo_check_in": gettext_lazy("Undo check-in"),
    "cancel": gettext_lazy("Cancel registration"),
}
ACTIONS_BY_STATUS = {
    Status.PENDING_EMAIL: ("cancel",),
    Status.PENDING_APPROVAL: ("approve", "decline"),
    Status.CONFIRMED: ("check_in", "cancel"),
    Status.WAITLISTED: ("cancel",),
    Status.ATTENDED: ("undo_check_in",),
    Status.CANCELLED: (),
}


# -- who may come in ---------------------------------------------------------------------
def _for_organisers(view):
    """Give ``view`` the event named by the address, for those who manage its registrations:
    a visitor is sent to sign in (and back to the list), anyone else gets "not found"."""

    @wraps(view)
    def wrapper(request, slug, **kwargs):
        if not request.user.is_authenticated:
            back = request.get_full_path() if request.method == "GET" else _list_path(slug)
            return redirect_to_login(back)
        event = Event.objects.filter(slug=slug).select_related("city").first()
        if event is None or not permissions.can_manage_registrations(request.user, event):
            raise Http404
        return view(request, event, **kwargs)

    return never_cache(wrapper)


def _list_path(slug: str) -> str:
    return reverse("events:registrations", args=[slug])


# -- filters ------------------------------------------------------------------------------
class RegistrationFilters(forms.Form):
    """The list's criteria, all optional and combinable; a value that is not one of the
    choices (or a search too long) is left out, and the form says why."""

    q = forms.CharField(
        label=gettext_lazy("Name, email or organisation"), max_length=100, required=False
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    attendance_mode = forms.ChoiceField(label=gettext_lazy("Attending"), required=False)
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    organisation_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of organisation"), required=False
    )

    def __init__(self, data, *, countries: list[tuple[str, str]]):
        super().__init__(data)
        anything = [("", _("Any"))]
        not_given = [(NOT_GIVEN, _("Not given"))]
        self.fields["status"].choices = [
            *anything,
            (LIVE, _("Any but cancelled")),
            *Status.choices,
        ]
        self.fields["attendance_mode"].choices = [*anything, *PARTICIPATION_MODES]
        self.fields["country"].choices = [*anything, *countries, *not_given]
        self.fields["organisation_kind"].choices = [
            *anything,
            *OrganisationKind.choices,
            *not_given,
        ]

    def chosen(self) -> dict[str, str]:
        """The criteria given and valid."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def filtered(event: Event, chosen: dict[str, str]) -> QuerySet:
    """The event's registrations that meet every criterion ``chosen``, oldest first."""
    rows = Registration.objects.filter(event=event)
    status = chosen.get("status")
    if status == LIVE:
        rows = rows.filter(status__in=ACTIVE_STATUSES)
    elif status:
        rows = rows.filter(status=status)
    if mode := chosen.get("attendance_mode"):
        rows = rows.filter(attendance_mode=mode)
    if country := chosen.get("country"):
        rows = (
            rows.filter(country__isnull=True)
            if country == NOT_GIVEN
            else rows.filter(country_id=country)
        )
    if kind := chosen.get("organisation_kind"):
        rows = rows.filter(organisation_kind="" if kind == NOT_GIVEN else kind)
    if words := chosen.get("q"):
        rows = rows.filter(
            Q(name__icontains=words) | Q(email__icontains=words) | Q(organisation__icontains=words)
        )
    return rows.order_by("created_at", "pk")


# -- counts -------------------------------------------------------------------------------
@dataclass
class CountLine:
    """One line of a count: the filter value it links to, its label, how many."""

    value: str
    label: str
    count: int


@dataclass
class Counts:
    total: int = 0
    by_status: list[CountLine] = field(default_factory=list)
    by_mode: list[CountLine] = field(default_factory=list)
    by_country: list[CountLine] = field(default_factory=list)
    by_kind: list[CountLine] = field(default_factory=list)
    #: Every country a registration came from (cancelled ones too), as filter choices.
    countries: list[tuple[str, str]] = field(default_factory=list)

    @property
    def live(self) -> int:
        return sum(line.count for line in self.by_mode)


def count_registrations(event: Event) -> Counts:
    """The event's registrations counted by status (all of them), and those still alive by
    way of attending, country and kind of organisation: one query."""
    groups = (
        Registration.objects.filter(event=event)
        .values("status", "attendance_mode", "country", "country__name", "organisation_kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    statuses: dict[str, int] = {}
    modes: dict[str, int] = {}
    countries: dict[str | None, int] = {}
    country_names: dict[str | None, str] = {None: _("Not given")}
    kinds: dict[str, int] = {}
    for group in groups:
        n = group["n"]
        statuses[group["status"]] = statuses.get(group["status"], 0) + n
        country_names.setdefault(group["country"], group["country__name"])
        if group["status"] not in ACTIVE_STATUSES:
            continue
        modes[group["attendance_mode"]] = modes.get(group["attendance_mode"], 0) + n
        countries[group["country"]] = countries.get(group["country"], 0) + n
        kinds[group["organisation_kind"]] = kinds.get(group["organisation_kind"], 0) + n
    offered = services.attendance_modes(event)
    return Counts(
        total=sum(statuses.values()),
        by_status=[
            CountLine(value, label, statuses.get(value, 0)) for value, label in Status.choices
        ],
        by_mode=[
            CountLine(value, label, modes.get(value, 0))
            for value, label in PARTICIPATION_MODES
            if value in offered or value in modes
        ],
        by_country=[
            CountLine(code or NOT_GIVEN, country_names[code], n)
            for code, n in sorted(
                countries.items(),
                key=lambda pair: (pair[0] is None, -pair[1], country_names[pair[0]]),
            )
        ],
        by_kind=[
            CountLine(value or NOT_GIVEN, label, kinds[value])
            for value, label in [*OrganisationKind.choices, ("", _("Not given"))]
            if value in kinds
        ],
        countries=sorted(
            ((code, name) for code, name in country_names.items() if code is not None),
            key=lambda pair: pair[1],
        ),
    )


def _places(event: Event) -> list[tuple[str, int | None, int | None]]:
    """Per way of attending: its label, the places there are and those left (None: no
    limit)."""
    labels = dict(PARTICIPATION_MODES)
    return [
        (labels[mode], services.capacity(event, mode), left)
        for mode, left in services.places_left(event).items()
    ]


# -- the list -----------------------------------------------------------------------------
@require_GET
@_for_organisers
def registrations(request, event: Event):
    """The event's registrations: counts, places left, filters and a page of the list with
    the actions each registration allows."""
    counts = count_registrations(event)
    form = RegistrationFilters(request.GET, countries=counts.countries)
    chosen = form.chosen()
    rows = filtered(event, chosen).select_related("country")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    for registration in page.object_list:
        registration.actions = [
            (action, ACTIONS[action]) for action in ACTIONS_BY_STATUS.get(registration.status, ())
        ]
    return render(
        request,
        "events/organiser/registrations.html",
        {
            "event": event,
            "counts": counts,
            "places": _places(event),
            "form": form,
            "chosen": chosen,
            "page": page,
            "here": request.get_full_path(),
            # The export takes the criteria the list applied (not the page, nor those ignored).
            "csv_query": urlencode(chosen),
        },
    )


# -- one registration ---------------------------------------------------------------------
def _return_address(request, event: Event) -> str:
    """Where to go back to: the list, with the filters and page given in ``next`` (a path
    of this event's list, nothing else). Raises ``BadRequest`` for any other address."""
    list_path = _list_path(event.slug)
    wanted = request.POST.get("next", "")
    if not wanted:
        return list_path
    if len(wanted) > 2000 or not wanted.isprintable() or " " in wanted or "\\" in wanted:
        raise BadRequest("next is not a plain path")
    parts = urlsplit(wanted)
    if parts.scheme or parts.netloc or parts.fragment or parts.path != list_path:
        raise BadRequest("next is not this event's list")
    return f"{list_path}?{parts.query}" if parts.query else list_path


def _who(registration: Registration) -> str:
    return registration.name or _("(details erased)")


@require_POST
@_for_organisers
def registration_action(request, event: Event, pk: int):
    """Approve, decline, check in (or undo it) or cancel one registration, then go back to
    the list with a message saying what happened."""
    registration = Registration.objects.filter(pk=pk, event=event).first()
    if registration is None:
        raise Http404
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        raise BadRequest("unknown action")
    back = _return_address(request, event)
    registration.event = event
    try:
        if action == "cancel" and registration.status == Status.CANCELLED:
            raise ValidationError(_("This registration was already cancelled."))
        _act(request, action, registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)


def _act(request, action: str, registration: Registration) -> None:
    who = {"name": _who(registration)}
    by = request.user
    if action == "approve":
        done = services.approve(registration=registration, by=by)
        if done.status == Status.CONFIRMED:
            messages.success(request, _("%(name)s is accepted and has a place.") % who)
        elif done.status == Status.WAITLISTED:
            messages.warning(
                request, _("%(name)s is accepted, but no place is free: on the waiting list.") % who
            )
        else:
            messages.warning(
                request,
                _(
                    "%(name)s is accepted, but no place is free and there is no waiting list: "
                    "the registration is cancelled."
                )
                % who,
            )
    elif action == "decline":
        services.decline(registration=registration, by=by)
        messages.success(request, _("%(name)s is declined and told by mail.") % who)
    elif action == "check_in":
        services.check_in(registration=registration, by=by, attended=True)
        messages.success(request, _("%(name)s is checked in.") % who)
    elif action == "undo_check_in":
        services.check_in(registration=registration, by=by, attended=False)
        messages.success(request, _("%(name)s is no longer checked in.") % who)
    else:
        services.cancel(registration=registration, by=by)
        messages.success(request, _("The registration of %(name)s is cancelled.") % who)


# -- the export ---------------------------------------------------------------------------
class _Echo:
    """A file that hands back what is written to it, for ``csv.writer`` to make lines."""

    def write(self, value: str) -> str:
        return value


def csv_lines(event: Event, rows: QuerySet) -> Iterator[str]:
    """The CSV text of ``rows``: a byte-order mark and a header, then one line each, read
    in chunks. Labels and the time zone are fixed before the first line, so that what is
    written later does not depend on the language active then."""
    tz = event.tz
    statuses = {value: str(label) for value, label in Status.choices}
    modes = {value: str(label) for value, label in PARTICIPATION_MODES}
    kinds = {value: str(label) for value, label in OrganisationKind.choices}
    header = [
        _("Name"),
        _("Email"),
        _("Organisation"),
        _("Kind of organisation"),
        _("Role or title"),
        _("City"),
        _("Country"),
        _("Attending"),
        _("Language"),
        _("Status"),
        _("Registered (%(timezone)s)") % {"timezone": tz.key},
        _("Checked in (%(timezone)s)") % {"timezone": tz.key},
        _("Accessibility needs"),
    ]
    writer = csv.writer(_Echo())

    def when(moment) -> str:
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else ""

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([neutralised(cell) for cell in header])
        for registration in rows.iterator(chunk_size=500):
            cells = [
                registration.name,
                registration.email,
                registration.organisation,
                kinds.get(registration.organisation_kind, registration.organisation_kind),
                registration.title,
                registration.city,
                registration.country.name if registration.country_id else "",
                modes.get(registration.attendance_mode, registration.attendance_mode),
                registration.language,
                statuses.get(registration.status, registration.status),
                when(registration.created_at),
                when(registration.attended_at),
                registration.accessibility_needs,
            ]
            yield writer.writerow([neutralised(cell) for cell in cells])

    return lines()


@require_GET
@_for_organisers
def registrations_csv(request, event: Event):
    """The list as the filters narrow it, as a CSV file (UTF-8 with a byte-order mark, so
    that spreadsheet applications read its accents), streamed."""
    form = RegistrationFilters(request.GET, countries=_countries_of(event))
    rows = filtered(event, form.chosen()).select_related("country")
    response = StreamingHttpResponse(csv_lines(event, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registrations-{event.slug}.csv"'
    return response


def _countries_of(event: Event) -> list[tuple[str, str]]:
    """The countries the event's registrations came from, as filter choices."""
    return list(
        Registration.objects.filter(event=event, country__isnull=False)
        .values_list("country", "country__name")
        .distinct()
        .order_by("country__name")
    )


# -- the message --------------------------------------------------------------------------
class MessageForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=150)
    message = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 60}),
    )


@require_http_methods(["GET", "POST"])
@_for_organisers
def message(request, event: Event):
    """Write to every confirmed participant (each gets their own copy by mail)."""
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.message_participants(
                event=event,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["message"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if sent:
                messages.success(
                    request,
                    ngettext(
                        "Your message was sent to %(count)d confirmed participant.",
                        "Your message was sent to %(count)d confirmed participants.",
                        sent,
                    )
                    % {"count": sent},
                )
            else:
                messages.warning(request, _("Nothing was sent: no participant is confirmed."))
            return redirect("events:registrations", slug=event.slug)
    confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED).count()
    return render(
        request,
        "events/organiser/message.html",
        {"event": event, "form": form, "confirmed": confirmed},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
