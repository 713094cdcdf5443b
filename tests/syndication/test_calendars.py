"""Calendars beside the event list and /search/: the page's events as VEVENTs in their own
time zones, never with online links; events known only to the month or year left out
with a note."""

import datetime as dt
import zoneinfo

import icalendar
import pytest

from crossroads.search.bitmaps import current_index
from crossroads.syndication import calendars
from tests.factories import EventFactory, StoryFactory, TopicFactory
from tests.syndication.builders import HOSTILE, at, horn_city, in_days, many_items

pytestmark = pytest.mark.django_db

SITE = "https://crossroads.example"
NAIROBI = zoneinfo.ZoneInfo("Africa/Nairobi")


def parsed(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def description(calendar) -> str:
    """The calendar's description, checked to be the same in its X-WR-CALDESC (which the
    parser leaves as written: with its line breaks escaped)."""
    text = str(calendar["DESCRIPTION"])
    assert str(calendar["X-WR-CALDESC"]) == text.replace("\n", "\\n")
    return text


def summaries(calendar) -> list[str]:
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


def test_event_list_calendar_holds_upcoming_events_in_their_time_zones(client):
    day = in_days(10)
    timed = EventFactory(
        title="Timed",
        start_date=day,
        start_time=dt.time(9, 30),
        end_time=dt.time(17),
        online_url="https://meet.example/secret-timed",
    )
    all_day = EventFactory(
        title="All day",
        start_date=in_days(20),
        end_date=in_days(22),
        online_url="https://meet.example/x",
    )
    EventFactory(
        title="Some month", start_date=in_days(40), end_date=in_days(40), date_precision="month"
    )
    EventFactory(
        title="Some year", start_date=in_days(50), end_date=in_days(50), date_precision="year"
    )
    EventFactory(title="Past", start_date=dt.date(2020, 1, 1))
    EventFactory(title="Draft", status="draft", published_at=None)
    StoryFactory(title="A story")

    response = client.get("/events/calendar.ics")
    calendar = parsed(response)

    assert b"meet.example" not in response.content
    assert summaries(calendar) == ["Timed", "All day"]
    assert str(calendar["X-WR-CALNAME"]) == "Upcoming events · Crossroads"
    assert str(calendar["NAME"]) == "Upcoming events · Crossroads"
    note = (
        f"Upcoming events · Crossroads\n\n{SITE}/events/?when=upcoming\n\n"
        "2 events whose dates are known only to the month or year are not included: "
        f"see {SITE}/events/?when=upcoming"
    )
    assert description(calendar) == note
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Africa/Nairobi"]

    first, second = calendar.walk("VEVENT")
    assert first["DTSTART"].params["TZID"] == "Africa/Nairobi"
    assert first.decoded("DTSTART") == dt.datetime.combine(day, dt.time(9, 30), tzinfo=NAIROBI)
    assert first.decoded("DTEND") == dt.datetime.combine(day, dt.time(17), tzinfo=NAIROBI)
    assert str(first["UID"]) == f"event-{timed.pk}@crossroads.example"
    assert str(first["URL"]) == f"{SITE}{timed.get_absolute_url()}"
    assert second.decoded("DTSTART") == in_days(20)
    assert second.decoded("DTEND") == in_days(23)  # exclusive
    assert str(second["URL"]) == f"{SITE}{all_day.get_absolute_url()}"


def test_past_events_calendar(client):
    EventFactory(title="Older", start_date=dt.date(2019, 1, 1))
    EventFactory(title="Recent", start_date=dt.date(2020, 1, 1))
    EventFactory(title="Coming")

    calendar = parsed(client.get("/events/calendar.ics", {"when": "past"}))

    assert summaries(calendar) == ["Recent", "Older"]
    assert str(calendar["X-WR-CALNAME"]) == "Past events · Crossroads"
    assert description(calendar) == f"Past events · Crossroads\n\n{SITE}/events/?when=past"


def test_search_calendar_holds_only_the_events_matching_the_criteria(client):
    inclusion = TopicFactory(name="Refugee inclusion", slug="refugee-inclusion")
    city = horn_city()
    hargeisa = EventFactory(
        title="In Hargeisa", city=city, start_date=in_days(5), start_time=dt.time(10)
    )
    hargeisa.topics.add(inclusion)
    EventFactory(title="Elsewhere").topics.add(inclusion)
    EventFactory(title="Hargeisa, other topic", city=city)
    vague = EventFactory(title="Vague", city=city, start_date=in_days(60), date_precision="year")
    vague.topics.add(inclusion)
    story = StoryFactory(title="Story", published_at=at(2024, 1, 1))
    story.cities.add(city)
    story.topics.add(inclusion)

    calendar = parsed(
        client.get(
            "/search/calendar.ics",
            {"region": "horn_of_africa", "topic": "refugee-inclusion", "kind": "story"},
        )
    )

    assert summaries(calendar) == ["In Hargeisa"]
    name = "Events · Topic: Refugee inclusion · Region: Horn of Africa · Crossroads"
    assert str(calendar["X-WR-CALNAME"]) == name
    page = f"{SITE}/search/?topic=refugee-inclusion&region=horn_of_africa"
    assert description(calendar) == (
        f"{name}\n\n{page}\n\n1 event whose dates are known only to the month or year is not "
        f"included: see {page}"
    )
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Africa/Mogadishu"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Africa/Mogadishu"]


def test_a_calendar_holds_at_most_its_length_and_says_so(client, monkeypatch):
    monkeypatch.setattr(calendars, "CALENDAR_LENGTH", 2)
    for days in (1, 2, 3):
        EventFactory(title=f"In {days} days", start_date=in_days(days))

    calendar = parsed(client.get("/events/calendar.ics"))

    assert summaries(calendar) == ["In 1 days", "In 2 days"]
    assert description(calendar).endswith(
        f"Only the first 2 of 3 events are included: see {SITE}/events/?when=upcoming"
    )


def test_an_empty_calendar_is_still_a_calendar(client):
    calendar = parsed(client.get("/events/calendar.ics", {"q": "nothing"}))

    assert summaries(calendar) == []
    assert str(calendar["X-WR-CALNAME"]) == "Upcoming events · Words: “nothing” · Crossroads"


@pytest.mark.parametrize("url", ["/events/calendar.ics", "/search/calendar.ics"])
@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_query_strings_get_a_calendar(client, url, query):
    EventFactory(title="Event")

    parsed(client.get(url, query))


def test_calendars_answer_only_reading(client):
    assert client.post("/events/calendar.ics").status_code == 405


@pytest.mark.parametrize("url", ["/events/calendar.ics", "/search/calendar.ics"])
@pytest.mark.parametrize("size", [3, 60])
def test_calendar_queries_are_bounded(client, django_assert_max_num_queries, url, size):
    many_items(size)
    EventFactory(start_date=in_days(2), date_precision="month")

    current_index()
    with django_assert_max_num_queries(7):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr", follow=True)

    calendar = parsed(response)
    assert len(summaries(calendar)) == size
    assert all(summary.endswith(" (fr)") for summary in summaries(calendar))
