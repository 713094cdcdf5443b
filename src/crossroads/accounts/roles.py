"""Granting and withdrawing roles: the admin and the ``accounts`` command call these.

A person holding a role reaches the editors' admin: ``is_staff`` follows their roles, true
while they hold one and false once none remains (a site administrator keeps theirs).
``is_staff`` grants nothing by itself: what each role may do is ``accounts.permissions``'.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from crossroads.accounts import permissions
from crossroads.accounts.models import Grant
from crossroads.audit.services import record_update

logger = logging.getLogger(__name__)


def grant_role(*, user, role: str, organisation=None, network=None, by) -> Grant:
    """Make ``user`` an editor of ``organisation`` (``role=Role.EDITOR``) or a member of
    ``network``'s secretariat (``role=Role.SECRETARIAT``), on behalf of ``by`` (a site
    administrator) or of the system (``by=None``: commands).

    Raises PermissionDenied when ``by`` may not manage accounts, and ValidationError (with
    the model's own messages) for a role without its organisation or network, or one the
    person already holds; nothing changes then.

    Side effects: creates the grant (``granted_by`` is ``by``), makes the user staff,
    logs the grant.
    """
    if by is not None:
        permissions.check_can_manage_accounts(by)
    grant = Grant(user=user, role=role, organisation=organisation, network=network, granted_by=by)
    grant.full_clean()
    try:
        with transaction.atomic():
            grant.save()
            update_staff_status(user)
    except IntegrityError:
        # Granted by someone else meanwhile: say so as the model does, if that is it.
        grant.pk = None
        grant.full_clean()
        raise
    permissions.forget_reach(user)
    logger.info("Role %s granted to user %s by %s", grant, user.pk, by or "system")
    return grant


def withdraw_role(*, grant: Grant, by) -> None:
    """Withdraw ``grant``, on behalf of ``by`` (a site administrator) or of the system
    (``by=None``).

    Raises PermissionDenied when ``by`` may not manage accounts, and ValidationError when
    the role was already withdrawn; nothing changes then.

    Side effects: deletes the grant; the user stops being staff when no role remains
    (unless a site administrator); logs the withdrawal.
    """
    if by is not None:
        permissions.check_can_manage_accounts(by)
    user, description = grant.user, str(grant)
    with transaction.atomic():
        deleted, _details = Grant.objects.filter(pk=grant.pk).delete()
        if not deleted:
            raise ValidationError(_("This role was already withdrawn."))
        update_staff_status(user)
    permissions.forget_reach(user)
    logger.info("Role %s withdrawn from user %s by %s", description, user.pk, by or "system")


def update_staff_status(user) -> bool:
    """Make ``user`` staff while they hold a role or are a site administrator, and not
    otherwise. Returns the new status.

    Side effects: saves ``is_staff`` (only) when it changes, and logs it in the audit log.
    """
    staff = user.is_superuser or Grant.objects.filter(user=user).exists()
    if user.is_staff != staff:
        get_user_model().objects.filter(pk=user.pk).update(is_staff=staff)
        record_update(instances=[user], changes={"is_staff": (user.is_staff, staff)})
        user.is_staff = staff
    return staff
