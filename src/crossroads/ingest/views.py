"""The review queue: imported pages waiting for an editor, the form importing more (from
a web address or an uploaded file), the review page of one (the draft's fields with the
confidence of each beside the page's text, the evidence marked), and the decisions on it.
Every change goes through ``ingest.services``.

Who comes in: a visitor is sent to sign in; a signed-in person who may not create items
is refused (403); an editor sees the imports of the items they edit (and the rejected
imports they made or rejected), and is told any other does not exist (404).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from crossroads.accounts import permissions
from crossroads.content.models import Item, Kind, Status
from crossroads.events.models import Event
from crossroads.ingest import dedup, services
from crossroads.ingest.directory import Directory
from crossroads.ingest.display import (
    KIND_LABELS,
    Confidence,
    field_rows,
    lowest_confidence,
    mark_evidence,
    record_date,
)
from crossroads.ingest.fetch import FetchError
from crossroads.ingest.forms import (
    ImportForm,
    MergeForm,
    OrganisationForm,
    QueueFilter,
    RejectForm,
)
from crossroads.ingest.models import Relation, ReviewStatus, Source
from crossroads.ingest.pages import UnreadableInput

PER_PAGE = 25
#: Merge candidates offered on a review page.
MERGE_CHOICES = 10

ADMIN_CHANGE = {
    Kind.EVENT: "admin:events_event_change",
    Kind.STORY: "admin:news_story_change",
    Kind.RESOURCE: "admin:library_resource_change",
    Kind.CAMPAIGN: "admin:engagement_campaign_change",
    Kind.PLEDGE: "admin:engagement_pledge_change",
}


# -- who may come in ----------------------------------------------------------------------
def _for_editors(view):
    """Let in those who may create items; send visitors to sign in, refuse the others."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            back = request.get_full_path() if request.method == "GET" else reverse("ingest:queue")
            return redirect_to_login(back)
        if not permissions.can_create_items(request.user):
            raise PermissionDenied(
                _("Only the editors of an organisation or a network review imports.")
            )
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def sources_for(user) -> QuerySet:
    """The imports ``user`` reviews: those of the items they edit, and the rejected ones
    they imported or rejected; every one for a site administrator."""
    sources = Source.objects.all()
    if permissions.is_admin(user):
        return sources
    editable = permissions.items_editable_by(user, Item.objects.all()).values("pk")
    mine = Q(imported_by=user) | Q(reviewed_by=user)
    return sources.filter(Q(item__in=editable) | (Q(item__isnull=True) & mine))


def _source(request, pk: int) -> Source:
    source = sources_for(request.user).select_related("item").filter(pk=pk).first()
    if source is None:
        raise Http404
    return source


# -- the queue ----------------------------------------------------------------------------
@dataclass(frozen=True)
class QueueRow:
    source: Source
    kind: str
    title: str
    date: str
    lowest: tuple[str, Confidence] | None


@require_GET
@_for_editors
def queue(request):
    """A page of imports in one review status (waiting ones unless asked), newest first,
    under the form importing more."""
    return _queue(request, ImportForm())


def _queue(request, import_form: ImportForm, *, status: int = 200) -> HttpResponse:
    form = QueueFilter(request.GET)
    chosen = form.chosen_status()
    sources = (
        sources_for(request.user)
        .filter(status=chosen)
        .select_related("item")
        .defer("text", "summary", "body", "evidence", "organisations", "places")
    )
    page = Paginator(sources, PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        QueueRow(
            source=source,
            kind=str(KIND_LABELS.get(source.kind, source.kind)),
            title=source.item.title if source.item else source.title,
            date=record_date(source.record),
            lowest=lowest_confidence(source),
        )
        for source in page.object_list
    ]
    statuses = [(value, label, value == chosen) for value, label in ReviewStatus.choices]
    return render(
        request,
        "ingest/queue.html",
        {
            "page": page,
            "rows": rows,
            "statuses": statuses,
            "status": chosen,
            "import_form": import_form,
        },
        status=status,
    )


