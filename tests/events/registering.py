"""Helpers for registration tests: an open event, a person's details, the mail sent."""

from __future__ import annotations

from django.core import mail

from crossroads.events.services import Details
from tests.factories import EventFactory


def open_event(**fields):
    """A published in-person event a month ahead, open for registration, no limit."""
    return EventFactory(**{"registration_mode": "open", **fields})


def details(n: int = 0, **fields) -> Details:
    return Details(
        **{
            "name": f"Person {n}",
            "email": f"person{n}@example.org",
            "attendance_mode": "in_person",
            **fields,
        }
    )


def subjects() -> list[str]:
    return [message.subject for message in mail.outbox]


def link_in(message, marker: str) -> str:
    """The path of the first link in ``message``'s text containing ``marker``."""
    for word in message.body.split():
        if marker in word:
            return "/" + word.split("://", 1)[1].split("/", 1)[1]
    raise AssertionError(f"no link with {marker!r} in {message.body!r}")


def form_data(**fields) -> dict:
    """The registration form, filled in as a person would."""
    return {
        "name": "Amina Hassan",
        "email": "amina@example.org",
        "organisation": "Municipality of Kakuma",
        "organisation_kind": "local_government",
        "title": "Planning officer",
        "city": "Kakuma",
        "country": "KE",
        "attendance_mode": "in_person",
        "language": "en",
        "accessibility_needs": "",
        "consent": "on",
        **fields,
    }
