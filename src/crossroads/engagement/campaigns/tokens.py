"""Signed links in signature mail: confirm an address, manage (see or withdraw) a signature.

A link carries the signature's id and what it is for, signed with the site's key and a
salt per purpose. Confirmation links expire after seven days; the link to manage a
signature lasts as long as the signature.
"""

from __future__ import annotations

from django.core import signing

CONFIRM = "confirm"
MANAGE = "manage"

#: Seconds a confirmation link stays valid.
CONFIRM_MAX_AGE = 7 * 24 * 3600
#: Longer tokens are refused unread (ours are about 40 characters).
MAX_TOKEN = 200

_SALT = "crossroads.engagement.signature."


class BadToken(Exception):
    """The link was altered, has expired, is not for this purpose, or names nothing."""


def make_token(signature_id: int, purpose: str) -> str:
    return signing.dumps(signature_id, salt=_SALT + purpose, compress=False)


def read_token(token: str, purpose: str) -> int:
    if len(token) > MAX_TOKEN:
        raise BadToken("too long")
    max_age = CONFIRM_MAX_AGE if purpose == CONFIRM else None
    try:
        value = signing.loads(token, salt=_SALT + purpose, max_age=max_age)
    except (signing.BadSignature, ValueError) as error:  # SignatureExpired included
        raise BadToken(str(error)) from None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise BadToken("not a signature")
    return value