# -- importing ----------------------------------------------------------------------------
#: The start of the location of an uploaded file's pages, left out of the messages.
_UPLOADED = re.compile(r"^upload:[0-9a-f]{12}/")
#: One message per page: ``page`` names it, ``outcome`` says what became of it.
PAGE_MESSAGE = gettext_lazy("{page}: {outcome}")


@require_POST
@_for_editors
def import_page(request):
    """Import the pages of a web address or of an uploaded file, then go back to the
    queue with a message per page (a link to its review when it was imported). An
    input that cannot be fetched or read at all is a form error; nothing is written.
    An uploaded file is never stored: only the text read in it is kept."""
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            results = _import(form, request.user)
        except (FetchError, UnreadableInput) as error:
            form.add_error(None, str(error))
        else:
            for result in results:
                _tell(request, result)
            return redirect("ingest:queue")
    return _queue(request, form, status=400)


def _import(form: ImportForm, user) -> list[services.PageResult]:
    directory = Directory.from_database()
    if address := form.cleaned_data["address"]:
        return services.import_location(address, directory=directory, by=user)
    upload = form.cleaned_data["file"]
    data = upload.read()
    return services.import_data(
        data,
        location=_uploaded_location(upload.name, data),
        content_type=None,  # the browser's guess: the readers look at the name and bytes
        fetched_at=timezone.now(),
        directory=directory,
        by=user,
    )


def _uploaded_location(name: str, data: bytes) -> str:
    """Where the pages of an uploaded file were read: ``upload:<hash>/<file name>``
    (``#n`` after it for the pages of a calendar or feed). The hash's start tells apart
    files of one name, and keeps one file, uploaded twice, at one location."""
    return f"upload:{hashlib.sha256(data).hexdigest()[:12]}/{name[-200:]}"


def _tell(request, result: services.PageResult) -> None:
    """The message saying what became of one page."""
    name = _UPLOADED.sub("", result.source)
    if result.error:
        messages.error(request, format_html(str(PAGE_MESSAGE), page=name, outcome=result.error))
        return
    done = result.outcome
    if done.source is None:
        page = done.item.title if done.item else name
        messages.info(request, format_html(str(PAGE_MESSAGE), page=page, outcome=done.message))
        return
    link = format_html(
        '<a href="{}">{}</a>', reverse("ingest:review", args=[done.source.pk]), done.item.title
    )
    messages.success(request, format_html(str(PAGE_MESSAGE), page=link, outcome=done.message))


# -- one import ---------------------------------------------------------------------------
def merge_candidates(user, source: Source) -> list[Event]:
    """Events this import's draft may be merged into: those starting together with it
    that ``user`` edits, most alike first. None unless the import made a draft event."""
    item = source.item
    if item is None or source.relation != Relation.CREATED:
        return []
    if item.kind != Kind.EVENT or item.status != Status.DRAFT:
        return []
    event = Event.objects.filter(pk=item.pk).first()
    editable = permissions.items_editable_by(user, Event.objects.all())
    ranked = dedup.ranked_events(dedup.facts_of_event(event), among=editable, exclude=event.pk)
    return ranked[:MERGE_CHOICES]


def organisation_form(proposed: list[str], name: str, data=None) -> OrganisationForm:
    """The form adding ``name``, one of ``proposed``, with ids of its own on the page."""
    return OrganisationForm(
        data, initial={"name": name}, auto_id=f"id_organisation{proposed.index(name)}_%s"
    )


