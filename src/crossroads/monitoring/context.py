"""The request being answered, for code that has no request at hand: the log lines and
the audit trail read its id from here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest

_request: ContextVar[HttpRequest | None] = ContextVar("crossroads_request", default=None)


@contextmanager
def answering(request: HttpRequest) -> Iterator[None]:
    """Make ``request`` the current one while the block runs."""
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


def current_request() -> HttpRequest | None:
    """The request being answered (None outside one: commands, tasks, start-up)."""
    return _request.get()


def current_request_id() -> str | None:
    """The id of the request being answered, as sent in its ``X-Request-ID`` header."""
    request = _request.get()
    return getattr(request, "request_id", None) if request is not None else None
