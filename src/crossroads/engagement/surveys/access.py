"""Who manages a network's surveys: site administrators, the people serving the network's
secretariat (a secretariat grant for the network) and the editors of its secretariat
organisation. Built on ``accounts.permissions`` and its grants; everyone else only
answers through an invitation's link, or reads results made public."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from crossroads.accounts import permissions
from crossroads.accounts.models import Role
from crossroads.directory.models import Network

_CACHE = "_crossroads_survey_networks"


def networks_managed_by(user) -> QuerySet:
    """The networks whose surveys ``user`` manages."""
    if permissions.is_admin(user):
        return Network.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return Network.objects.none()
    return Network.objects.filter(
        Q(grants__user=user, grants__role=Role.SECRETARIAT)
        | Q(secretariat__grants__user=user, secretariat__grants__role=Role.EDITOR)
    ).distinct()


def managed_network_ids(user) -> frozenset[int]:
    """The ids of the networks whose surveys ``user`` manages (not for administrators,
    who manage all: ask ``is_admin`` first), read once per user object."""
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = frozenset(networks_managed_by(user).values_list("pk", flat=True))
        setattr(user, _CACHE, cached)
    return cached


def can_manage_surveys(user, network: Network) -> bool:
    """Define surveys, invite, see every result (free text included), publish results."""
    if permissions.is_admin(user):
        return True
    return network is not None and network.pk in managed_network_ids(user)


def manages_any_survey(user) -> bool:
    """Whether ``user`` manages the surveys of some network (the admin shows them)."""
    return permissions.is_admin(user) or bool(managed_network_ids(user))


def check_can_manage_surveys(user, network: Network) -> None:
    if not can_manage_surveys(user, network):
        raise PermissionDenied(
            _("Only the secretariat of “%(network)s” manages its surveys.") % {"network": network}
        )
