import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from crossroads.events.models import Participant, Session
from tests.factories import (
    CityFactory,
    EventDocumentFactory,
    EventFactory,
    OfficeFactory,
    OrganisationFactory,
    ParticipantFactory,
    PersonFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date
T = dt.time


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    return error.value.message_dict


def refused_by_the_database(factory, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)


# -- Event ----------------------------------------------------------------------------
def test_a_plain_event_is_valid():
    EventFactory().full_clean()


def test_the_end_cannot_be_before_the_start():
    refused_by_the_database(EventFactory, start_date=D(2022, 5, 17), end_date=D(2022, 5, 16))

    event = EventFactory(start_date=D(2022, 5, 17))
    event.end_date = D(2022, 5, 16)
    assert errors_of(event) == {"end_date": ["The end cannot be before the start."]}


def test_an_event_may_end_the_day_it_starts():
    EventFactory(start_date=D(2022, 5, 17), end_date=D(2022, 5, 17)).full_clean()


@pytest.mark.parametrize("precision", ["month", "year"])
def test_times_need_dates_known_to_the_day(precision):
    refused_by_the_database(EventFactory, date_precision=precision, start_time=T(9))
    refused_by_the_database(EventFactory, date_precision=precision, end_time=T(17))

    event = EventFactory(
        date_precision=precision, start_date=D(2024, 3, 1), end_date=D(2024, 3, 31)
    )
    event.start_time = T(9)
    assert errors_of(event) == {"start_time": ["Times need dates known to the day."]}


def test_on_one_day_the_end_time_cannot_be_before_the_start_time():
    event = EventFactory(start_time=T(14), end_time=T(9))

    assert errors_of(event) == {"end_time": ["The end cannot be before the start."]}


def test_over_several_days_the_end_time_may_be_earlier_in_the_day():
    EventFactory(
        start_date=D(2022, 5, 17), end_date=D(2022, 5, 18), start_time=T(14), end_time=T(9)
    ).full_clean()


def test_external_registration_needs_its_address():
    refused_by_the_database(EventFactory, registration_mode="external", registration_url="")

    event = EventFactory()
    event.registration_mode = "external"
    assert errors_of(event) == {
        "registration_url": ["External registration needs the registration address."]
    }
    event.registration_url = "https://example.org/register"
    event.full_clean()


def test_an_event_cannot_be_its_own_parent():
    event = EventFactory()
    event.parent = event

    assert errors_of(event) == {"parent": ["An event cannot be part of itself."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_an_event_cannot_be_its_own_ancestor():
    forum = EventFactory()
    workshop = EventFactory(parent=forum)
    side_event = EventFactory(parent=workshop)
    forum.parent = side_event

    assert errors_of(forum) == {"parent": ["An event cannot be part of itself."]}


def test_a_chain_of_parents_without_a_loop_is_valid():
    forum = EventFactory()
    workshop = EventFactory(parent=forum)

    EventFactory(parent=workshop).full_clean()


def test_an_unknown_time_zone_is_refused():
    event = EventFactory(timezone="Africa/Atlantis")

    assert errors_of(event) == {
        "timezone": ["Unknown time zone: use a name such as Africa/Nairobi or Europe/Paris."]
    }


def test_times_need_a_time_zone_or_a_city():
    event = EventFactory(attendance_mode="virtual", city=None, start_time=T(9))

    assert errors_of(event) == {
        "timezone": ["Give a time zone (or a city) so that times mean the same to everyone."]
    }
    event.timezone = "Africa/Nairobi"
    event.full_clean()


@pytest.mark.parametrize(
    ("fields", "has_location"),
    [
        ({"attendance_mode": "in_person"}, False),
        ({"attendance_mode": "hybrid"}, False),
        ({"attendance_mode": "in_person", "venue": "Town hall"}, True),
        ({"attendance_mode": "virtual"}, True),
    ],
)
def test_an_event_whose_place_is_not_known_yet_is_valid(fields, has_location):
    event = EventFactory(city=None, **fields)

    event.full_clean()
    assert event.has_location is has_location


@pytest.mark.parametrize(
    ("event_tz", "city_tz", "expected"),
    [
        ("Europe/Paris", "Africa/Nairobi", "Europe/Paris"),
        ("", "Africa/Nairobi", "Africa/Nairobi"),
        ("", None, "UTC"),
    ],
)
def test_the_time_zone_falls_back_to_the_citys_then_utc(event_tz, city_tz, expected):
    city = CityFactory(timezone=city_tz) if city_tz else None
    event = EventFactory(timezone=event_tz, city=city, attendance_mode="virtual")

    assert event.tz == zoneinfo.ZoneInfo(expected)


def test_starts_and_ends_at_are_aware_in_the_events_time_zone():
    nairobi = zoneinfo.ZoneInfo("Africa/Nairobi")
    event = EventFactory(
        start_date=D(2022, 5, 17),
        end_date=D(2022, 5, 21),
        start_time=T(9),
        end_time=T(17),
        timezone="Africa/Nairobi",
    )

    assert event.starts_at == dt.datetime(2022, 5, 17, 9, tzinfo=nairobi)
    assert event.ends_at == dt.datetime(2022, 5, 21, 17, tzinfo=nairobi)
    assert event.starts_at.utcoffset() == dt.timedelta(hours=3)
    assert EventFactory().starts_at is None


@pytest.mark.parametrize(
    ("start", "end", "precision", "display", "multi_day"),
    [
        (D(2022, 5, 17), D(2022, 5, 21), "day", "17–21 May 2022", True),
        (D(2022, 5, 17), D(2022, 5, 17), "day", "17 May 2022", False),
        (D(2024, 3, 1), D(2024, 3, 31), "month", "March 2024", False),
        (D(2022, 1, 1), D(2022, 12, 31), "year", "2022", False),
    ],
)
def test_dates_display(start, end, precision, display, multi_day):
    event = EventFactory(start_date=start, end_date=end, date_precision=precision)

    assert (event.dates_display, event.is_multi_day) == (display, multi_day)


# -- Session --------------------------------------------------------------------------
def test_a_session_falls_within_the_events_dates():
    event = EventFactory(start_date=D(2022, 5, 17), end_date=D(2022, 5, 21))
    for day in (D(2022, 5, 17), D(2022, 5, 21)):
        SessionFactory(event=event, day=day).full_clean()

    for day in (D(2022, 5, 16), D(2022, 5, 22)):
        assert errors_of(SessionFactory(event=event, day=day)) == {
            "day": ["The day must fall within the event's dates (17–21 May 2022)."]
        }


def test_the_day_rule_holds_before_the_event_is_saved():
    event = EventFactory.build(start_date=D(2022, 5, 17), end_date=D(2022, 5, 21))
    session = Session(event=event, day=D(2022, 5, 22), title="Too late")

    with pytest.raises(ValidationError) as error:
        session.clean()
    assert error.value.message_dict == {
        "day": ["The day must fall within the event's dates (17–21 May 2022)."]
    }


def test_a_session_of_an_event_known_to_the_month_may_be_on_any_day_of_it():
    event = EventFactory(start_date=D(2024, 3, 1), end_date=D(2024, 3, 31), date_precision="month")

    SessionFactory(event=event, day=D(2024, 3, 15)).full_clean()


def test_a_session_ends_after_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(start_time=T(11), end_time=T(10))

    session = SessionFactory(start_time=T(11), end_time=T(11))
    session.full_clean()
    session.end_time = T(10, 59)
    assert errors_of(session) == {"end_time": ["The end cannot be before the start."]}


def test_a_session_end_needs_its_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(start_time=None, end_time=T(10))

    session = SessionFactory(start_time=None, end_time=None)
    session.full_clean()
    session.end_time = T(10)
    assert errors_of(session) == {"start_time": ["Give the start as well as the end."]}


def test_sessions_are_ordered_by_day_time_order_and_track():
    event = EventFactory(start_date=D(2022, 5, 17), end_date=D(2022, 5, 18))
    second_day = SessionFactory(event=event, day=D(2022, 5, 18), start_time=T(9))
    late = SessionFactory(event=event, start_time=T(14), end_time=T(15))
    track_b = SessionFactory(event=event, start_time=T(9), track="B", order=1)
    track_a = SessionFactory(event=event, start_time=T(9), track="A", order=1)
    first = SessionFactory(event=event, start_time=T(9), track="Z", order=0)

    assert list(event.sessions.all()) == [first, track_a, track_b, late, second_day]


# -- Participant ----------------------------------------------------------------------
def test_a_participant_names_someone():
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(organisation=None)

    participant = Participant(session=SessionFactory(), role="speaker")
    assert errors_of(participant) == {"__all__": ["Name a person, an office or an organisation."]}


def test_a_person_is_named_with_office_and_organisation():
    kisumu = CityFactory(name="Kisumu")
    participant = ParticipantFactory(
        person=PersonFactory(name="Amina Njoroge"),
        office=OfficeFactory(title="Deputy Governor", city=kisumu),
        organisation=OrganisationFactory(name="Council of Governors", acronym="CoG"),
    )

    assert (participant.name, participant.affiliation) == (
        "Amina Njoroge",
        "Deputy Governor of Kisumu, CoG",
    )


@pytest.mark.parametrize(
    ("fields", "name"),
    [
        ({"office": "Lord Mayor of Kumasi", "organisation": None}, "Lord Mayor of Kumasi"),
        ({"organisation": "UN-Habitat"}, "UN-Habitat"),
    ],
)
def test_an_office_or_an_organisation_alone_is_named_without_affiliation(fields, name):
    if "office" in fields:
        fields["office"] = OfficeFactory(title="Lord Mayor", city=CityFactory(name="Kumasi"))
    else:
        fields["organisation"] = OrganisationFactory(name=fields["organisation"])

    participant = ParticipantFactory(**fields)

    assert (participant.name, participant.affiliation, str(participant)) == (name, "", name)


def test_participants_are_grouped_by_role_in_the_order_roles_are_listed():
    session = SessionFactory()
    speaker = ParticipantFactory(session=session, role="speaker")
    chair = ParticipantFactory(session=session, role="chair")
    other_speaker = ParticipantFactory(session=session, role="speaker")
    rapporteur = ParticipantFactory(session=session, role="rapporteur")

    assert session.participants_by_role == [
        ("Chair", [chair]),
        ("Speaker", [speaker, other_speaker]),
        ("Rapporteur", [rapporteur]),
    ]


# -- EventDocument --------------------------------------------------------------------
def test_a_resource_is_linked_to_an_event_once():
    document = EventDocumentFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        EventDocumentFactory(event=document.event, resource=document.resource, role="agenda")
