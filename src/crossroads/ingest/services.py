"""The operations of the importer: an extraction becomes a draft item (or another source,
or a translation, of an item it duplicates), and editors accept, reject, merge and split
what was imported. How a draft is made from an extraction is ``ingest.drafts``'s.

Every operation runs in one transaction (a failure leaves nothing behind), checks the
permissions of ``by`` when it is given (``by=None`` is the system: commands and tests),
and refuses bad input with a ``ValidationError`` in plain words. ``import_location`` and
``import_data`` are the entry points of the command and the web form: they read a whole
input and import each of its pages in a transaction of its own.

Decisions:
- an event page without a start date is refused ("…gives no date"): an event needs one,
  and filing it as news would misstate what it is;
- a Source is the page's, not the file's: its location is the page's own source (a
  calendar's second event is ``file.ics#2``, a feed entry has its link), so that a page
  imported again from the same address, or from the address it states as its own, is
  recognised;
- organisations the directory lacks are not created by an import (an unreviewed page
  would fill the directory with misspelt names): they stay on the source, and the review
  page offers them to those who edit the directory (``create_organisation``). Offices
  ("Lord Mayor of Kumasi") of a city the directory has are created, as they name a known
  city's office plainly; a city known only to the gazetteer is added to the directory
  from it;
- accepting an import marks it accepted and leaves its item's status as it was:
  publishing stays the item workflow's (``content.services.change_status``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.accounts.permissions import (
    check_can_create_items,
    check_can_edit_directory,
    check_can_edit_item,
    is_admin,
    organisations_reached,
)
from crossroads.content.models import ActorRole, Item, ItemActor, ItemTranslation, Status
from crossroads.directory.models import Organisation, OrganisationKind
from crossroads.events.models import Event, EventDocument, Participant, ParticipantRole, Session
from crossroads.ingest import dedup
from crossroads.ingest.dedup import Reason, read_moment
from crossroads.ingest.directory import Directory
from crossroads.ingest.drafts import (
    LANGUAGES,
    create_draft,
    create_translation,
    resolved_organisations,
    save_validated,
    unique_slug,
)
from crossroads.ingest.extract import extract
from crossroads.ingest.fetch import Fetcher, fetcher_for
from crossroads.ingest.models import Relation, ReviewStatus, Source
from crossroads.ingest.readers import read
from crossroads.ingest.records import Extraction
from crossroads.library.models import Resource
from crossroads.search.services import deferred_indexing

logger = logging.getLogger(__name__)


# -- what an import returns ---------------------------------------------------------------
@dataclass(frozen=True)
class Origin:
    """Where and when the bytes of an input (a page, or a file or feed of several) were
    read, and their SHA-256."""

    location: str
    fetched_at: dt.datetime
    content_hash: str
    content_type: str = ""

    @classmethod
    def of(
        cls, data: bytes, *, location: str, fetched_at: dt.datetime, content_type: str = ""
    ) -> Origin:
        """The origin of ``data`` (what a fetcher or a file gave)."""
        digest = hashlib.sha256(data).hexdigest()
        return cls(location, fetched_at, digest, content_type)


class Outcome(models.TextChoices):
    CREATED = "created", gettext_lazy("A draft was created.")
    LINKED = "linked", gettext_lazy("Linked as another source of an existing item.")
    TRANSLATION = "translation", gettext_lazy("Added as a translation of an existing item.")
    SAME_BYTES = "same_bytes", gettext_lazy("Skipped: this page was imported before.")
    SAME_ADDRESS = (
        "same_address",
        gettext_lazy("Skipped: this address was imported before; nothing was updated."),
    )
    REJECTED_BEFORE = "rejected_before", gettext_lazy("Skipped: this page was rejected before.")


SKIPPED = {
    Reason.SAME_BYTES: Outcome.SAME_BYTES,
    Reason.SAME_ADDRESS: Outcome.SAME_ADDRESS,
    Reason.REJECTED_BEFORE: Outcome.REJECTED_BEFORE,
}


@dataclass(frozen=True)
class ImportOutcome:
    """What importing one page did: the outcome, its item (None only when rejected
    before) and the new source (None when skipped)."""

    outcome: Outcome
    item: Item | None
    source: Source | None = None

    @property
    def message(self) -> str:
        return str(self.outcome.label)


@dataclass(frozen=True)
class PageResult:
    """One page of an input: what importing it did, or why it was refused."""

    source: str  # the page's source (``page.source``)
    outcome: ImportOutcome | None = None
    error: str = ""  # a plain message when the page was refused


# -- importing ----------------------------------------------------------------------------
def import_location(
    location: str, *, directory: Directory, by=None, fetcher: Fetcher | None = None
) -> list[PageResult]:
    """Fetch ``location`` (a web address or a file, with ``fetcher_for(location)`` unless
    a fetcher is given) and import its pages (``import_data``).

    Raises PermissionDenied before fetching when ``by`` may not create items, and
    FetchError or UnreadableInput when the input as a whole cannot be read.
    """
    if by is not None:
        check_can_create_items(by)
    fetched = (fetcher or fetcher_for(location)).fetch(location)
    return import_data(
        fetched.data,
        location=fetched.location,
        content_type=fetched.content_type,
        fetched_at=fetched.fetched_at,
        directory=directory,
        by=by,
    )


def import_data(
    data: bytes,
    *,
    location: str,
    content_type: str | None,
    fetched_at: dt.datetime,
    directory: Directory,
    by=None,
) -> list[PageResult]:
    """Read ``data`` (read from ``location``), extract each of its pages with the names
    of ``directory``, and import each (``import_extraction``) in a transaction of its own.

    A page refused (ValidationError: no date, a language the site lacks…; or
    PermissionDenied) gets a result with its message, and the other pages still import.
    Raises PermissionDenied when ``by`` may not create items, and UnreadableInput when
    the input as a whole cannot be read (nothing is written then).
    """
    if by is not None:
        check_can_create_items(by)
    pages = read(data, source=location, content_type=content_type)
    fetched = Origin.of(
        data, location=location, fetched_at=fetched_at, content_type=content_type or ""
    )
    results = []
    for page in pages:
        try:
            done = import_extraction(extract(page, directory), fetched=fetched, by=by)
        except ValidationError as error:
            results.append(PageResult(page.source, error=" ".join(error.messages)))
        except PermissionDenied as error:
            message = str(error) or _("You may not import this page.")
            results.append(PageResult(page.source, error=message))
        else:
            results.append(PageResult(page.source, done))
    return results


def import_extraction(extraction: Extraction, *, fetched: Origin, by=None) -> ImportOutcome:
    """Make ``extraction`` a draft, unless it duplicates what is there already.

    Side effects, all in one transaction (a savepoint inside the caller's): a new draft
    Event or Story with its tags, actors, programme and Resource drafts for its
    documents (``drafts.create_draft``), or, for a duplicate of an event or a story, an
    ItemTranslation (a page in a language the item lacks) or nothing more; then a
    pending Source. Nothing is written for the same page imported or rejected before,
    nor for a page whose address was imported before.

    Two imports of the same page at the same moment may both find no duplicate; the
    database then refuses the second's writes (the Source's ``ingest_source_unique_page``
    constraint, or its draft's slug), they are undone, and duplicates are looked for
    once more: the second reports the same bytes.
    """
    if by is not None:
        check_can_create_items(by)
    check_extraction(extraction, fetched)
    with deferred_indexing():
        try:
            return _import(extraction, fetched, by)
        except IntegrityError:
            logger.info("Importing %s met another import: looking again", extraction.page.source)
            return _import(extraction, fetched, by)


def _import(extraction: Extraction, fetched: Origin, by) -> ImportOutcome:
    duplicate = dedup.find_duplicate(extraction, content_hash=fetched.content_hash)
    if duplicate is not None and duplicate.reason in SKIPPED:
        return ImportOutcome(SKIPPED[duplicate.reason], duplicate.item)
    with transaction.atomic():
        if duplicate is None:
            if by is not None:
                check_reaches_draft(by, extraction)
            item, resources = create_draft(extraction)
            source = record_source(extraction, fetched, item=item, relation=Relation.CREATED, by=by)
            source.resources.set(resources)
            outcome = Outcome.CREATED
        else:
            item = duplicate.item
            if by is not None:
                check_can_edit_item(by, item)
            relation = add_account(item, extraction)
            source = record_source(extraction, fetched, item=item, relation=relation, by=by)
            outcome = Outcome.TRANSLATION if relation == Relation.TRANSLATION else Outcome.LINKED
    logger.info(
        "Imported %s (in %s): %s (item %s)", source.location, fetched.location, outcome, item.pk
    )
    return ImportOutcome(outcome, item, source)


def check_extraction(extraction: Extraction, fetched: Origin) -> None:
    """Raise ValidationError when the extraction cannot become a draft."""
    record = extraction.record
    if record.get("kind") not in ("event", "news"):
        raise ValidationError(_("The page is neither an event nor news."))
    if not (record.get("title") or "").strip():
        raise ValidationError(_("The page has no title."))
    if extraction.language not in LANGUAGES:
        raise ValidationError(
            _("Pages in “%(language)s” cannot be imported: the site has no such language.")
            % {"language": extraction.language}
        )
    if record["kind"] == "event" and read_moment(record.get("start")) is None:
        raise ValidationError(
            _("The page announces an event but gives no date: add the event by hand.")
        )
    if not extraction.page.source or len(extraction.page.source) > 1000:
        raise ValidationError(_("The page's address is missing or too long."))
    if not re.fullmatch(r"[0-9a-f]{64}", fetched.content_hash):
        raise ValidationError(_("The content hash is not a SHA-256 in hexadecimal."))


def check_reaches_draft(user, extraction: Extraction) -> None:
    """Raise ValidationError unless ``user`` could edit the draft of ``extraction``: a
    site administrator can, anyone else only if an organisation they edit for is among
    the page's organisers or partners."""
    if is_admin(user):
        return
    named = set(resolved_organisations(extraction, "organizers"))
    named |= set(resolved_organisations(extraction, "partners"))
    if not named & organisations_reached(user):
        raise ValidationError(
            _(
                "None of the organisers or partners of this page is an organisation you edit "
                "for, so you could not edit its draft: ask your network's secretariat to "
                "import it."
            )
        )


def record_source(
    extraction: Extraction, fetched: Origin, *, item: Item, relation: str, by=None
) -> Source:
    """Save a pending Source of ``item`` holding everything ``extraction`` said, at the
    page's own source and the address it states as its own."""
    return Source.objects.create(
        item=item,
        relation=relation,
        location=extraction.page.source,
        canonical=dedup.stated_address(extraction.page),
        fetched_at=fetched.fetched_at,
        content_hash=fetched.content_hash,
        content_type=fetched.content_type[:100],
        language=extraction.language,
        text=extraction.page.text,
        record=extraction.record,
        confidence=extraction.confidence,
        evidence={
            field: [[span.start, span.end] for span in spans]
            for field, spans in extraction.evidence.items()
        },
        organisations=extraction.organisations,
        places={
            name: {"country": place.country, "city_id": place.city_id, "geonameid": place.geonameid}
            for name, place in extraction.places.items()
        },
        summary=extraction.summary,
        body=extraction.body,
        timezone=extraction.timezone or "",
        imported_by=by,
    )


def add_account(item: Item, extraction: Extraction) -> str:
    """Another page about ``item``: a translation when it is in a language the item has
    neither in its own text nor in a translation (one is added), else another source.
    Returns the relation."""
    language = extraction.language
    if language == item.language or item.translations.filter(language=language).exists():
        return Relation.SOURCE
    create_translation(item, extraction)
    return Relation.TRANSLATION


# -- review -------------------------------------------------------------------------------
ALREADY_DECIDED = {
    ReviewStatus.ACCEPTED: gettext_lazy("This import was accepted already."),
    ReviewStatus.REJECTED: gettext_lazy("This import was rejected already."),
}


def _check_pending(source: Source) -> None:
    if source.status != ReviewStatus.PENDING:
        raise ValidationError(str(ALREADY_DECIDED[source.status]))


def _decide(source: Source, status: str, by) -> None:
    source.status = status
    source.reviewed_by = by
    source.reviewed_at = timezone.now()
    source.save()


def accept(source: Source, *, by=None) -> Source:
    """Mark a pending import accepted: its draft (or translation, or link) is right.

    Side effects: saves the source's review; the item's status does not change (its
    editors publish it through the item workflow)."""
    _check_pending(source)
    if by is not None:
        check_can_edit_item(by, source.item)
    _decide(source, ReviewStatus.ACCEPTED, by)
    return source


def reject(source: Source, *, by=None) -> Source:
    """Reject a pending import, undoing what it did; the source is kept, without item,
    so that the same page is not imported again.

    Side effects, in one transaction: a draft it created is deleted with its programme,
    tags and the Resource drafts made for its documents (refused when the item is no
    longer a draft, or when other imported pages are linked to it); a translation it
    added is deleted; a linked source is just unlinked.
    """
    _check_pending(source)
    item = source.item
    if by is not None:
        check_can_edit_item(by, item)
    created = source.relation == Relation.CREATED
    if created and item.status != Status.DRAFT:
        raise ValidationError(
            _("“%(item)s” is no longer a draft: archive it instead of rejecting the import.")
            % {"item": item}
        )
    if created and item.sources.exclude(pk=source.pk).exists():
        raise ValidationError(
            _("Other imported pages are linked to this draft: split or reject them first.")
        )
    with deferred_indexing(), transaction.atomic():
        resources = list(source.resources.values_list("pk", flat=True))
        if source.relation == Relation.TRANSLATION:
            item.translations.filter(language=source.language).delete()
        source.item = None
        _decide(source, ReviewStatus.REJECTED, by)
        if created:
            item.delete()
            # The documents' drafts, unless an editor linked them to another event since.
            Resource.objects.filter(pk__in=resources, status=Status.DRAFT).exclude(
                event_links__isnull=False
            ).delete()
    return source


def merge(*, into: Item, other: Item, by=None) -> Item:
    """Merge the draft ``other`` into ``into`` (the same thing, imported twice) and delete
    it.

    Side effects, in one transaction: ``other``'s sources move to ``into``; its text
    becomes a translation of ``into`` when in a language ``into`` lacks, and so do its
    translations (others are dropped: the sources that added them become plain sources);
    its documents and organisations are added to ``into``'s; its programme and tags go
    with it.
    """
    if into.pk == other.pk:
        raise ValidationError(_("An item cannot be merged into itself."))
    if into.kind != other.kind:
        raise ValidationError(_("Only items of the same kind can be merged."))
    if other.status != Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be merged into another item: “%(item)s” is %(status)s.")
            % {"item": other, "status": other.get_status_display().lower()}
        )
    if by is not None:
        check_can_edit_item(by, into)
        check_can_edit_item(by, other)
    with deferred_indexing(), transaction.atomic():
        added = _merge_texts(into, other)
        for source in other.sources.all():
            language = other.language if source.relation == Relation.CREATED else source.language
            if source.relation != Relation.SOURCE:
                source.relation = Relation.TRANSLATION if language in added else Relation.SOURCE
            source.item = into
            source.save(update_fields=["item", "relation"])
        if into.kind == Event.item_kind:
            linked = EventDocument.objects.filter(event_id=into.pk).values("resource_id")
            EventDocument.objects.filter(event_id=other.pk).exclude(resource_id__in=linked).update(
                event_id=into.pk
            )
        present = set(into.actors.values_list("organisation_id", "role"))
        ItemActor.objects.bulk_create(
            ItemActor(item=into, organisation_id=actor.organisation_id, role=actor.role)
            for actor in other.actors.all()
            if (actor.organisation_id, actor.role) not in present
        )
        other.delete()
    logger.info("Item %s merged into %s by %s", other.pk, into.pk, by or "system")
    return into


