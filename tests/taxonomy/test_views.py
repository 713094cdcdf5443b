import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.content.builders import build_world, full_event, full_resource, full_story
from tests.content.pages import card_titles, h1, html
from tests.factories import (
    EventFactory,
    FrameworkFactory,
    ObjectiveFactory,
    ResourceFactory,
    StoryFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - dt.timedelta(days=days)


def test_topics_are_listed_with_their_published_items(client):
    housing = TopicFactory(name="Housing", slug="housing")
    TopicFactory(name="Education", slug="education")
    StoryFactory().topics.add(housing)
    EventFactory().topics.add(housing)
    StoryFactory(status="draft", published_at=None).topics.add(housing)

    page = html(client.get("/topics/"))

    assert re.findall(
        r'<li><a href="([^"]+)">([^<]+)</a> <span class="note">(\d+)</span>', page
    ) == [
        ("/topics/education/", "Education", "0"),
        ("/topics/housing/", "Housing", "2"),
    ]


def test_the_topic_page_lists_its_items_newest_first(client):
    topic = TopicFactory(name="Health", slug="health", description="Access to care.")
    for title, days in [("Older story", 5), ("Event", 2), ("Newest resource", 1)]:
        factory = {"Event": EventFactory, "Older story": StoryFactory}.get(title, ResourceFactory)
        factory(title=title, published_at=days_ago(days)).topics.add(topic)
    StoryFactory(title="Untagged")

    response = client.get("/topics/health/")

    assert card_titles(response) == ["Newest resource", "Event", "Older story"]
    assert h1(response) == "Health"
    assert '<p class="lead">Access to care.</p>' in html(response)


def test_a_topic_without_items_says_so(client):
    TopicFactory(slug="data")

    assert "Nothing has been published on this topic yet." in html(client.get("/topics/data/"))


def test_frameworks_are_listed_with_their_published_items(client):
    gcm = FrameworkFactory(adopted_on=dt.date(2018, 12, 10))
    FrameworkFactory(code="GCR", name="Global Compact on Refugees", short_name="GCR")
    StoryFactory().frameworks.add(gcm)

    page = html(client.get("/frameworks/"))

    assert re.findall(
        r'<span class="kind">([^<]+)</span>([^<]*)</p> <h3><a href="([^"]+)">([^<]+)</a></h3> '
        r'<p class="by">([^<]+)</p>',
        page,
    ) == [
        (
            "GCM",
            " · 2018",
            "/frameworks/GCM/",
            "Global Compact for Safe, Orderly and Regular Migration",
            "1 item",
        ),
        ("GCR", "", "/frameworks/GCR/", "Global Compact on Refugees", "0 items"),
    ]


@pytest.mark.parametrize("code", ["GCM", "gcm", "Gcm"])
def test_the_framework_page_answers_to_its_code_in_any_case(client, code):
    framework = FrameworkFactory(
        adopted_on=dt.date(2018, 12, 10),
        url="https://example.org/gcm",
        description="The first intergovernmental agreement on migration.",
    )
    first = ObjectiveFactory(framework=framework, number=1, title="Collect data")
    ObjectiveFactory(framework=framework, number=2, title="Minimise drivers")
    story = StoryFactory(title="Data for cities")
    story.frameworks.add(framework)
    story.framework_objectives.add(first)

    response = client.get(f"/frameworks/{code}/")

    assert response.status_code == 200
    page = html(response)
    gcm = "Global Compact for Safe, Orderly and Regular Migration"
    assert h1(response) == f"{gcm} <small>(GCM)</small>"
    assert "<dt>Adopted</dt><dd>10 December 2018</dd>" in page
    assert (
        '<dt>Official text</dt><dd><a href="https://example.org/gcm" rel="noopener">'
        "https://example.org/gcm</a></dd>"
    ) in page
    assert (
        '<ol class="objectives-list"><li value="1">Collect data <span class="note">1 item</span>'
        '</li><li value="2">Minimise drivers</li></ol>'
    ) in page
    assert card_titles(response) == ["Data for cities"]


def test_an_unknown_framework_is_not_found(client):
    FrameworkFactory()

    assert client.get("/frameworks/GCR/").status_code == 404


def build_topic_list(size):
    world = build_world()
    for number in range(size):
        topic = TopicFactory()
        full_story(world, title=f"Story {number}").topics.add(topic)


@pytest.mark.parametrize("size", [3, 30])
def test_topic_list_queries_are_bounded(client, django_assert_max_num_queries, size):
    build_topic_list(size)

    with django_assert_max_num_queries(1):
        response = client.get("/topics/")

    # The world's topic tags every story; each other topic tags one.
    assert html(response).count('<span class="note">1</span>') == size


def build_tagged_items(size):
    """``size`` full events, stories and resources, tagged with the world's topic and
    framework (each event's agenda as well)."""
    world = build_world()
    for number in range(size):
        full_event(world, title=f"Event {number}")
        full_story(world, title=f"Story {number}")
        full_resource(world, title=f"Resource {number}")
    return world


@pytest.mark.parametrize("size", [3, 30])
def test_topic_page_queries_are_bounded(client, django_assert_max_num_queries, size):
    world = build_tagged_items(size)

    with django_assert_max_num_queries(5):
        response = client.get(
            world.topic.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr", follow=True
        )

    assert len(card_titles(response)) == min(4 * size, 20)


def build_framework_list(size):
    world = build_world()
    for number in range(size):
        framework = FrameworkFactory(code=f"F{number}")
        full_story(world, title=f"Story {number}").frameworks.add(framework)


@pytest.mark.parametrize("size", [3, 30])
def test_framework_list_queries_are_bounded(client, django_assert_max_num_queries, size):
    build_framework_list(size)

    with django_assert_max_num_queries(1):
        response = client.get("/frameworks/")

    assert html(response).count('<p class="by">1 item</p>') == size


@pytest.mark.parametrize("size", [3, 30])
def test_framework_page_queries_are_bounded(client, django_assert_max_num_queries, size):
    world = build_tagged_items(size)
    for number in range(size):
        ObjectiveFactory(framework=world.framework, number=100 + number)

    with django_assert_max_num_queries(6):
        response = client.get(
            world.framework.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr", follow=True
        )

    assert len(card_titles(response)) == min(4 * size, 20)
    assert html(response).count("<li value=") == size + 1
