"""Who may do what: the one place services, views, the admin and (later) the API ask.

Every function takes the user making the request (``AnonymousUser`` included). Checks
(``check_*``) raise ``PermissionDenied`` with a plain message; the others answer yes or no.

What each role reaches:
- a **site administrator** (an active superuser): everything;
- a **network secretariat**: every item where an organisation of its network is an actor
  (the network's secretariat organisation, its member organisations and the local
  governments of its member cities), and the directory and vocabularies;
- an **organisation editor**: every item where their organisation is an actor, in any role;
- a **participant** (any other account) and a **visitor**: nothing to edit; participants
  see and manage their own registrations only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from crossroads.accounts.models import Grant, Role
from crossroads.content.models import Item, ItemActor
from crossroads.directory.models import City, Membership, Network

#: The attribute a user's roles are remembered in, for the rest of the request.
_REACH = "_crossroads_reach"


@dataclass(frozen=True)
class Reach:
    """What a user's grants give them: the organisations whose items they edit, and
    whether they serve a network's secretariat."""

    organisations: frozenset[int]
    secretariat: bool


NOWHERE = Reach(frozenset(), secretariat=False)


def is_admin(user) -> bool:
    return bool(user and user.is_active and user.is_superuser)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _reach(user) -> Reach:
    """``user``'s grants, read once (one query, a few more for a secretariat)."""
    if not _active(user):
        return NOWHERE
    cached = getattr(user, _REACH, None)
    if cached is not None:
        return cached
    grants = list(Grant.objects.filter(user=user).values_list("role", "organisation", "network"))
    reached = {organisation for role, organisation, _network in grants if role == Role.EDITOR}
    networks = [network for role, _organisation, network in grants if role == Role.SECRETARIAT]
    if networks:
        reached |= set(organisations_of_networks(networks))
    result = Reach(frozenset(reached), secretariat=bool(networks))
    setattr(user, _REACH, result)
    return result


def organisations_reached(user) -> frozenset[int]:
    """The organisations whose items ``user`` edits (empty for administrators, who reach
    everything: ask ``is_admin`` first)."""
    return _reach(user).organisations


def organisations_of_networks(networks: list[int]) -> list[int]:
    """The organisations of these networks: secretariats, member organisations and the
    local governments of member cities."""
    secretariats = Network.objects.filter(pk__in=networks, secretariat__isnull=False)
    members = Membership.objects.filter(network__in=networks, organisation__isnull=False)
    governments = City.objects.filter(
        memberships__network__in=networks, local_government__isnull=False
    )
    return [
        *secretariats.values_list("secretariat", flat=True),
        *members.values_list("organisation", flat=True),
        *governments.values_list("local_government", flat=True),
    ]


def can_create_items(user) -> bool:
    """Administrators, and anyone editing for an organisation or a network."""
    return is_admin(user) or bool(organisations_reached(user))


def can_edit_item(user, item: Item) -> bool:
    if is_admin(user):
        return True
    reached = organisations_reached(user)
    if not reached or item.pk is None:
        return False
    return ItemActor.objects.filter(item_id=item.pk, organisation_id__in=reached).exists()


def items_editable_by(user, queryset: QuerySet) -> QuerySet:
    """``queryset`` (of items, or of one kind of item) narrowed to what ``user`` edits."""
    if is_admin(user):
        return queryset
    reached = organisations_reached(user)
    if not reached:
        return queryset.none()
    actors = ItemActor.objects.filter(organisation_id__in=reached).values("item_id")
    return queryset.filter(pk__in=actors)


def items_visible_to(user, queryset: QuerySet) -> QuerySet:
    """What ``user`` may open: published items, and the unpublished ones they edit
    (to preview them)."""
    if is_admin(user):
        return queryset
    published = queryset.published()
    reached = organisations_reached(user)
    if not reached:
        return published
    return published | items_editable_by(user, queryset)


def forget_reach(user) -> None:
    """Forget what ``user``'s roles were found to be (after they changed)."""
    if hasattr(user, _REACH):
        delattr(user, _REACH)


def can_edit_directory(user) -> bool:
    """Organisations, cities, people, networks and vocabularies: the secretariats'."""
    return is_admin(user) or _reach(user).secretariat


def can_read_audit_log(user) -> bool:
    """Who changed what, when: the secretariats (who keep the directory) and administrators."""
    return is_admin(user) or _reach(user).secretariat


def can_manage_registrations(user, event) -> bool:
    """See, export, check in and message an event's registrations: its editors."""
    return can_edit_item(user, event)


def can_manage_accounts(user) -> bool:
    """Grant and withdraw roles, see every account: administrators only."""
    return is_admin(user)


def check_can_edit_item(user, item: Item) -> None:
    if not can_edit_item(user, item):
        raise PermissionDenied(_("You cannot edit “%(item)s”.") % {"item": item})


def check_can_create_items(user) -> None:
    if not can_create_items(user):
        raise PermissionDenied(_("Only the editors of an organisation or a network can add items."))


def check_can_manage_registrations(user, event) -> None:
    if not can_manage_registrations(user, event):
        raise PermissionDenied(
            _("Only the editors of “%(event)s” can see its registrations.") % {"event": event}
        )


def check_can_edit_directory(user) -> None:
    if not can_edit_directory(user):
        raise PermissionDenied(_("Only a network secretariat can edit the directory."))


def check_can_manage_accounts(user) -> None:
    if not can_manage_accounts(user):
        raise PermissionDenied(_("Only site administrators can grant roles."))