def _review(request, source: Source, *, status: int = 200, **forms) -> HttpResponse:
    """Render the review page of ``source`` (with ``forms`` bound after an error)."""
    text, marked = mark_evidence(source.text, source.evidence)
    draft = source.item
    pending = source.status == ReviewStatus.PENDING
    candidates = merge_candidates(request.user, source) if pending and draft else []
    directory = permissions.can_edit_directory(request.user) and draft is not None
    proposed = services.proposed_organisations(source)
    organisation_forms = forms.get("organisation_forms") or [
        organisation_form(proposed, name) for name in proposed
    ]
    return render(
        request,
        "ingest/review.html",
        {
            "source": source,
            "draft": draft,
            "kind": KIND_LABELS.get(source.kind, source.kind),
            "fields": field_rows(source, marked),
            "text": text,
            "pending": pending,
            "can_split": draft is not None and source.relation != Relation.CREATED,
            "edit_url": reverse(ADMIN_CHANGE[draft.kind], args=[draft.pk]) if draft else "",
            "reject_form": forms.get("reject_form") or RejectForm(),
            "merge_form": forms.get("merge_form") or MergeForm(candidates=candidates),
            "candidates": candidates,
            "proposed": list(zip(proposed, organisation_forms, strict=True)) if directory else [],
            "proposed_names": proposed,
        },
        status=status,
    )


@require_GET
@_for_editors
def review(request, pk: int):
    """The review page of one import."""
    return _review(request, _source(request, pk))


def _done(request, source: Source, action, success: str, *, to_queue: bool = False):
    """Run ``action``; say what happened (or why nothing did); go back to the page."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        to_queue = False
    else:
        messages.success(request, success)
    if to_queue:
        return redirect("ingest:queue")
    return redirect("ingest:review", pk=source.pk)


@require_POST
@_for_editors
def accept(request, pk: int):
    """Accept the import; the item keeps its status."""
    source = _source(request, pk)
    return _done(
        request,
        source,
        lambda: services.accept(source, by=request.user),
        _("The import is accepted. Publish the draft from its edit page when it is ready."),
    )


@require_POST
@_for_editors
def reject(request, pk: int):
    """Reject the import once confirmed, undoing what it did, and go back to the queue."""
    source = _source(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _review(request, source, status=400, reject_form=form)
    return _done(
        request,
        source,
        lambda: services.reject(source, by=request.user),
        _("The import is rejected; the same page will not be imported again."),
        to_queue=True,
    )


@require_POST
@_for_editors
def merge(request, pk: int):
    """Merge this import's draft into one of the events offered."""
    source = _source(request, pk)
    candidates = merge_candidates(request.user, source)
    form = MergeForm(request.POST, candidates=candidates)
    if not form.is_valid():
        return _review(request, source, status=400, merge_form=form)
    into = next(event for event in candidates if event.pk == form.cleaned_data["into"])
    return _done(
        request,
        source,
        lambda: services.merge(into=into, other=source.item, by=request.user),
        _("The draft is merged into “%(item)s”.") % {"item": into.title},
    )


@require_POST
@_for_editors
def split(request, pk: int):
    """Make a page linked to an item a draft of its own."""
    source = _source(request, pk)
    return _done(
        request,
        source,
        lambda: services.split(source, by=request.user),
        _("The page is now a draft of its own."),
    )


@require_POST
@_for_editors
def add_organisation(request, pk: int):
    """Add an organisation the page proposes to the directory (its editors only)."""
    source = _source(request, pk)
    permissions.check_can_edit_directory(request.user)
    form = OrganisationForm(request.POST)
    if form.is_valid():
        name = form.cleaned_data["name"]
        return _done(
            request,
            source,
            lambda: services.create_organisation(
                source, name=name, kind=form.cleaned_data["kind"], by=request.user
            ),
            _("“%(name)s” is added to the directory.") % {"name": name},
        )
    proposed = services.proposed_organisations(source)
    if form.data.get("name") not in proposed:
        messages.error(request, _("Choose one of the organisations this page proposes."))
        return redirect("ingest:review", pk=source.pk)
    forms = [
        organisation_form(proposed, name, data=request.POST)
        if name == form.data["name"]
        else organisation_form(proposed, name)
        for name in proposed
    ]
    return _review(request, source, status=400, organisation_forms=forms)
