"""Properties of registration (hypothesis): any text within the form's limits is stored as
given; whatever the order of registrations and cancellations, never more confirmed than
the capacity, nobody waits while a place is free, one registration per address.

Each example runs in a transaction rolled back at its end, so examples do not see each
other's rows; the bound on examples keeps the suite fast (no deadline: the machine is
shared)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crossroads.events import services
from crossroads.events.models import Registration
from tests.events.registering import details, open_event
from tests.properties import EXAMPLES, rolled_back, text

pytestmark = pytest.mark.django_db


@EXAMPLES
@given(
    name=text(1, 200),
    organisation=text(0, 200),
    title=text(0, 200),
    city=text(0, 120),
    needs=text(0, 1000),
)
def test_any_text_within_the_limits_is_stored_as_given(db, name, organisation, title, city, needs):
    with rolled_back():
        event = open_event()
        given_details = details(
            name=name, organisation=organisation, title=title, city=city, accessibility_needs=needs
        )
        registration, new = services.register(event=event, details=given_details)

        stored = Registration.objects.get(pk=registration.pk)
        assert new
        assert (
            stored.name,
            stored.organisation,
            stored.title,
            stored.city,
            stored.accessibility_needs,
        ) == (name, organisation, title, city, needs)


#: A step: someone (of eight people) registers and confirms their address, or cancels.
STEPS = st.lists(st.tuples(st.sampled_from(["register", "cancel"]), st.integers(0, 7)), max_size=20)


@EXAMPLES
@given(capacity=st.integers(0, 4), waitlist=st.booleans(), steps=STEPS)
def test_the_places_and_the_waiting_list_hold_whatever_happens(db, capacity, waitlist, steps):
    with rolled_back():
        event = open_event(capacity_in_person=capacity, waitlist_enabled=waitlist)
        for action, person in steps:
            mine = Registration.objects.filter(
                event=event, email=f"person{person}@example.org"
            ).exclude(status="cancelled")
            before = mine.first()
            if action == "register":
                registration, new = services.register(event=event, details=details(person))
                assert (new, registration.pk) == (before is None, (before or registration).pk)
                services.confirm_email(registration=registration)
            elif before is not None:
                waiting = event_rows(event, "waitlisted")
                confirmed = event_rows(event, "confirmed")
                services.cancel(registration=before)
                if before.holds_place:
                    # The place freed goes to the first person waiting, if any.
                    after = event_rows(event, "confirmed")
                    assert len(after) == len(confirmed) - 1 + min(len(waiting), 1)
                    assert waiting[:1] == [pk for pk in after if pk in waiting]
            check_invariants(event, capacity, waitlist)


def event_rows(event, status: str) -> list[int]:
    return list(
        Registration.objects.filter(event=event, status=status)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def check_invariants(event, capacity: int, waitlist: bool) -> None:
    confirmed = event_rows(event, "confirmed")
    waiting = event_rows(event, "waitlisted")
    assert len(confirmed) <= capacity
    if not waitlist:
        assert waiting == []
    if waiting:
        assert len(confirmed) == capacity
    assert services.places_left(event) == {"in_person": capacity - len(confirmed)}
    active = Registration.objects.filter(event=event).exclude(status="cancelled")
    emails = list(active.values_list("email", flat=True))
    assert len(emails) == len(set(emails))


@EXAMPLES
@given(
    email=st.from_regex(r"[a-z0-9]([a-z0-9_+-]{0,18}[a-z0-9])?@[a-z]{1,12}\.org", fullmatch=True),
    again=st.sampled_from(["same", "upper", "spaced"]),
)
def test_the_same_address_twice_is_one_registration(db, email, again):
    with rolled_back():
        event = open_event()
        first, new = services.register(event=event, details=details(email=email))
        second_email = {"same": email, "upper": email.upper(), "spaced": f"  {email} "}[again]
        second, second_new = services.register(event=event, details=details(email=second_email))

        assert (new, second_new, second.pk) == (True, False, first.pk)
        assert Registration.objects.filter(event=event).count() == 1
