"""The operations that change pledges: progress (through dated updates), pledgers, and
matches between an offer of support and a pledge needing it.

Progress changes follow ``TRANSITIONS`` (planning → in progress → fulfilled; withdrawn
from planning or in progress; fulfilled and withdrawn are final). A match is proposed by
an editor of either pledge and holds once editors of both sides confirmed it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts import permissions
from crossroads.audit.services import record_created
from crossroads.engagement.models import (
    TRANSITIONS,
    Pledge,
    PledgeMatch,
    Pledger,
    PledgeType,
    PledgeUpdate,
    Progress,
)


def can_edit_pledge(user, pledge: Pledge) -> bool:
    """Its editors: those of its organisations (``ItemActor``), and administrators."""
    return bool(user.is_authenticated) and permissions.can_edit_item(user, pledge)


def check_can_edit_pledge(user, pledge: Pledge) -> None:
    if not can_edit_pledge(user, pledge):
        raise PermissionDenied(
            _("Only the editors of “%(pledge)s” can do this.") % {"pledge": pledge}
        )


def check_transition(current: str, new: str) -> None:
    """Raise ``ValidationError`` unless progress may go from ``current`` to ``new``."""
    if new not in Progress.values:
        raise ValidationError(_("Unknown progress: %(value)s.") % {"value": new})
    if new not in TRANSITIONS[Progress(current)]:
        raise ValidationError(
            _("A pledge cannot go from “%(current)s” to “%(new)s”.")
            % {"current": Progress(current).label, "new": Progress(new).label}
        )


def add_update(
    *,
    pledge: Pledge,
    date: dt.date | None = None,
    text: str = "",
    progress: str = "",
    evidence_resource=None,
    evidence_event=None,
) -> PledgeUpdate:
    """Record a dated update; with ``progress``, the pledge moves to it (checked against
    the allowed transitions, under a row lock) and ``progress_changed_on`` is its date.
    Side effects: saves the update and the pledge (which reindexes it for search)."""
    date = date or timezone.localdate()
    if not text.strip() and not progress and not (evidence_resource or evidence_event):
        raise ValidationError(_("An update needs text, a change of progress or evidence."))
    with transaction.atomic():
        locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if progress:
            check_transition(locked.progress, progress)
        update = PledgeUpdate.objects.create(
            pledge=locked,
            date=date,
            text=text.strip(),
            progress=progress,
            evidence_resource=evidence_resource,
            evidence_event=evidence_event,
        )
        if progress:
            locked.progress = progress
            locked.progress_changed_on = date
            locked.save(update_fields=["progress", "progress_changed_on", "updated_at"])
            pledge.progress, pledge.progress_changed_on = progress, date
    return update


def change_progress(*, pledge: Pledge, progress: str, date: dt.date | None = None, text=""):
    """A change of progress is an update with that progress (see ``add_update``)."""
    if not progress:
        raise ValidationError(_("Choose the new progress."))
    return add_update(pledge=pledge, date=date, text=text, progress=progress)


def set_pledgers(*, pledge: Pledge, entities: list) -> list[Pledger]:
    """Replace who made the pledge by ``entities`` (cities, organisations, networks), in
    order. Side effects: deletes the former rows, creates the new ones."""
    from crossroads.directory.models import City, Network, Organisation

    rows = []
    for order, entity in enumerate(entities):
        field = {City: "city", Organisation: "organisation", Network: "network"}.get(type(entity))
        if field is None:
            raise ValidationError(_("A pledger is a city, an organisation or a network."))
        rows.append(Pledger(pledge=pledge, order=order, **{field: entity}))
    with transaction.atomic():
        pledge.pledgers.all().delete()
        created = Pledger.objects.bulk_create(rows)
        record_created(instances=created)
        return created


# -- matches ------------------------------------------------------------------------------
def _sides(first: Pledge, second: Pledge) -> tuple[Pledge, Pledge]:
    """(offer, need) from two pledges in either order, or ``ValidationError``."""
    for offer, need in ((first, second), (second, first)):
        if offer.pledge_type == PledgeType.OFFER and need.pledge_type == PledgeType.NEED:
            return offer, need
    raise ValidationError(_("A match links an offer of support to a need of support."))


def propose_match(*, pledge: Pledge, other: Pledge, by, now=None) -> PledgeMatch:
    """An editor of ``pledge`` proposes it be matched with ``other``; their side is
    confirmed at once. Proposing again an existing match confirms it for their side.
    Side effects: creates or updates a ``PledgeMatch``."""
    check_can_edit_pledge(by, pledge)
    if not (pledge.is_public and other.is_public):
        raise ValidationError(_("Only published pledges can be matched."))
    offer, need = _sides(pledge, other)
    now = now or timezone.now()
    with transaction.atomic():
        match, _created = PledgeMatch.objects.select_for_update().get_or_create(
            offer=offer, need=need, defaults={"proposed_by": by}
        )
        return _confirm_side(match, pledge, now)


def _confirm_side(match: PledgeMatch, side: Pledge, now) -> PledgeMatch:
    field = "confirmed_by_offer_at" if side.pk == match.offer_id else "confirmed_by_need_at"
    if getattr(match, field) is None:
        setattr(match, field, now)
        match.save(update_fields=[field])
    return match


def confirm_match(*, match: PledgeMatch, by, now=None) -> PledgeMatch:
    """An editor of either side confirms for the side(s) they edit; the match holds once
    both sides confirmed. Someone editing neither side is refused (``PermissionDenied``).
    Side effects: sets the confirmation dates."""
    sides = [p for p in (match.offer, match.need) if can_edit_pledge(by, p)]
    if not sides:
        raise PermissionDenied(_("Only the editors of one of the two pledges can confirm."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = PledgeMatch.objects.select_for_update().get(pk=match.pk)
        for side in sides:
            locked = _confirm_side(locked, side, now)
    return locked


def withdraw_match(*, match: PledgeMatch, by) -> None:
    """An editor of either side removes a match (proposed or confirmed)."""
    if not (can_edit_pledge(by, match.offer) or can_edit_pledge(by, match.need)):
        raise PermissionDenied(_("Only the editors of one of the two pledges can remove it."))
    match.delete()
