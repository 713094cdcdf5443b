"""A municipality answers across two sessions (a draft kept on the server), submits, and
the public results page counts its answer."""

import pytest

from crossroads.engagement.surveys import services
from tests.engagement.conftest import World, make_survey
from tests.factories import CityFactory, CountryFactory, MembershipFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def setup_world() -> World:
    from crossroads.engagement.models import Invitation

    network = NetworkFactory(slug="hmln", name="Host Municipalities Network")
    country = CountryFactory(code="JO", name="Jordan", region="middle_east")
    city = CityFactory(name="Irbid", slug="irbid", country=country, region="middle_east")
    MembershipFactory(network=network, city=city, organisation=None)
    survey = make_survey(network, 2024)
    invitation = Invitation.objects.create(survey=survey, city=city, email="irbid@example.org")
    return World(network, survey, [city], [invitation])


def housing_count(page) -> str:
    row = page.locator("#main_constraint table tbody tr", has_text="Housing")
    return row.locator("td").last.inner_text()


def test_answer_in_two_sessions_and_see_the_results_change(live_server, browser, artifacts):
    world = setup_world()
    url = live_server.url + services.answer_url(world.invitations[0])
    results = live_server.url + world.survey.get_absolute_url()

    first = browser.new_context(locale="en-GB")
    page = first.new_page()
    page.goto(results)
    assert housing_count(page) == "0 (0.0%)"
    page.goto(url)
    page.get_by_label("Question staff?").fill("14")
    page.get_by_label("Question practice?").fill("A one-stop desk")
    page.get_by_role("button", name="Save draft").click()
    assert page.get_by_text("Your draft is saved").count() == 1
    first.close()

    second = browser.new_context(locale="en-GB")
    page = second.new_page()
    page.goto(url)
    assert page.get_by_label("Question staff?").input_value() == "14"
    assert page.get_by_label("Question practice?").input_value() == "A one-stop desk"
    page.get_by_label("Housing").check()
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Submit", exact=True).click()
    assert page.get_by_text("Your answers are submitted").count() == 1
    page.goto(results)
    assert housing_count(page) == "1 (100.0%)"
    page.screenshot(path=artifacts / "survey-results.png", full_page=True)
    second.close()
