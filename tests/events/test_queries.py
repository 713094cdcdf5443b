import datetime as dt

import pytest
from django.utils import timezone

from crossroads.events.queries import (
    more_events,
    program_days,
    stories_about,
    sub_events,
    upcoming_events,
)
from tests.factories import (
    EventFactory,
    ItemActorFactory,
    OrganisationFactory,
    SessionFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date
T = dt.time
TODAY = D(2024, 3, 15)


def make_calendar():
    """Events around TODAY (15 March 2024), created out of order."""
    for title, start, end, precision in [
        ("Ends today", D(2024, 3, 13), D(2024, 3, 15), "day"),
        ("Ended yesterday", D(2024, 3, 14), D(2024, 3, 14), "day"),
        ("Next year", D(2025, 1, 1), D(2025, 12, 31), "year"),
        ("Runs on", D(2024, 3, 14), D(2024, 3, 16), "day"),
        ("This month", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("Last month", D(2024, 2, 1), D(2024, 2, 29), "month"),
        ("Long ago", D(2019, 6, 3), D(2019, 6, 4), "day"),
        ("Tomorrow", D(2024, 3, 16), D(2024, 3, 16), "day"),
    ]:
        EventFactory(title=title, start_date=start, end_date=end, date_precision=precision)
    EventFactory(title="Draft", start_date=D(2024, 3, 20), status="draft", published_at=None)


def titles(events):
    return [event.title for event in events]


def test_upcoming_events_have_not_ended_and_come_soonest_first():
    make_calendar()

    assert titles(upcoming_events(today=TODAY)) == [
        "This month",
        "Ends today",
        "Runs on",
        "Tomorrow",
        "Next year",
    ]


def test_today_defaults_to_the_local_date():
    today = timezone.localdate()
    EventFactory(title="Today", start_date=today)
    EventFactory(title="Yesterday", start_date=today - dt.timedelta(days=1))

    assert titles(upcoming_events()) == ["Today"]


def test_sub_events_and_stories_about_an_event_are_the_published_ones():
    forum = EventFactory()
    EventFactory(title="Workshop B", parent=forum, start_date=D(2024, 5, 18))
    EventFactory(title="Workshop A", parent=forum, start_date=D(2024, 5, 17))
    EventFactory(title="Draft workshop", parent=forum, status="draft", published_at=None)
    EventFactory(title="Elsewhere")
    now = timezone.now()
    for title, published_at in [("Older", 3), ("Newer", 1)]:
        StoryFactory(title=title, published_at=now - dt.timedelta(days=published_at)).events.add(
            forum
        )
    StoryFactory(title="Draft story", status="draft", published_at=None).events.add(forum)

    assert titles(sub_events(forum)) == ["Workshop A", "Workshop B"]
    assert titles(stories_about(forum)) == ["Newer", "Older"]


def test_more_events_are_the_same_organisers_or_series_nearest_in_time_first():
    organiser, partner = OrganisationFactory(), OrganisationFactory()
    series = EventFactory(title="Series", start_date=D(2024, 1, 1))
    event = EventFactory(title="The event", start_date=D(2024, 6, 1), parent=series)
    ItemActorFactory(item=event, organisation=organiser, role="organiser")

    def organised(title, start, role="organiser", **fields):
        other = EventFactory(title=title, start_date=start, **fields)
        ItemActorFactory(item=other, organisation=organiser, role=role)
        return other

    organised("Hosted, a week later", D(2024, 6, 8), role="host")
    organised("Organised, a month before", D(2024, 5, 1))
    EventFactory(title="Same series, two days later", start_date=D(2024, 6, 3), parent=series)
    organised("Organised, a year later", D(2025, 6, 1))
    organised("Organised, two years before", D(2022, 6, 1))
    organised("Organised, three years later", D(2027, 6, 1))
    organised("Only a partner", D(2024, 6, 2), role="partner")
    organised("Draft", D(2024, 6, 1), status="draft", published_at=None)
    organised("Part of the event", D(2024, 6, 1), parent=event)
    ItemActorFactory(item=EventFactory(title="Another organiser"), organisation=partner)

    assert titles(more_events(event)) == [
        "Same series, two days later",
        "Hosted, a week later",
        "Organised, a month before",
        "Organised, a year later",
        "Organised, two years before",
    ]


def test_more_events_of_an_event_without_organisers_or_series_is_empty():
    EventFactory()

    assert more_events(EventFactory()) == []


def test_program_days_group_sessions_by_day_then_starting_time():
    event = EventFactory(start_date=D(2022, 5, 17), end_date=D(2022, 5, 18))
    opening = SessionFactory(event=event, title="Opening", start_time=T(9), end_time=T(9, 30))
    track_b = SessionFactory(
        event=event, title="B", track="Track B", start_time=T(10), end_time=T(12)
    )
    track_a = SessionFactory(
        event=event, title="A", track="Track A", start_time=T(10), end_time=T(11)
    )
    visit = SessionFactory(
        event=event, day=D(2022, 5, 18), title="Visit", start_time=T(9), end_time=None
    )

    days = program_days(list(event.sessions.all()))

    assert [
        (day.day, day.tracks, [(slot.start, slot.end, slot.sessions) for slot in day.slots])
        for day in days
    ] == [
        (
            D(2022, 5, 17),
            ["Track A", "Track B"],
            [(T(9), T(9, 30), [opening]), (T(10), T(12), [track_a, track_b])],
        ),
        (D(2022, 5, 18), [], [(T(9), None, [visit])]),
    ]
    assert [slot.is_parallel for slot in days[0].slots] == [False, True]


def test_a_programme_without_sessions_has_no_days():
    assert program_days([]) == []
