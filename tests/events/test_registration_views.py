"""Registering through the pages: the form, the mail's links, the person's own page, the
online link shown to confirmed participants only, and hostile input."""

import datetime as dt
import json
from unittest import mock

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crossroads.events import services, tokens
from crossroads.events.models import Registration
from tests.content.pages import html
from tests.events.registering import details, form_data, link_in, open_event
from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db

SECRET = "https://meet.example.org/secret-room"


@pytest.fixture
def event():
    CountryFactory(code="KE", name="Kenya")
    return open_event(
        title="Hybrid hub meeting",
        slug="hub",
        attendance_mode="hybrid",
        online_url=SECRET,
        capacity_in_person=1,
    )


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def send(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return send


def register_url(event) -> str:
    return reverse("events:register", args=[event.slug])


def test_the_event_page_offers_registration_with_the_places_left(client, event):
    page = html(client.get(event.get_absolute_url()))

    assert '<a class="button" href="/events/hub/register/">Register</a>' in page
    assert "<li>In person: 1 place left</li>" in page
    assert "<li>Online: places available</li>" in page
    assert '<p class="note">Register to receive the link to join online.</p>' in page
    assert SECRET not in page


def test_an_empty_post_is_a_form_with_every_field_missing(client, event, post):
    response = post(register_url(event), {})

    assert response.status_code == 400
    assert "This field is required." in html(response)
    assert not Registration.objects.exists()


def test_registering_confirming_and_seeing_the_online_link(client, event, post):
    response = post(register_url(event), form_data(attendance_mode="virtual"))

    assert response.status_code == 302
    assert response["Location"] == "/events/hub/register/sent/"
    assert "Check your mail" in html(client.get(response["Location"]))
    registration = Registration.objects.get()
    assert (registration.status, registration.country_id) == ("pending_email", "KE")
    assert SECRET not in html(client.get(event.get_absolute_url()))

    link = link_in(mail.outbox[0], "/confirm/")
    opened = html(client.get(link))
    assert "One step left: confirm that amina@example.org is your address." in opened
    assert Registration.objects.get().status == "pending_email"  # opening changes nothing
    confirm = client.post(link)

    assert confirm.status_code == 302
    page = html(client.get(confirm["Location"]))
    assert "<strong>Confirmed</strong>" in page
    assert f'<a class="button" href="{SECRET}" rel="noopener">Join online</a>' in page
    event_page = html(client.get(event.get_absolute_url()))
    assert f'<a class="button" href="{SECRET}" rel="noopener">Join online</a>' in event_page
    assert "You are registered: Confirmed." in event_page


def test_another_browser_does_not_see_the_link(client, event, post, django_user_model):
    post(register_url(event), form_data())
    client.post(link_in(mail.outbox[0], "/confirm/"))
    stranger = Client()
    assert SECRET not in stranger.get(event.get_absolute_url()).content.decode()
    user = django_user_model.objects.create_user("s", "s@example.org", "x")
    stranger.force_login(user)
    assert SECRET not in stranger.get(event.get_absolute_url()).content.decode()


def test_a_waitlisted_person_does_not_see_the_link(client, event, post):
    services.confirm_email(
        registration=services.register(event=event, details=details(9))[0]
    )  # takes the one in-person place
    post(register_url(event), form_data())
    page = html(client.get(client.post(link_in(mail.outbox[-1], "/confirm/"))["Location"]))

    assert "<strong>On the waiting list</strong>" in page
    assert SECRET not in page
    assert SECRET not in html(client.get(event.get_absolute_url()))


def test_the_same_address_gets_the_same_answer_without_revealing_anything(client, event, post):
    post(register_url(event), form_data())
    services.confirm_email(registration=Registration.objects.get())

    response = post(register_url(event), form_data(name="Someone else"))

    assert response["Location"] == "/events/hub/register/sent/"
    assert Registration.objects.count() == 1
    assert SECRET not in html(client.get(event.get_absolute_url()))


def test_a_signed_in_person_registers_in_one_click(client, event, post, django_user_model):
    user = django_user_model.objects.create_user("a", "amina@example.org", "x")
    client.force_login(user)

    form = html(client.get(register_url(event)))
    assert 'value="amina@example.org"' in form
    response = post(register_url(event), form_data())

    registration = Registration.objects.get()
    assert (registration.status, registration.user) == ("confirmed", user)
    assert response["Location"] == services.manage_url(registration)
    assert [m.subject for m in mail.outbox] == ["You are registered: Hybrid hub meeting"]


def test_form_errors_are_shown_and_nothing_is_written(client, event):
    response = client.post(register_url(event), form_data(email="nope", consent=""))

    assert response.status_code == 400
    page = html(response)
    assert "Enter a valid email address." in page
    assert "This field is required." in page
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "x" * 10_000},
        {"name": "Amina\x00"},
        {"email": "a\x00@example.org"},
        {"organisation": "<script>alert(1)</script>" * 500},
        {"country": "ZZ"},
        {"country": "'; DROP TABLE events_registration; --"},
        {"attendance_mode": "teleport"},
        {"language": "xx"},
        {"organisation_kind": "\x00"},
        {"accessibility_needs": "n" * 5000},
    ],
)
def test_hostile_input_is_refused_with_a_form_error(client, event, fields):
    response = client.post(register_url(event), form_data(**fields))

    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert Registration.objects.count() == 0


