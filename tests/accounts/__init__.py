"""Helpers for the account tests: accounts made directly (not through the services under
test), the links in the mail sent, and expired links."""

from __future__ import annotations

import datetime as dt
import re
import time

from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.utils import timezone

from crossroads.accounts.models import Profile

#: A password Django's validators accept, unlike the addresses and names used here.
PASSWORD = "quiet-lantern-47-orchard"


def make_account(
    email: str = "amina@example.org",
    *,
    password: str = PASSWORD,
    name: str = "Amina Odhiambo",
    language: str = "en",
    verified: bool = True,
    **profile,
):
    """An account as signing up and confirming leave it (``verified=False``: awaiting
    confirmation)."""
    user = get_user_model().objects.create_user(
        username=email, email=email, password=password, is_active=verified
    )
    Profile.objects.create(
        user=user,
        name=name,
        language=language,
        email_verified_at=timezone.now() if verified else None,
        **profile,
    )
    return user


def link_path(message, marker: str) -> str:
    """The path of the link in ``message``'s text containing ``marker``."""
    found = re.search(r"https?://[^/\s]+(\S*" + re.escape(marker) + r"\S*)", message.body)
    assert found, f"no link with {marker!r} in {message.body!r}"
    return found.group(1)


def subjects() -> list[str]:
    return [message.subject for message in mail.outbox]


def html_part(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


class Later:
    """Stands in for the ``time`` module inside ``django.core.signing``: signed links
    read ``seconds`` from now."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def time(self) -> float:
        return time.time() + self.seconds


def after(monkeypatch, delta: dt.timedelta) -> None:
    """From now on in this test, signed links are checked ``delta`` later."""
    monkeypatch.setattr(signing, "time", Later(delta.total_seconds()))
