"""Registrations under contention, through real connections: one thread per person, all
released at once, on the configured database (SQLite or PostgreSQL)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from crossroads.events import services
from crossroads.events.models import Registration
from tests.events.registering import details, open_event

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 100
PLACES = 30


def free_connections() -> int:
    """How many more connections the database accepts (PostgreSQL caps them, 100 by
    default, shared with whatever else runs; SQLite does not)."""
    if connection.vendor != "postgresql":
        return PEOPLE
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_connections')::int"
            " - current_setting('superuser_reserved_connections')::int"
            " - (SELECT count(*) FROM pg_stat_activity)"
        )
        return cursor.fetchone()[0]


def all_at_once(function, arguments: list) -> list:
    """Call ``function`` for every argument from as many threads as there are arguments
    (or as the database has connections to spare, keeping a few for others), each with a
    connection of its own, all released together."""
    workers = max(2, min(len(arguments), free_connections() - 5))
    start = threading.Barrier(workers)
    shares = [arguments[index::workers] for index in range(workers)]

    def run(share):
        try:
            start.wait()
            return [(argument, function(argument)) for argument in share]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = dict(pair for results in pool.map(run, shares) for pair in results)
    return [done[argument] for argument in arguments]


@pytest.fixture
def people(django_user_model):
    """Accounts whose addresses are confirmed: each registration is placed at once."""
    return [
        django_user_model.objects.create_user(f"p{n}", f"person{n}@example.org", "x")
        for n in range(PEOPLE)
    ]


def test_a_hundred_people_for_thirty_places(people):
    event = open_event(capacity_in_person=PLACES)

    results = all_at_once(
        lambda n: services.register(event=event, details=details(n), user=people[n])[0].status,
        list(range(PEOPLE)),
    )

    assert results.count("confirmed") == PLACES
    assert results.count("waitlisted") == PEOPLE - PLACES
    stored = list(Registration.objects.values_list("status", flat=True))
    assert (stored.count("confirmed"), stored.count("waitlisted")) == (PLACES, PEOPLE - PLACES)

    # The waiting list is served in the order people joined it.
    queue = list(
        Registration.objects.filter(status="waitlisted")
        .order_by("waitlisted_at", "pk")
        .values_list("pk", flat=True)
    )
    leaving = list(Registration.objects.filter(status="confirmed")[:5])

    all_at_once(lambda registration: services.cancel(registration=registration), leaving)

    assert Registration.objects.filter(status="confirmed").count() == PLACES
    promoted = set(
        Registration.objects.filter(pk__in=queue, status="confirmed").values_list("pk", flat=True)
    )
    assert promoted == set(queue[:5])
    assert Registration.objects.filter(status="waitlisted").count() == PEOPLE - PLACES - 5


def test_confirmations_arriving_together_never_oversell():
    event = open_event(capacity_in_person=PLACES, waitlist_enabled=False)
    pending = [services.register(event=event, details=details(n))[0] for n in range(PEOPLE)]

    all_at_once(lambda registration: services.confirm_email(registration=registration), pending)

    statuses = list(Registration.objects.values_list("status", flat=True))
    assert statuses.count("confirmed") == PLACES
    assert statuses.count("cancelled") == PEOPLE - PLACES


def test_the_same_address_registering_twice_at_once_gets_one_registration(people):
    event = open_event()

    results = all_at_once(
        lambda _: services.register(event=event, details=details(7))[1], list(range(10))
    )

    assert sorted(results) == [False] * 9 + [True]
    assert Registration.objects.count() == 1