def test_html_in_names_is_shown_as_text(client, event, post):
    post(register_url(event), form_data(name="<script>alert(1)</script>"))
    page = client.post(link_in(mail.outbox[0], "/confirm/"), follow=True).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page


@pytest.mark.parametrize(
    "fields",
    [
        {"registration_mode": "closed"},
        {"registration_deadline": timezone.now() - dt.timedelta(hours=1)},
    ],
)
def test_a_closed_event_says_so_and_takes_nothing(client, fields):
    event = open_event(**fields)

    assert (
        "Register" not in html(client.get(event.get_absolute_url())).split("Registration")[1][:80]
    )
    response = client.post(register_url(event), form_data())

    assert response.status_code == 200
    assert "closed" in html(response)
    assert Registration.objects.count() == 0


def test_unknown_or_draft_events_have_no_registration_page(client):
    draft = open_event(status="draft", published_at=None)

    assert client.get("/events/no-such-event/register/").status_code == 404
    assert client.get(register_url(draft)).status_code == 404
    assert client.post(register_url(draft), form_data()).status_code == 404


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "1:forged:signature",
        tokens.make_token(99999, tokens.CONFIRM),
        "x" * 5000,
        "%00",
    ],
    # Named, not shown: the signed token holds the time it was made, and test workers
    # must collect the same names.
    ids=["nonsense", "forged", "no-such-registration", "10-kb", "nul"],
)
def test_forged_links_get_a_clear_page(client, token):
    for name in ("events:confirm-registration", "events:registration"):
        for method in (client.get, client.post):
            response = method(reverse(name, args=[token]))
            assert response.status_code == 400
            assert "This link does not work" in response.content.decode()


def test_a_confirmation_link_cannot_manage_and_expires(client, event, settings):
    registration, _new = services.register(event=event, details=details(1))
    confirm_token = tokens.make_token(registration.pk, tokens.CONFIRM)

    assert client.get(reverse("events:registration", args=[confirm_token])).status_code == 400

    later = timezone.now() + dt.timedelta(seconds=tokens.CONFIRM_MAX_AGE + 60)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.get(reverse("events:confirm-registration", args=[confirm_token]))
    assert response.status_code == 400
    assert "Confirmation links last seven days" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "pending_email"


def test_cancelling_from_the_link_frees_the_place(client, event, post):
    holder = services.confirm_email(
        registration=services.register(event=event, details=details(1))[0]
    )
    waiting = services.confirm_email(
        registration=services.register(event=event, details=details(2))[0]
    )
    page = services.manage_url(holder)

    assert client.get(page).status_code == 200
    response = post(page, {"action": "cancel"})

    assert response.status_code == 302
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (holder.status, waiting.status) == ("cancelled", "confirmed")
    assert "Your registration is cancelled." in html(client.get(page))


def test_an_unknown_action_changes_nothing(client, event):
    registration = services.confirm_email(
        registration=services.register(event=event, details=details(1))[0]
    )

    response = client.post(services.manage_url(registration), {"action": "delete_everything"})

    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_the_person_downloads_and_erases_their_data(client, event):
    registration = services.confirm_email(
        registration=services.register(event=event, details=details(1, accessibility_needs="Ramp"))[
            0
        ]
    )
    page = services.manage_url(registration)

    download = client.get(page + "data.json")
    assert download["Content-Disposition"] == 'attachment; filename="registration.json"'
    data = json.loads(download.content)
    assert (data["email"], data["accessibility_needs"]) == ("person1@example.org", "Ramp")

    response = client.post(page, {"action": "erase"})

    assert response["Location"] == event.get_absolute_url()
    registration.refresh_from_db()
    assert (registration.name, registration.email, registration.status) == ("", "", "cancelled")
    assert client.get(page).status_code == 400  # the link leads nowhere now


def test_the_calendar_file_from_the_persons_page(client, event):
    registration = services.confirm_email(
        registration=services.register(event=event, details=details(1, attendance_mode="virtual"))[
            0
        ]
    )

    response = client.get(services.manage_url(registration) + "calendar.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Hybrid hub meeting"
    assert SECRET in vevent["DESCRIPTION"]


@pytest.mark.parametrize("size", [1, 25])
def test_event_page_queries_are_bounded_for_a_registered_person(
    client, event, size, django_assert_max_num_queries
):
    for n in range(size):
        services.register(event=event, details=details(n, attendance_mode="virtual"))
    mine = services.confirm_email(registration=Registration.objects.first())
    client.get(services.manage_url(mine))

    with django_assert_max_num_queries(25):
        response = client.get(event.get_absolute_url())
    assert SECRET in response.content.decode()


@pytest.mark.parametrize("size", [1, 40])
def test_the_form_and_the_persons_page_run_a_bounded_number_of_queries(
    client, event, size, django_assert_max_num_queries
):
    for n in range(size):
        services.register(event=event, details=details(n, attendance_mode="virtual"))
    mine = services.confirm_email(registration=Registration.objects.first())

    with django_assert_max_num_queries(4):
        assert client.get(register_url(event)).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(services.manage_url(mine)).status_code == 200
