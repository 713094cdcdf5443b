"""Who is calling: ``Authorization: Bearer <key>`` names an account through its token.

Writes require a token (``TokenAuth``); reads take one optionally (``caller``), so that
editors see the unpublished items they may preview, as they do on the site.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from crossroads.api.services import user_for_key

#: Set on the request once its token has been read.
_CALLER = "_crossroads_api_caller"


def bearer_key(request) -> str | None:
    """The key of the request's ``Authorization: Bearer`` header; None without one."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _space, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise AuthenticationError(message=_("Use the header “Authorization: Bearer <key>”."))
    return key.strip()


def caller(request):
    """The account whose token the request carries, or ``AnonymousUser`` without one;
    AuthenticationError (401) for a token that is unknown, revoked or not a bearer token."""
    if not hasattr(request, _CALLER):
        key = bearer_key(request)
        user = AnonymousUser() if key is None else user_for_key(key)
        if user is None:
            raise AuthenticationError(message=_("This token is unknown or has been revoked."))
        setattr(request, _CALLER, user)
    return getattr(request, _CALLER)


class TokenAuth(HttpBearer):
    """Required token: 401 without a valid one."""

    def __call__(self, request):
        user = caller(request)
        if not user.is_authenticated:
            raise AuthenticationError(
                message=_("This needs a token: “Authorization: Bearer <key>”.")
            )
        return user

    def authenticate(self, request, token):
        return user_for_key(token)
