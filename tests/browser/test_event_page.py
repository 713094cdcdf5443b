"""A visitor opens the home page, follows an event with parallel tracks, and reads it."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import (
    EventDocumentFactory,
    EventFactory,
    ItemActorFactory,
    OfficeFactory,
    OrganisationFactory,
    ParticipantFactory,
    ResourceFactory,
    ResourceVersionFactory,
    SessionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def build_event_with_tracks():
    day = timezone.localdate() + dt.timedelta(days=12)
    event = EventFactory(
        title="Secondary cities peer-learning exchange",
        start_date=day,
        end_date=day + dt.timedelta(days=1),
        start_time=dt.time(9),
        end_time=dt.time(17),
        attendance_mode="hybrid",
        program_status="preliminary",
    )
    ItemActorFactory(item=event, organisation=OrganisationFactory(name="Cities Alliance"))
    SessionFactory(
        event=event, title="Opening by the hosts", kind="opening", end_time=dt.time(9, 30)
    )
    housing = SessionFactory(
        event=event,
        title="Housing for newcomers",
        track="Track A",
        start_time=dt.time(10),
        end_time=dt.time(11),
    )
    SessionFactory(
        event=event,
        title="Municipal finance",
        track="Track B",
        start_time=dt.time(10),
        end_time=dt.time(11),
    )
    ParticipantFactory(
        session=housing, organisation=None, office=OfficeFactory(title="Vice-Mayor"), role="speaker"
    )
    report = ResourceFactory(title="Peer-learning report")
    ResourceVersionFactory(resource=report, language="en")
    ResourceVersionFactory(resource=report, language="fr")
    EventDocumentFactory(event=event, resource=report, role="report")
    return event


def test_home_to_event_with_parallel_tracks(live_server, page, artifacts):
    event = build_event_with_tracks()

    page.goto(live_server.url + "/")
    page.get_by_role("link", name=event.title).click()
    page.wait_for_url(f"**{event.get_absolute_url()}")

    assert page.get_by_role("heading", level=1).inner_text() == event.title
    info = page.locator("aside.info")
    assert "with online participation" in info.inner_text()
    assert "Cities Alliance" in info.inner_text()

    parallel = page.locator(".slot.parallel")
    assert parallel.count() == 1
    assert parallel.locator(".session h4").all_inner_texts() == [
        "Housing for newcomers",
        "Municipal finance",
    ]
    boxes = [box.bounding_box() for box in parallel.locator(".session").all()]
    assert boxes[0]["y"] == boxes[1]["y"], "parallel tracks are shown side by side"
    assert "Vice-Mayor of" in parallel.inner_text()

    documents = page.locator("section.documents")
    assert "Report:" in documents.inner_text()
    assert documents.get_by_role("link", name="[EN]").count() == 1
    assert documents.get_by_role("link", name="[FR]").count() == 1

    page.screenshot(path=artifacts / "event-with-parallel-tracks.png", full_page=True)
    assert (artifacts / "event-with-parallel-tracks.png").stat().st_size > 10_000


def test_event_page_reads_on_a_phone_without_javascript(live_server, browser, artifacts):
    event = build_event_with_tracks()
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, java_script_enabled=False, locale="en-GB"
    )
    page = context.new_page()
    page.goto(live_server.url + event.get_absolute_url())
    assert page.locator(".slot.parallel .session").count() == 2
    for box in page.locator(".slot.parallel .session").all():
        assert box.bounding_box()["width"] <= 360, "no sideways scrolling on a phone"
    page.screenshot(path=artifacts / "event-phone.png", full_page=True)
    context.close()
