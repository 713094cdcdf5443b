"""The event page's calendar file (``/events/<slug>/calendar.ics``): the event and each
session with a time, in the event's time zone, for whoever may see the page, never with
the online link; and the page's link to it."""

import datetime as dt
import zoneinfo

import icalendar
import pytest

from crossroads.events.calendars import event_calendar
from tests.content.pages import html
from tests.factories import (
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
NAIROBI = zoneinfo.ZoneInfo("Africa/Nairobi")
SECRET = "https://meet.example.org/secret-room"
LINK = "Add to calendar (.ics)"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://crossroads.example.org"


def calendar_of(client, slug: str) -> icalendar.Calendar:
    response = client.get(f"/events/{slug}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.ics"'
    return icalendar.Calendar.from_ical(response.content)


def nairobi_forum(**fields):
    """A two-day forum in Nairobi's time zone: a timed session with a chair and two
    speakers, an untimed one on the first day, a session on the second day without an
    end."""
    event = EventFactory(
        title="Kisumu forum",
        slug="kisumu-forum",
        summary="Cities and refugees.",
        start_date=D(2030, 5, 17),
        end_date=D(2030, 5, 18),
        start_time=T(9),
        end_time=T(17),
        timezone="Africa/Nairobi",
        venue="Tom Mboya Labour College",
        city__name="Kisumu",
        **fields,
    )
    opening = SessionFactory(
        event=event,
        day=D(2030, 5, 17),
        start_time=T(9, 30),
        end_time=T(11),
        title="Opening plenary",
        description="Welcome by the hosts.",
    )
    ParticipantFactory(
        session=opening,
        role="speaker",
        person=PersonFactory(name="Amina Njoroge"),
        office=OfficeFactory(title="Deputy Governor", city=event.city),
        organisation=OrganisationFactory(name="County of Kisumu", acronym="CoK"),
    )
    ParticipantFactory(
        session=opening, role="speaker", organisation=OrganisationFactory(name="UN-Habitat")
    )
    ParticipantFactory(
        session=opening,
        role="chair",
        person=PersonFactory(name="Jean Dupont"),
        organisation=None,
    )
    SessionFactory(event=event, day=D(2030, 5, 17), start_time=None, end_time=None, title="Visits")
    SessionFactory(
        event=event, day=D(2030, 5, 18), start_time=T(14), end_time=None, title="Field trip"
    )
    return event


def test_the_event_and_each_timed_session_in_the_events_zone(client):
    event = nairobi_forum()
    session_pks = {session.title: session.pk for session in event.sessions.all()}

    calendar = calendar_of(client, "kisumu-forum")

    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Africa/Nairobi"
    forum, opening, trip = calendar.walk("VEVENT")

    assert str(forum["UID"]) == f"event-{event.pk}@crossroads.example.org"
    assert str(forum["SUMMARY"]) == "Kisumu forum"
    assert forum.decoded("DTSTART") == dt.datetime(2030, 5, 17, 9, tzinfo=NAIROBI)
    assert forum.decoded("DTEND") == dt.datetime(2030, 5, 18, 17, tzinfo=NAIROBI)
    assert forum["DTSTART"].params["TZID"] == "Africa/Nairobi"
    assert str(forum["URL"]) == "https://crossroads.example.org/events/kisumu-forum/"
    assert str(forum["LOCATION"]) == "Tom Mboya Labour College, Kisumu, Kenya"

    assert str(opening["UID"]) == f"session-{session_pks['Opening plenary']}@crossroads.example.org"
    assert str(opening["SUMMARY"]) == "Opening plenary"
    assert opening.decoded("DTSTART") == dt.datetime(2030, 5, 17, 9, 30, tzinfo=NAIROBI)
    assert opening.decoded("DTEND") == dt.datetime(2030, 5, 17, 11, tzinfo=NAIROBI)
    assert opening["DTSTART"].params["TZID"] == "Africa/Nairobi"
    assert opening["DTEND"].params["TZID"] == "Africa/Nairobi"
    assert opening.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime(
        2030, 5, 17, 6, 30, tzinfo=dt.UTC
    )
    assert str(opening["RELATED-TO"]) == f"event-{event.pk}@crossroads.example.org"
    assert str(opening["URL"]) == "https://crossroads.example.org/events/kisumu-forum/"
    assert str(opening["LOCATION"]) == "Tom Mboya Labour College, Kisumu, Kenya"
    assert str(opening["DESCRIPTION"]) == (
        "Kisumu forum\n\n"
        "Chair: Jean Dupont\n"
        "Speaker: Amina Njoroge (Deputy Governor of Kisumu, CoK); UN-Habitat\n\n"
        "Welcome by the hosts.\n\n"
        "https://crossroads.example.org/events/kisumu-forum/"
    )

    # A session without an end is a moment; one without a time has no entry of its own.
    assert str(trip["SUMMARY"]) == "Field trip"
    assert trip.decoded("DTSTART") == dt.datetime(2030, 5, 18, 14, tzinfo=NAIROBI)
    assert "DTEND" not in trip


def test_an_untimed_programme_gives_the_event_only(client):
    event = EventFactory(
        slug="untimed", start_date=D(2030, 5, 17), end_date=D(2030, 5, 18), timezone="Europe/Paris"
    )
    SessionFactory(event=event, start_time=None, end_time=None)

    (vevent,) = calendar_of(client, "untimed").walk("VEVENT")

    assert vevent.decoded("DTSTART") == D(2030, 5, 17)
    assert vevent.decoded("DTEND") == D(2030, 5, 19)  # the day after the last, exclusive


def test_times_in_a_zone_with_summer_time(client):
    event = EventFactory(
        slug="paris",
        start_date=D(2040, 7, 1),
        start_time=T(10),
        timezone="Europe/Paris",
        attendance_mode="virtual",
        city=None,
    )
    SessionFactory(event=event, start_time=T(10, 30), end_time=T(12))

    calendar = calendar_of(client, "paris")

    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Paris"
    # The zone's rules are written out to the event's year (not icalendar's 2038).
    rules = zone.to_ical().decode().replace("\r\n ", "")
    assert "20400325T030000" in rules  # summer time from the last Sunday of March 2040
    assert "20401028T030000" in rules  # to the last Sunday of October
    _event, session = calendar.walk("VEVENT")
    assert session["DTSTART"].to_ical() == b"20400701T103000"
    assert session["DTSTART"].params["TZID"] == "Europe/Paris"
    assert session.decoded("DTSTART").utcoffset() == dt.timedelta(hours=2)
    assert str(session["LOCATION"]) == "Online"


@pytest.mark.parametrize(
    ("start", "end", "precision", "dates"),
    [
        (D(2030, 3, 1), D(2030, 3, 31), "month", "March 2030"),
        (D(2030, 1, 1), D(2030, 12, 31), "year", "2030"),
    ],
)
def test_events_known_to_the_month_or_year_have_no_calendar_file(
    client, start, end, precision, dates
):
    event = EventFactory(
        title="Hub meeting", slug="hub", start_date=start, end_date=end, date_precision=precision
    )

    response = client.get("/events/hub/calendar.ics")

    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = html(response)
    assert "<h1>No calendar file yet</h1>" in page
    assert (
        f"<p>The dates of this event are known only as “{dates}”: its calendar file will be "
        "offered once the days are set.</p>"
    ) in page
    assert '<p><a href="/events/hub/">Back to “Hub meeting”</a></p>' in page
    assert LINK not in html(client.get(event.get_absolute_url()))


def test_the_event_page_links_to_the_file(client):
    event = EventFactory(slug="kisumu-forum")

    page = html(client.get(event.get_absolute_url()))

    assert (
        '</dl> <p class="calendar"><a href="/events/kisumu-forum/calendar.ics" '
        f'type="text/calendar" rel="nofollow">{LINK}</a></p>'
    ) in page


@pytest.mark.parametrize(
    "fields",
    [{"status": "draft", "published_at": None}, {"status": "review"}, {"status": "archived"}],
)
def test_unpublished_events_have_no_public_file(client, admin_client, fields):
    EventFactory(slug="draft", **fields)

    assert client.get("/events/draft/calendar.ics").status_code == 404
    assert admin_client.get("/events/draft/calendar.ics").status_code == 200  # preview


def test_a_scheduled_event_has_no_file_before_it_is_published(client):
    EventFactory(slug="later", published_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC))

    assert client.get("/events/later/calendar.ics").status_code == 404


@pytest.mark.parametrize("mode", ["virtual", "hybrid"])
def test_the_online_link_is_never_in_the_file(client, admin_client, mode):
    event = nairobi_forum(
        attendance_mode=mode,
        online_url=SECRET,
        registration_mode="open",
    )

    for viewer in (client, admin_client):  # the admin sees the link on the page
        response = viewer.get("/events/kisumu-forum/calendar.ics")
        assert response.status_code == 200
        assert b"meet.example.org" not in response.content
        assert b"CONFERENCE" not in response.content
    assert "meet.example.org" in html(admin_client.get(event.get_absolute_url()))
    # The registration mail's file keeps it.
    assert SECRET in event_calendar(event, online_url=SECRET).decode().replace("\r\n ", "")


@pytest.mark.parametrize(
    "path",
    [
        "/events/nowhere/calendar.ics",
        "/events/kisumu-forum%00/calendar.ics",
        "/events/..%2F..%2Fetc%2Fpasswd/calendar.ics",
        "/events/%3Cscript%3E/calendar.ics",
        "/events/kisumu-forum'--/calendar.ics",
        "/events/" + "a" * 5000 + "/calendar.ics",
        "/events/registrations/calendar.ics",
        "/events/kisumu-forum/calendar.ics/",
        "/events/kisumu-forum/calendar.ICS",
    ],
)
def test_hostile_addresses_find_nothing(client, path):
    nairobi_forum()

    assert client.get(path).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_queries_are_bounded(client, django_assert_max_num_queries, size):
    event = EventFactory(slug="big", start_time=T(9), timezone="Africa/Nairobi")
    for number in range(size):
        session = SessionFactory(event=event, start_time=T(9, number))
        ParticipantFactory(session=session, person=PersonFactory(), office=OfficeFactory())
        ParticipantFactory(session=session, role="chair")

    with django_assert_max_num_queries(12):
        calendar = calendar_of(client, "big")

    assert len(calendar.walk("VEVENT")) == size + 1
