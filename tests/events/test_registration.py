"""Registration services: every status transition, places and the waiting list, mail with
its calendar file, reminders and anonymisation."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from crossroads.accounts.models import Grant
from crossroads.events import services
from crossroads.events.models import Registration
from tests.events.registering import details, open_event, subjects
from tests.factories import CityFactory, ItemActorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the callbacks (mail) that wait for the transaction to commit."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


@pytest.fixture
def editor(django_user_model):
    def make(event):
        organisation = OrganisationFactory()
        ItemActorFactory(item=event, organisation=organisation)
        user = django_user_model.objects.create_user("editor", "editor@example.org", "x")
        Grant.objects.create(user=user, role="editor", organisation=organisation)
        return user

    return make


def register_confirmed(event, n, **fields):
    registration, _new = services.register(event=event, details=details(n, **fields))
    return services.confirm_email(registration=registration)


def test_a_new_registration_waits_for_its_address(commit):
    event = open_event(title="Peer learning in Kakuma")

    registration, new = commit(services.register, event=event, details=details(1))

    assert new is True
    assert registration.status == "pending_email"
    assert registration.email == "person1@example.org"
    assert subjects() == ["Confirm your registration: Peer learning in Kakuma"]
    assert "/events/registrations/confirm/" in mail.outbox[0].body


def test_confirming_the_address_confirms_the_place_with_a_calendar_file(commit):
    event = open_event(
        title="Hub meeting",
        city=CityFactory(name="Kampala", timezone="Africa/Kampala"),
        start_time=dt.time(9, 30),
        end_time=dt.time(17),
    )
    registration, _new = services.register(event=event, details=details(1))

    confirmed = commit(services.confirm_email, registration=registration)

    assert confirmed.status == "confirmed"
    assert confirmed.confirmed_at is not None
    message = mail.outbox[-1]
    assert message.subject == "You are registered: Hub meeting"
    ((name, content, mimetype),) = message.attachments
    assert (name, mimetype) == ("event.ics", "text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    start = vevent.decoded("DTSTART")
    assert start.tzinfo.key == "Africa/Kampala"
    assert (start.date(), start.time()) == (event.start_date, dt.time(9, 30))
    assert vevent.decoded("DTEND").time() == dt.time(17)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Africa/Kampala"]


def test_the_calendar_file_carries_the_online_link_only_when_confirmed(commit):
    event = open_event(attendance_mode="virtual", online_url="https://meet.example.org/abc")
    registration, _new = commit(
        services.register, event=event, details=details(1, attendance_mode="virtual")
    )
    assert "meet.example.org" not in mail.outbox[-1].body
    assert mail.outbox[-1].attachments == []

    commit(services.confirm_email, registration=registration)

    message = mail.outbox[-1]
    assert "https://meet.example.org/abc" in message.body
    (vevent,) = icalendar.Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert "https://meet.example.org/abc" in vevent["DESCRIPTION"]


def test_confirming_twice_changes_nothing(commit):
    event = open_event()
    registration = register_confirmed(event, 1)
    mail.outbox.clear()

    again = commit(services.confirm_email, registration=registration)

    assert again.status == "confirmed"
    assert mail.outbox == []


def test_registering_the_same_address_again_sends_the_registration_back(commit):
    event = open_event(title="Forum")
    first = register_confirmed(event, 1)

    again, new = commit(
        services.register, event=event, details=details(1, email=" PERSON1@Example.org ")
    )

    assert (again.pk, new) == (first.pk, False)
    assert Registration.objects.count() == 1
    assert subjects()[-1] == "Your registration: Forum"


def test_a_cancelled_registration_does_not_block_registering_again():
    event = open_event()
    first = register_confirmed(event, 1)
    services.cancel(registration=first)

    again, new = services.register(event=event, details=details(1))

    assert new is True and again.pk != first.pk


def test_a_signed_in_person_with_the_same_address_is_placed_at_once(django_user_model, commit):
    user = django_user_model.objects.create_user("p", "person1@example.org", "x")
    event = open_event()

    registration, _new = commit(services.register, event=event, details=details(1), user=user)

    assert registration.status == "confirmed"
    assert registration.user == user
    assert subjects() == [f"You are registered: {event.title}"]


def test_a_signed_in_person_registering_another_address_confirms_it(django_user_model):
    user = django_user_model.objects.create_user("p", "someone@example.org", "x")

    registration, _new = services.register(event=open_event(), details=details(1), user=user)

    assert (registration.status, registration.user) == ("pending_email", None)


def test_places_are_given_in_order_then_the_waiting_list(commit):
    event = open_event(capacity_in_person=2)

    statuses = [register_confirmed(event, n).status for n in range(4)]

    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert services.places_left(event) == {"in_person": 0}


def test_hybrid_events_count_places_per_way_of_attending():
    event = open_event(attendance_mode="hybrid", capacity_in_person=1, capacity_online=2)

    results = [
        register_confirmed(event, 0, attendance_mode="in_person").status,
        register_confirmed(event, 1, attendance_mode="in_person").status,
        register_confirmed(event, 2, attendance_mode="virtual").status,
        register_confirmed(event, 3, attendance_mode="virtual").status,
    ]

    assert results == ["confirmed", "waitlisted", "confirmed", "confirmed"]
    assert services.places_left(event) == {"in_person": 0, "virtual": 0}


def test_a_freed_place_goes_to_the_first_person_waiting_for_that_way(commit):
    event = open_event(attendance_mode="hybrid", capacity_in_person=1, capacity_online=1)
    holder = register_confirmed(event, 0, attendance_mode="in_person")
    register_confirmed(event, 1, attendance_mode="virtual")
    waiting_online = register_confirmed(event, 2, attendance_mode="virtual")
    first_waiting = register_confirmed(event, 3, attendance_mode="in_person")
    second_waiting = register_confirmed(event, 4, attendance_mode="in_person")
    mail.outbox.clear()

    commit(services.cancel, registration=holder)

    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses[holder.pk] == "cancelled"
    assert statuses[first_waiting.pk] == "confirmed"
    assert statuses[second_waiting.pk] == "waitlisted"
    assert statuses[waiting_online.pk] == "waitlisted"
    assert sorted(message.to[0] for message in mail.outbox) == [
        "person0@example.org",
        "person3@example.org",
    ]
    promoted = next(m for m in mail.outbox if m.to == ["person3@example.org"])
    assert promoted.subject.startswith("A place is yours")
    assert promoted.attachments[0][0] == "event.ics"


def test_cancelling_a_waiting_or_pending_registration_promotes_no_one():
    event = open_event(capacity_in_person=1)
    register_confirmed(event, 0)
    waiting = register_confirmed(event, 1)
    later = register_confirmed(event, 2)

    services.cancel(registration=waiting)

    later.refresh_from_db()
    assert later.status == "waitlisted"


def test_cancelling_twice_changes_nothing(commit):
    registration = register_confirmed(open_event(), 0)
    services.cancel(registration=registration)
    mail.outbox.clear()

    again = commit(services.cancel, registration=registration)

    assert again.status == "cancelled" and mail.outbox == []


def test_without_a_waiting_list_a_late_confirmation_finds_the_event_full(commit):
    event = open_event(capacity_in_person=1, waitlist_enabled=False)
    register_confirmed(event, 0)
    late, _new = services.register(event=event, details=details(1))

    late = commit(services.confirm_email, registration=late)

    assert late.status == "cancelled"
    assert subjects()[-1] == f"No place left: {event.title}"


def test_raising_the_capacity_fills_the_new_places_in_order():
    event = open_event(capacity_in_person=1)
    for n in range(4):
        register_confirmed(event, n)
    event.capacity_in_person = 3
    event.save()

    promoted = services.fill_free_places(event=event)

    assert promoted == 2
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
        "confirmed",
        "waitlisted",
    ]


def test_approval_required_then_accepted_or_declined(editor, commit):
    event = open_event(approval_required=True, capacity_in_person=1)
    user = editor(event)
    first = register_confirmed(event, 0)
    second = register_confirmed(event, 1)
    third = register_confirmed(event, 2)
    assert [first.status, second.status, third.status] == ["pending_approval"] * 3

    assert commit(services.approve, registration=first, by=user).status == "confirmed"
    assert commit(services.approve, registration=second, by=user).status == "waitlisted"
    assert commit(services.decline, registration=third, by=user).status == "cancelled"
    assert subjects()[-1] == f"Registration not accepted: {event.title}"
    with pytest.raises(ValidationError):
        services.approve(registration=first, by=user)


def test_check_in_and_its_undoing(editor):
    event = open_event()
    user = editor(event)
    registration = register_confirmed(event, 0)

    attended = services.check_in(registration=registration, by=user)
    assert (attended.status, attended.attended_at is not None) == ("attended", True)
    with pytest.raises(ValidationError):
        services.cancel(registration=attended)
    undone = services.check_in(registration=attended, by=user, attended=False)
    assert (undone.status, undone.attended_at) == ("confirmed", None)
    waiting, _new = services.register(event=event, details=details(1))
    with pytest.raises(ValidationError):
        services.check_in(registration=waiting, by=user)


def test_only_the_events_editors_manage_its_registrations(django_user_model, editor):
    event = open_event(approval_required=True)
    editor(event)
    stranger = django_user_model.objects.create_user("s", "s@example.org", "x")
    registration = register_confirmed(event, 0)

    for operation in (services.approve, services.decline, services.check_in, services.cancel):
        with pytest.raises(PermissionDenied):
            operation(registration=registration, by=stranger)
    with pytest.raises(PermissionDenied):
        services.message_participants(event=event, subject="Hi", body="Hello", by=stranger)
    registration.refresh_from_db()
    assert registration.status == "pending_approval"


def test_a_person_cancels_their_own_registration_from_their_account(django_user_model):
    user = django_user_model.objects.create_user("p", "person0@example.org", "x")
    event = open_event()
    registration, _new = services.register(event=event, details=details(0), user=user)

    assert services.cancel(registration=registration, by=user).status == "cancelled"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"registration_mode": "closed"}, "does not take registrations"),
        ({"registration_mode": "coming_soon"}, "does not take registrations"),
        ({"registration_mode": "external", "registration_url": "https://x.org"}, "does not"),
        ({"status": "draft", "published_at": None}, "does not take registrations"),
        ({"registration_deadline": timezone.now() - dt.timedelta(minutes=1)}, "does not"),
        (
            {
                "start_date": timezone.localdate() - dt.timedelta(days=3),
                "end_date": timezone.localdate() - dt.timedelta(days=2),
            },
            "does not take registrations",
        ),
    ],
)
def test_registering_is_refused_when_the_event_does_not_take_it(fields, message):
    event = open_event(**fields)

    with pytest.raises(ValidationError, match=message):
        services.register(event=event, details=details(0))
    assert Registration.objects.count() == 0


def test_a_way_of_attending_the_event_does_not_offer_is_refused():
    with pytest.raises(ValidationError, match="Choose how you will attend"):
        services.register(event=open_event(), details=details(0, attendance_mode="virtual"))
    assert Registration.objects.count() == 0


def test_an_invalid_address_is_refused_and_nothing_is_written():
    with pytest.raises(ValidationError):
        services.register(event=open_event(), details=details(0, email="not an address"))
    assert Registration.objects.count() == 0


def test_mail_is_in_the_participants_language(commit):
    event = open_event()

    commit(services.register, event=event, details=details(0, language="fr"))

    ((html, mimetype),) = mail.outbox[0].alternatives
    assert mimetype == "text/html"
    assert '<html lang="fr" dir="ltr">' in html
    commit(services.register, event=event, details=details(1, language="ar"))
    assert '<html lang="ar" dir="rtl">' in mail.outbox[1].alternatives[0][0]


def test_names_are_escaped_in_the_html_part_and_plain_in_the_text(commit):
    commit(services.register, event=open_event(), details=details(0, name="<b>Amal & Co</b>"))

    message = mail.outbox[0]
    assert "Hello <b>Amal & Co</b>," in message.body
    assert "Hello &lt;b&gt;Amal &amp; Co&lt;/b&gt;," in message.alternatives[0][0]


def test_messages_reach_confirmed_participants_only(editor, commit):
    event = open_event(capacity_in_person=1)
    user = editor(event)
    register_confirmed(event, 0)
    register_confirmed(event, 1)  # waiting
    services.register(event=event, details=details(2))  # pending its address
    mail.outbox.clear()

    sent = commit(
        services.message_participants,
        event=event,
        subject="Venue change",
        body="We meet in room 4.",
        by=user,
    )

    assert sent == 1
    assert [m.to for m in mail.outbox] == [["person0@example.org"]]
    assert mail.outbox[0].subject == f"{event.title}: Venue change"
    assert mail.outbox[0].reply_to == ["editor@example.org"]
    assert "We meet in room 4." in mail.outbox[0].body
    with pytest.raises(ValidationError):
        services.message_participants(event=event, subject=" ", body="x", by=user)


def test_reminders_go_the_day_before_once(commit):
    now = timezone.now()
    tomorrow = open_event(
        start_date=now.date() + dt.timedelta(days=1), end_date=now.date() + dt.timedelta(days=1)
    )
    later = open_event(
        start_date=now.date() + dt.timedelta(days=5), end_date=now.date() + dt.timedelta(days=5)
    )
    register_confirmed(tomorrow, 0)
    register_confirmed(tomorrow, 1)
    services.cancel(registration=register_confirmed(tomorrow, 2))
    register_confirmed(later, 3)
    mail.outbox.clear()

    assert commit(services.send_reminders, now=now) == 2
    assert commit(services.send_reminders, now=now) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["person0@example.org", "person1@example.org"]
    assert all(m.subject == f"Tomorrow: {tomorrow.title}" for m in mail.outbox)


def test_tomorrow_is_the_events_own_tomorrow():
    # 23:30 in UTC is already the next day in Nairobi (UTC+3).
    now = dt.datetime(2030, 5, 9, 23, 30, tzinfo=dt.UTC)
    nairobi = CityFactory(timezone="Africa/Nairobi")
    event = open_event(city=nairobi, start_date=dt.date(2030, 5, 11), end_date=dt.date(2030, 5, 11))
    register_confirmed(event, 0)

    assert services.send_reminders(now=now) == 1


def test_anonymising_past_events_keeps_the_counts():
    today = timezone.localdate()
    past = open_event(start_date=today, end_date=today)
    registration = register_confirmed(past, 0, organisation="City of Kisumu", city="Kisumu")
    Registration.objects.filter(pk=registration.pk).update(status="attended")
    past.start_date = past.end_date = today - dt.timedelta(days=100)
    past.save()
    recent = open_event()
    kept = register_confirmed(recent, 1)

    assert services.anonymise_past(days=90) == 1

    registration.refresh_from_db()
    assert (registration.name, registration.email, registration.organisation) == ("", "", "")
    assert (registration.status, registration.attendance_mode) == ("attended", "in_person")
    assert registration.anonymised_at is not None
    kept.refresh_from_db()
    assert kept.email == "person1@example.org"
    assert services.anonymise_past(days=90) == 0


def test_erasing_a_live_registration_cancels_it_and_frees_the_place():
    event = open_event(capacity_in_person=1)
    holder = register_confirmed(event, 0)
    waiting = register_confirmed(event, 1)

    services.anonymise_registration(registration=holder)

    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (holder.status, holder.email, holder.name) == ("cancelled", "", "")
    assert waiting.status == "confirmed"


def test_a_persons_data_holds_what_they_gave():
    registration = register_confirmed(
        open_event(title="Forum"), 0, accessibility_needs="Sign language"
    )

    data = services.registration_data(registration)

    assert data["event"]["title"] == "Forum"
    assert (data["name"], data["email"], data["status"]) == (
        "Person 0",
        "person0@example.org",
        "confirmed",
    )
    assert data["accessibility_needs"] == "Sign language"
    assert data["confirmed"] is not None and data["cancelled"] is None
