import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.content.builders import build_world, full_event, full_story, tag
from tests.content.pages import card_titles, card_titles_in, h1, html
from tests.factories import EventFactory, ItemTranslationFactory, StoryFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - dt.timedelta(days=days)


def make_news():
    StoryFactory(title="Press release", news_type="press_release", published_at=days_ago(3))
    StoryFactory(title="Blog post", news_type="blog", published_at=days_ago(1))
    StoryFactory(title="News", news_type="news", published_at=days_ago(2))


def test_news_are_listed_newest_first(client):
    make_news()

    response = client.get("/news/")

    assert card_titles(response) == ["Blog post", "News", "Press release"]
    assert '<a href="/news/" aria-current="page">All</a>' in html(response)


def test_news_are_filtered_by_type(client):
    make_news()

    response = client.get("/news/", {"type": "blog"})

    assert card_titles(response) == ["Blog post"]
    assert '<a href="?type=blog" aria-current="page">Blog post</a>' in html(response)


def test_an_unknown_type_shows_all_news(client):
    make_news()

    response = client.get("/news/", {"type": "rumour"})

    assert card_titles(response) == ["Blog post", "News", "Press release"]
    assert '<a href="/news/" aria-current="page">All</a>' in html(response)


def test_a_type_without_news_says_so(client):
    make_news()

    assert "<p>No news of this kind yet.</p>" in html(client.get("/news/", {"type": "interview"}))


def test_a_card_shows_type_date_and_summary(client):
    StoryFactory(
        title="Cities sign the declaration",
        news_type="statement",
        published_at=timezone.make_aware(dt.datetime(2023, 12, 18, 9)),
        summary="Forty cities signed.",
    )

    page = html(client.get("/news/"))

    assert (
        '<p class="meta"> <span class="kind">Statement</span> '
        '<time datetime="2023-12-18T09:00:00+00:00">18 December 2023</time> </p>'
    ) in page
    assert re.search(r'<p class="summary" lang="en"[^>]*>Forty cities signed.</p>', page)


def test_the_story_page(client):
    world = build_world()
    story = StoryFactory(
        title="Mayors meet in Kisumu",
        slug="mayors-meet",
        news_type="feature",
        published_at=timezone.make_aware(dt.datetime(2022, 5, 22, 8)),
        summary="A week of peer learning.",
        body="Mayors **met**.\n\n<script>alert(1)</script>",
    )
    tag(story, world)
    event = EventFactory(title="Africities 2022", slug="africities-2022")
    ItemTranslationFactory(item=event, language="fr", title="Africités 2022")
    story.events.add(event, EventFactory(title="Draft", status="draft", published_at=None))
    related = StoryFactory(title="On inclusion")
    related.topics.add(world.topic)

    response = client.get("/news/mayors-meet/")
    page = html(response)

    assert (
        '<p class="meta"><span class="kind">Feature</span> '
        '<time datetime="2022-05-22T08:00:00+00:00">22 May 2022</time></p>'
    ) in page
    assert h1(response) == "Mayors meet in Kisumu"
    assert re.search(r'<p class="lead"[^>]*>A week of peer learning.</p>', page)
    assert "<dt>News type</dt><dd>Feature</dd>" in page
    assert (
        '<dt>Events</dt><dd><ul><li><a href="/events/africities-2022/">Africities 2022</a></li>'
        "</ul></dd>"
    ) in page
    assert re.search(
        r'<div class="main-col body"[^>]*><p>Mayors <strong>met</strong>.</p> '
        r"<p>&lt;script&gt;alert\(1\)&lt;/script&gt;</p> </div>",
        page,
    )
    assert '<a href="/organizations/cities-alliance/">Cities Alliance</a>' in page
    assert card_titles_in(response, "Related items") == ["On inclusion"]
    french = html(client.get("/news/mayors-meet/", HTTP_ACCEPT_LANGUAGE="fr"))
    assert '<a href="/events/africities-2022/">Africités 2022</a>' in french


def build_news(size):
    world = build_world()
    for number in range(size):
        full_story(world, title=f"Story {number}", news_type=("news", "blog")[number % 2])


@pytest.mark.parametrize("query", [{}, {"type": "news"}])
@pytest.mark.parametrize("size", [3, 30])
def test_list_queries_are_bounded(client, django_assert_max_num_queries, size, query):
    build_news(size)

    with django_assert_max_num_queries(4):
        response = client.get("/news/", query, HTTP_ACCEPT_LANGUAGE="fr")

    titles = card_titles(response)
    assert len(titles) == min(size if not query else (size + 1) // 2, 20)
    assert titles[0].endswith(" (fr)")


def build_story_page(size):
    """A full story about ``size`` full events, with ``size`` related stories."""
    world = build_world()
    story = full_story(world, title="Main", slug="main")
    for number in range(size):
        story.events.add(full_event(world, title=f"Event {number}"))
        full_story(world, title=f"Related {number}")
    return story


@pytest.mark.parametrize("size", [3, 30])
def test_page_queries_are_bounded(client, django_assert_max_num_queries, size):
    story = build_story_page(size)

    with django_assert_max_num_queries(15):
        response = client.get(story.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")

    assert h1(response) == "Main (fr)"
    page = html(response)
    assert page.count('<li><a href="/events/event-') == size
    assert len(card_titles(response)) == 5
