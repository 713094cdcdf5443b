"""Names who makes the changes of a request, for the audit log. The account is only read
when something audited is written, so requests that write nothing pay nothing."""

from __future__ import annotations

from ninja.errors import AuthenticationError

from crossroads.api.auth import bearer_key, caller
from crossroads.api.services import prefix_of
from crossroads.audit.context import PARTICIPANT, VISITOR, Actor, acting


class AuditActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting(resolve=lambda: actor_of(request)):
            return self.get_response(request)


def actor_of(request) -> Actor:
    """The request's account, named by its address when it is staff (editors, secretariats,
    administrators); participants and visitors are not named, so that the log keeps no
    personal trace of what they did to their own registrations and signatures."""
    request_id = (getattr(request, "request_id", "") or request.headers.get("X-Request-Id", ""))[
        :64
    ]
    user = request.user
    label = ""
    if not user.is_authenticated:
        try:
            key = bearer_key(request)
        except AuthenticationError:  # not a bearer token: a visitor
            key = None
        if key:
            label = f"API token {prefix_of(key)}"
            try:
                user = caller(request)
            except AuthenticationError:
                return Actor(user=None, label=label, request_id=request_id)
    if not user.is_authenticated:
        return Actor(user=None, label=label or VISITOR, request_id=request_id)
    if not user.is_staff:
        return Actor(user=None, label=label or PARTICIPANT, request_id=request_id)
    return Actor(user=user, label=label or user.email or user.get_username(), request_id=request_id)
