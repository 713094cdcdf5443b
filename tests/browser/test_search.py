"""A visitor combines three criteria on /search/, then removes one of them."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import CityFactory, CountryFactory, EventFactory, StoryFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def build_catalogue():
    kenya = CountryFactory(code="KE", name="Kenya")
    uganda = CountryFactory(code="UG", name="Uganda", region="east_africa")
    kisumu = CityFactory(name="Kisumu", slug="kisumu", country=kenya)
    arua = CityFactory(name="Arua", slug="arua", country=uganda)
    housing = TopicFactory(name="Housing", slug="housing")
    soon = timezone.localdate() + dt.timedelta(days=20)
    for title, city, mode, topic in [
        ("Kisumu housing clinic", kisumu, "hybrid", True),
        ("Kisumu data day", kisumu, "hybrid", False),
        ("Kisumu mayors' exchange", kisumu, "in_person", True),
        ("Arua housing forum", arua, "hybrid", True),
        ("Arua reception workshop", arua, "virtual", False),
    ]:
        event = EventFactory(title=title, city=city, attendance_mode=mode, start_date=soon)
        if topic:
            event.topics.add(housing)
    StoryFactory(title="Housing news from Kisumu").cities.add(kisumu)


def result_count(page) -> str:
    return page.locator(".summary-line").inner_text().split(" ·")[0]


def test_three_criteria_then_one_chip_removed(live_server, page, artifacts):
    build_catalogue()
    page.goto(live_server.url + "/search/")
    refine = page.locator("details.refine")
    refine.get_by_label("Event").check()
    page.get_by_role("button", name="Apply").click()
    refine.get_by_label("Kenya").check()
    refine.get_by_label("Hybrid").check()
    page.get_by_role("button", name="Apply").click()

    assert result_count(page) == "2 results"
    titles = page.locator(".cards h3").all_inner_texts()
    assert sorted(titles) == ["Kisumu data day", "Kisumu housing clinic"]
    chips = page.locator("ul.chips li").all_inner_texts()
    assert [chip.split(" ×")[0] for chip in chips[:-1]] == [
        "Kind: Event",
        "Country: Kenya",
        "Attendance: Hybrid",
    ]
    # Disjunctive counts: choosing Uganda as well would add the Arua hybrid forum.
    uganda = refine.locator("label", has_text="Uganda")
    assert uganda.locator(".count").inner_text() == "1"
    page.screenshot(path=artifacts / "search-three-criteria.png", full_page=True)

    page.locator("ul.chips a", has_text="Country: Kenya").click()

    assert result_count(page) == "3 results"
    assert "country=" not in page.url
    assert sorted(page.locator(".cards h3").all_inner_texts()) == [
        "Arua housing forum",
        "Kisumu data day",
        "Kisumu housing clinic",
    ]