def _merge_texts(into: Item, other: Item) -> set[str]:
    """Give ``into`` the languages of ``other`` it lacks, as translations. Returns them."""
    present = {into.language, *into.translations.values_list("language", flat=True)}
    added = set()
    if other.language not in present:
        ItemTranslation.objects.create(
            item=into,
            language=other.language,
            title=other.title,
            summary=other.summary,
            body=other.body,
        )
        added.add(other.language)
    for translation in other.translations.exclude(language__in=present | added):
        translation.item = into
        translation.save(update_fields=["item"])
        added.add(translation.language)
    return added


def split(source: Source, *, by=None) -> Item:
    """Make a page linked to an item (as another source or a translation) a draft of its
    own, from what was read in it, when it was not the same thing after all.

    Side effects, in one transaction: the translation it added is deleted; a new draft
    is created (``create_draft``); the source moves to it, pending review again.
    """
    if source.status == ReviewStatus.REJECTED:
        raise ValidationError(_("A rejected import has no item to split it from."))
    if source.relation == Relation.CREATED:
        raise ValidationError(_("This page made its item: there is nothing to split it from."))
    extraction = source.extraction()
    if by is not None:
        check_can_edit_item(by, source.item)
        check_can_create_items(by)
        check_reaches_draft(by, extraction)
    with deferred_indexing(), transaction.atomic():
        if source.relation == Relation.TRANSLATION:
            source.item.translations.filter(language=source.language).delete()
        item, resources = create_draft(extraction)
        source.item = item
        source.relation = Relation.CREATED
        source.status = ReviewStatus.PENDING
        source.reviewed_by = source.reviewed_at = None
        source.save()
        source.resources.set(resources)
    return item


