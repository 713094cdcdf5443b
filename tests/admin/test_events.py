"""Events in the admin: the add page with its inlines, validation, sessions, query counts."""

import datetime as dt

import pytest
from django.urls import reverse

from crossroads.content.models import Item, ItemActor, ItemTranslation, Status
from crossroads.events.models import Event, Participant, Session
from tests.admin.formdata import change_form_data, form_errors, inline_rows, management_form
from tests.factories import (
    CityFactory,
    EventDocumentFactory,
    EventFactory,
    ItemActorFactory,
    OfficeFactory,
    OrganisationFactory,
    PersonFactory,
    ResourceFactory,
    SessionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def event_data(city, **fields) -> dict:
    """The add page's POST for a three-day event in ``city``, with empty inlines."""
    return {
        "title": "Peer learning in Kumasi",
        "slug": "peer-learning-kumasi",
        "summary": "Cities compare how they include newcomers.",
        "body": "",
        "language": "en",
        "event_type": "peer_learning",
        "objectives": "",
        "start_date": "2030-05-10",
        "end_date": "2030-05-12",
        "date_precision": "day",
        "start_time": "",
        "end_time": "",
        "timezone": "",
        "attendance_mode": "in_person",
        "venue": "City Hall",
        "city": str(city.pk),
        "online_url": "",
        "parent": "",
        "program_status": "preliminary",
        "registration_mode": "closed",
        "registration_url": "",
        "source_name": "",
        "source_url": "",
        "published_at_0": "",
        "published_at_1": "",
        **management_form("sessions", 0),
        **management_form("documents", 0),
        **management_form("actors", 0),
        **management_form("translations", 0),
        **fields,
    }


OPENING = {
    "day": "2030-05-10",
    "start_time": "09:00",
    "end_time": "10:00",
    "title": "Opening",
    "kind": "opening",
    "track": "",
    "order": "0",
}


def test_add_page_creates_the_event_with_sessions_documents_actors_and_translations(
    admin_client,
):
    city, topic = CityFactory(), TopicFactory()
    resource, organisation = ResourceFactory(), OrganisationFactory()
    data = event_data(
        city,
        topics=[str(topic.pk)],
        **inline_rows(
            "sessions",
            OPENING,
            {**OPENING, "day": "2030-05-11", "title": "Housing panel", "kind": "panel"},
        ),
        **inline_rows("documents", {"resource": resource.pk, "role": "agenda", "order": "0"}),
        **inline_rows(
            "actors", {"organisation": organisation.pk, "role": "organiser", "order": "0"}
        ),
        **inline_rows("translations", {"language": "fr", "title": "Apprendre à Kumasi"}),
    )

    response = admin_client.post(reverse("admin:events_event_add"), data)

    assert response.status_code == 302, form_errors(response)
    event = Event.objects.get(slug="peer-learning-kumasi")
    assert response.url == reverse("admin:events_event_changelist")
    assert (event.kind, event.status, event.published_at) == ("event", Status.DRAFT, None)
    assert (event.start_date, event.end_date, event.city) == (
        dt.date(2030, 5, 10),
        dt.date(2030, 5, 12),
        city,
    )
    assert list(event.topics.all()) == [topic]
    assert [(s.day, s.title) for s in event.sessions.all()] == [
        (dt.date(2030, 5, 10), "Opening"),
        (dt.date(2030, 5, 11), "Housing panel"),
    ]
    assert [(d.resource, d.role) for d in event.documents.all()] == [(resource, "agenda")]
    assert [(a.organisation, a.role) for a in event.actors.all()] == [(organisation, "organiser")]
    assert [(t.language, t.title) for t in event.translations.all()] == [
        ("fr", "Apprendre à Kumasi")
    ]


def test_a_new_event_is_a_draft_whatever_the_post_says(admin_client):
    admin_client.post(
        reverse("admin:events_event_add"), event_data(CityFactory(), status="published")
    )

    assert Event.objects.get().status == Status.DRAFT


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        pytest.param(
            {"end_date": "2030-05-09"},
            {"end_date": ["The end cannot be before the start."]},
            id="end-before-start",
        ),
        pytest.param(
            {"start_time": "10:00", "end_time": "09:00", "end_date": "2030-05-10"},
            {"end_time": ["The end cannot be before the start."]},
            id="end-time-before-start-time",
        ),
        pytest.param(
            {"registration_mode": "external"},
            {"registration_url": ["External registration needs the registration address."]},
            id="external-registration-without-url",
        ),
        pytest.param(
            {"timezone": "Africa/Atlantis"},
            {
                "timezone": [
                    "Select a valid choice. Africa/Atlantis is not one of the available choices."
                ]
            },
            id="unknown-timezone",
        ),
        pytest.param(
            {"slug": "Peer_Learning"},
            {"slug": ["Use lowercase letters and digits, with single hyphens between words."]},
            id="slug-format",
        ),
        pytest.param(
            inline_rows("sessions", {**OPENING, "day": "2030-05-13"}),
            {"sessions-0-day": ["The day must fall within the event's dates (10–12 May 2030)."]},
            id="session-day-after-the-event",
        ),
        pytest.param(
            inline_rows("sessions", {**OPENING, "start_time": "11:00"}),
            {"sessions-0-end_time": ["The end cannot be before the start."]},
            id="session-end-before-start",
        ),
        pytest.param(
            inline_rows("translations", {"language": "en", "title": "Peer learning, again"}),
            {
                "translations-0-language": [
                    "This is the item's own language; edit the item instead."
                ]
            },
            id="translation-in-the-item-language",
        ),
    ],
)
def test_add_page_refuses_invalid_events_and_saves_nothing(admin_client, fields, errors):
    response = admin_client.post(
        reverse("admin:events_event_add"), event_data(CityFactory(), **fields)
    )

    assert response.status_code == 200
    assert form_errors(response) == errors
    assert not Item.objects.exists()
    assert not Session.objects.exists()
    assert not ItemTranslation.objects.exists()


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def post_change(client, obj, **fields):
    """Submit ``obj``'s change page as rendered, with ``fields`` changed."""
    data = change_form_data(client.get(change_url(obj))) | fields
    return client.post(change_url(obj), data)


