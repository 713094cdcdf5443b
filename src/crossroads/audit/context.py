"""Who is acting, for the audit log: set by the request middleware, by the `crossroads`
command, or by code that loads data in bulk (``suspended``). Imports no model, so the
command may use it before Django is set up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

#: The labels of changes made outside any request or command, by a visitor (no account)
#: and by a participant (an account with no role): stored as they are, translated when shown.
SYSTEM = "system"
VISITOR = "visitor"
PARTICIPANT = "participant"
#: A subcommand word (``demo load``), as opposed to an argument such as an address or a path.
_SUBCOMMAND = re.compile(r"^[a-z][a-z-]*$")


@dataclass(frozen=True)
class Actor:
    """Who the log names: an account (or None) and a text that outlives it."""

    user: object | None
    label: str
    request_id: str = ""


@dataclass(frozen=True)
class _Acting:
    resolve: Callable[[], Actor]
    suspended: bool = False


_current: ContextVar[_Acting | None] = ContextVar("crossroads_audit_acting", default=None)


@contextmanager
def acting(
    *, actor=None, label: str = "", request_id: str = "", resolve: Callable[[], Actor] | None = None
) -> Iterator[None]:
    """Name who makes the changes inside the block: ``actor`` (an account, or None) with
    ``label``, or ``resolve``, called at the first change (a request's account is only read
    when something is written)."""
    if resolve is None:
        fixed = Actor(user=actor, label=label or SYSTEM, request_id=request_id)

        def resolve() -> Actor:
            return fixed

    token = _current.set(_Acting(resolve=_remembered(resolve)))
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def suspended() -> Iterator[None]:
    """Record nothing inside the block: for loading data in bulk (the demo dataset), where
    the log would only repeat the data."""
    outer = _current.get()
    token = _current.set(_Acting(resolve=outer.resolve if outer else _system, suspended=True))
    try:
        yield
    finally:
        _current.reset(token)


def is_suspended() -> bool:
    acting_now = _current.get()
    return acting_now is not None and acting_now.suspended


def current_actor() -> Actor:
    """Who is acting now (``system`` outside any request or command)."""
    acting_now = _current.get()
    return acting_now.resolve() if acting_now else _system()


def command_label(argv: list[str]) -> str:
    """``command: events anonymise`` for ``crossroads events anonymise --days 30``: the
    command and its subcommand, never its arguments (addresses, paths)."""
    if len(argv) < 2:
        return SYSTEM
    words = argv[1:3] if len(argv) > 2 and _SUBCOMMAND.match(argv[2]) else argv[1:2]
    return "command: " + " ".join(words)


def _system() -> Actor:
    return Actor(user=None, label=SYSTEM)


def _remembered(resolve: Callable[[], Actor]) -> Callable[[], Actor]:
    found: list[Actor] = []

    def once() -> Actor:
        if not found:
            found.append(resolve())
        return found[0]

    return once