def proposed_organisations(source: Source) -> list[str]:
    """The organisations the page names that the directory lacks, in the record's order."""
    return [name for name, pk in source.organisations.items() if pk is None]


def create_organisation(source: Source, *, name: str, kind: str, by=None) -> Organisation:
    """Add an organisation the page names and the directory lacks.

    Side effects, in one transaction: creates the organisation; the source remembers it;
    for a page that made its item, the organisation becomes its organiser (or publisher)
    and/or partner as the page says, and a participant of the sessions naming it.
    """
    if by is not None:
        check_can_edit_directory(by)
    if source.item is None:
        raise ValidationError(_("A rejected import has no item to add organisations to."))
    if by is not None:
        check_can_edit_item(by, source.item)
    if name not in proposed_organisations(source):
        raise ValidationError(
            _("“%(name)s” is not an organisation this page proposes.") % {"name": name}
        )
    if kind not in OrganisationKind.values:
        raise ValidationError(_("Choose the kind of organisation."))
    with transaction.atomic():
        organisation = Organisation(
            name=name[:200], slug=unique_slug(name, model=Organisation, fallback="organisation")
        )
        organisation.kind = kind
        save_validated(organisation)
        source.organisations = {**source.organisations, name: organisation.pk}
        source.save(update_fields=["organisations"])
        if source.relation == Relation.CREATED:
            _add_organisation(source, name, organisation)
    return organisation


def _add_organisation(source: Source, name: str, organisation: Organisation) -> None:
    """``organisation``, just created for ``name``, in the roles the page gives it."""
    record, item = source.record, source.item
    lead = ActorRole.ORGANISER if record["kind"] == "event" else ActorRole.PUBLISHER
    for field, role in (("organizers", lead), ("partners", ActorRole.PARTNER)):
        if name in (record.get(field) or []):
            ItemActor.objects.get_or_create(item=item, organisation=organisation, role=role)
    naming = [
        order
        for order, entry in enumerate(record.get("program") or [])
        if name in (entry.get("participants") or [])
    ]
    Participant.objects.bulk_create(
        Participant(session=session, organisation=organisation, role=ParticipantRole.SPEAKER)
        for session in Session.objects.filter(event_id=item.pk, order__in=naming)
    )