def test_an_event_cannot_be_its_own_parent(admin_client):
    event = EventFactory()

    response = post_change(admin_client, event, parent=str(event.pk))

    assert form_errors(response) == {"parent": ["An event cannot be part of itself."]}
    event.refresh_from_db()
    assert event.parent is None


def test_an_event_cannot_be_part_of_its_own_child(admin_client):
    event = EventFactory()
    child = EventFactory(parent=event)

    response = post_change(admin_client, event, parent=str(child.pk))

    assert form_errors(response) == {"parent": ["An event cannot be part of itself."]}
    event.refresh_from_db()
    assert event.parent is None


def test_moving_an_event_away_from_its_sessions_is_refused(admin_client):
    event = EventFactory(start_date=dt.date(2030, 5, 10), end_date=dt.date(2030, 5, 10))
    SessionFactory(event=event)

    response = post_change(admin_client, event, start_date="2030-06-01", end_date="2030-06-01")

    assert form_errors(response) == {
        "sessions-0-day": ["The day must fall within the event's dates (1 June 2030)."]
    }
    event.refresh_from_db()
    assert event.start_date == dt.date(2030, 5, 10)


def test_change_page_saves_edits_and_keeps_inline_rows(admin_client):
    event = EventFactory(title="Old title")
    session = SessionFactory(event=event)
    actor = ItemActorFactory(item=event)

    response = post_change(admin_client, event, title="New title", _continue="1")

    assert response.status_code == 302, form_errors(response)
    event.refresh_from_db()
    assert event.title == "New title"
    assert list(event.sessions.all()) == [session]
    assert list(ItemActor.objects.filter(item=event)) == [actor]


def test_programme_rows_link_to_the_session_page(admin_client):
    session = SessionFactory()

    response = admin_client.get(change_url(session.event))

    assert change_url(session) in response.content.decode()


def test_session_page_adds_participants(admin_client):
    session = SessionFactory()
    person, office, organisation = PersonFactory(), OfficeFactory(), OrganisationFactory()
    rows = inline_rows(
        "participants",
        {"role": "chair", "person": str(person.pk), "office": str(office.pk), "order": "0"},
        {"role": "panellist", "organisation": str(organisation.pk), "order": "1"},
    )

    response = admin_client.post(
        change_url(session), change_form_data(admin_client.get(change_url(session))) | rows
    )

    assert response.status_code == 302, form_errors(response)
    assert [(p.role, p.person, p.office, p.organisation) for p in session.participants.all()] == [
        ("chair", person, office, None),
        ("panellist", None, None, organisation),
    ]


def test_a_participant_must_be_someone(admin_client):
    session = SessionFactory()
    rows = inline_rows("participants", {"role": "speaker", "order": "0"})

    response = admin_client.post(
        change_url(session), change_form_data(admin_client.get(change_url(session))) | rows
    )

    # The database constraint adds its generic message after the model's own, which is the
    # one editors read.
    assert form_errors(response)["participants-0-__all__"][0] == (
        "Name a person, an office or an organisation."
    )
    assert not Participant.objects.exists()


def test_session_page_refuses_a_day_outside_the_event(admin_client):
    session = SessionFactory(event__start_date=dt.date(2030, 5, 10))

    response = post_change(admin_client, session, day="2030-05-11")

    assert form_errors(response) == {
        "day": ["The day must fall within the event's dates (10 May 2030)."]
    }
    session.refresh_from_db()
    assert session.day == dt.date(2030, 5, 10)


def make_events(count: int) -> None:
    """``count`` events in different cities, each with topics, an actor, a session, a
    document and a parent: what a changelist row could be tempted to fetch one by one."""
    topics = [TopicFactory(), TopicFactory()]
    parent = EventFactory()
    for _ in range(count - 1):
        event = EventFactory(parent=parent)
        event.topics.set(topics)
        ItemActorFactory(item=event)
        SessionFactory(event=event)
        EventDocumentFactory(event=event)


@pytest.mark.parametrize("count", [5, 40])
def test_event_changelist_runs_a_bounded_number_of_queries(
    admin_client, django_assert_max_num_queries, count
):
    make_events(count)

    with django_assert_max_num_queries(8):
        response = admin_client.get(reverse("admin:events_event_changelist"))

    assert len(response.context["cl"].result_list) == count
