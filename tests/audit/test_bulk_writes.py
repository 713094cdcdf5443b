"""Writes that send no signal (``update()``, ``bulk_create``) are logged by the services
that make them; and a command names itself."""

import datetime as dt
import sys

import pytest
from django.db import connections
from django.utils import timezone

from crossroads.__main__ import main
from crossroads.audit.models import Action, AuditEntry
from crossroads.engagement.models import Pledger
from crossroads.engagement.pledges import services as pledges
from crossroads.events import services as events
from crossroads.events.models import Registration
from tests.audit.helpers import entries_of
from tests.engagement.pledging import make_place, pledge
from tests.events.registering import details, open_event

pytestmark = pytest.mark.django_db


def ended_registration() -> Registration:
    today = timezone.localdate()
    event = open_event(start_date=today, end_date=today)
    registration = events.register(event=event, details=details(0))[0]
    event.start_date = event.end_date = today - dt.timedelta(days=100)
    event.save()
    return registration


def test_anonymising_past_registrations_is_logged_without_the_erased_details():
    registration = ended_registration()
    now = timezone.now()

    assert events.anonymise_past(days=90, now=now) == 1

    entry = AuditEntry.objects.filter(object_id=str(registration.pk)).latest("pk")
    assert (entry.action, entry.changes) == (
        Action.CHANGED,
        {"anonymised_at": [None, now.astimezone(dt.UTC).isoformat()]},
    )
    assert entry.object_repr == f"registration #{registration.pk}"
    assert registration.email not in str(list(AuditEntry.objects.values_list("changes")))


def test_a_pledges_new_pledgers_are_logged():
    place = make_place()
    made = pledge()

    created = pledges.set_pledgers(pledge=made, entities=[place.kampala, place.kisumu])

    assert [
        (entry.object_id, entry.action, entry.changes["city"]) for entry in entries_of(Pledger)
    ] == [
        (str(created[0].pk), Action.CREATED, [None, place.kampala.pk]),
        (str(created[1].pk), Action.CREATED, [None, place.kisumu.pk]),
    ]


def test_a_command_names_itself_in_the_log(monkeypatch, capsys):
    registration = ended_registration()
    monkeypatch.setattr(sys, "argv", ["crossroads", "events", "anonymise", "--days", "90"])
    # A command closes the database connections when it ends: keep the test's open.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    main()

    entry = AuditEntry.objects.filter(object_id=str(registration.pk)).latest("pk")
    assert entry.actor_label == "command: events anonymise"
    assert "Registrations anonymised: 1" in capsys.readouterr().out
