"""The signed link of a survey invitation: it names the invitation, signed with the site's
key and a salt of its own. It does not expire: it serves until the survey closes and shows
the answers read-only afterwards; it is only as good as the invitation it names."""

from __future__ import annotations

from django.core import signing

_SALT = "crossroads.engagement.survey-invitation"


class BadToken(Exception):
    """The link was altered, is incomplete, or names no invitation."""


def make_token(invitation_id: int) -> str:
    return signing.dumps(invitation_id, salt=_SALT, compress=False)


def read_token(token: str) -> int:
    if len(token) > 200:
        raise BadToken("too long")
    try:
        value = signing.loads(token, salt=_SALT)
    except (signing.BadSignature, ValueError) as error:
        raise BadToken(str(error)) from None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise BadToken("not an invitation")
    return value
