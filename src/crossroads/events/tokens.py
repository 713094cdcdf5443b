"""Signed links in registration mail: confirm an address, manage a registration.

A link carries the registration's id and what it is for, signed with the site's secret
key; it is only as good as the registration it names (an anonymised or deleted
registration's links lead nowhere). Confirmation links expire; the link to manage a
registration (see it, add it to a calendar, cancel it, download or erase it) lasts as long
as the registration.
"""

from __future__ import annotations

from django.core import signing

CONFIRM = "confirm"
MANAGE = "manage"

#: Seconds a confirmation link stays valid.
CONFIRM_MAX_AGE = 7 * 24 * 3600

_SALT = "crossroads.events.registration."


class BadToken(Exception):
    """The link was altered, has expired, or is not for this purpose."""


def make_token(registration_id: int, purpose: str) -> str:
    return signing.dumps(registration_id, salt=_SALT + purpose, compress=False)


def read_token(token: str, purpose: str) -> int:
    max_age = CONFIRM_MAX_AGE if purpose == CONFIRM else None
    try:
        value = signing.loads(token, salt=_SALT + purpose, max_age=max_age)
    except signing.BadSignature as error:  # SignatureExpired included
        raise BadToken(str(error)) from None
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadToken("not a registration")
    return value
