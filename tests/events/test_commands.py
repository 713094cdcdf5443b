"""The daily registration tasks, as an operator runs them."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from crossroads.events import services
from crossroads.events.models import Registration
from tests.events.registering import details, open_event

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("events", *args, stdout=out)
    return out.getvalue()


def confirmed(event, n):
    return services.confirm_email(
        registration=services.register(event=event, details=details(n))[0]
    )


def test_send_reminders_is_idempotent(django_capture_on_commit_callbacks):
    # The event has no city or time zone of its own: its days are UTC's, as the test's.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    event = open_event(start_date=tomorrow, end_date=tomorrow)
    confirmed(event, 0)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = run("send-reminders")
        second = run("send-reminders")

    assert (first, second) == ("Reminders sent: 1.\n", "Reminders sent: 0.\n")
    assert [m.subject for m in mail.outbox] == [f"Tomorrow: {event.title}"]


def test_anonymise_uses_the_configured_retention(settings):
    settings.REGISTRATION_RETENTION_DAYS = 30
    today = timezone.localdate()
    event = open_event(start_date=today, end_date=today)
    registration = confirmed(event, 0)
    event.start_date = event.end_date = today - dt.timedelta(days=31)
    event.save()

    assert run("anonymise", "--days", "60") == (
        "Registrations anonymised: 0 (events that ended more than 60 days ago).\n"
    )
    assert run("anonymise") == (
        "Registrations anonymised: 1 (events that ended more than 30 days ago).\n"
    )
    registration.refresh_from_db()
    assert registration.email == ""


def test_a_negative_retention_is_refused():
    with pytest.raises(CommandError, match=r"--days must be 0 or more\."):
        run("anonymise", "--days", "-1")
    assert Registration.objects.count() == 0
