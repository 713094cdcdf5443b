import datetime as dt
import re

import pytest
from django.utils import timezone

from crossroads.search.bitmaps import current_index
from tests.content.builders import build_world, full_event, full_story, tag
from tests.content.pages import (
    card_titles,
    card_titles_in,
    chips,
    facets,
    h1,
    html,
    result_count,
)
from tests.factories import (
    EventFactory,
    ItemActorFactory,
    ItemTranslationFactory,
    ResourceFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - dt.timedelta(days=days)


NOTHING = "<p>Nothing matches all these criteria. Remove one of them, or try other words.</p>"


def make_news():
    StoryFactory(title="Press release", news_type="press_release", published_at=days_ago(3))
    StoryFactory(title="Blog post", news_type="blog", published_at=days_ago(1))
    StoryFactory(title="News", news_type="news", published_at=days_ago(2))
    StoryFactory(title="Draft", status="draft", published_at=None)
    StoryFactory(title="Scheduled", published_at=timezone.now() + dt.timedelta(days=1))
    EventFactory(title="An event")
    ResourceFactory(title="A resource")


def test_news_are_listed_newest_first(client):
    make_news()

    response = client.get("/news/")

    assert card_titles(response) == ["Blog post", "News", "Press release"]
    assert h1(response) == "News"
    assert result_count(response) == 3
    assert chips(response) == []
    assert facets(response)["Type"] == [
        ("blog", "Blog post", 1, False),
        ("news", "News", 1, False),
        ("press_release", "Press release", 1, False),
    ]
    assert "Kind" not in facets(response)


def test_news_are_filtered_by_type(client):
    make_news()

    response = client.get("/news/", {"type": ["blog", "press_release"]})

    assert card_titles(response) == ["Blog post", "Press release"]
    assert facets(response)["Type"] == [
        ("blog", "Blog post", 1, True),
        ("press_release", "Press release", 1, True),
        ("news", "News", 1, False),
    ]
    assert chips(response) == [
        ("Type: Blog post", "?type=press_release"),
        ("Type: Press release", "?type=blog"),
    ]


def test_news_are_searched_by_words(client):
    make_news()
    StoryFactory(title="Kisumu mayors meet", summary="The mayors of Kisumu met.")

    response = client.get("/news/", {"q": "mayor"})

    assert card_titles(response) == ["Kisumu mayors meet"]
    assert "The <mark>mayors</mark> of Kisumu met." in html(response)


def test_an_unknown_type_finds_no_news(client):
    make_news()

    response = client.get("/news/", {"type": "rumour"})

    assert card_titles(response) == []
    assert NOTHING in html(response)
    assert chips(response) == [("Type: rumour", "?")]


def test_a_type_without_news_says_so(client):
    make_news()

    response = client.get("/news/", {"type": "interview"})

    assert card_titles(response) == []
    assert NOTHING in html(response)
    assert facets(response)["Type"][0] == ("interview", "Interview", 0, True)


def test_a_card_shows_type_date_and_summary(client):
    StoryFactory(
        title="Cities sign the declaration",
        news_type="statement",
        published_at=timezone.make_aware(dt.datetime(2023, 12, 18, 9)),
        summary="Forty cities signed.",
    )

    page = html(client.get("/news/"))

    assert (
        '<p class="meta"><span class="kind">Statement</span> '
        '<time datetime="2023-12-18T09:00:00+00:00">18 December 2023</time></p>'
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
    french = html(client.get("/news/mayors-meet/", HTTP_ACCEPT_LANGUAGE="fr", follow=True))
    assert '<a href="/fr/events/africities-2022/">Africités 2022</a>' in french


def test_related_items_are_those_sharing_most_with_the_story(client):
    world = build_world()
    story = StoryFactory(title="Mayors meet", slug="mayors-meet")
    story.topics.add(world.topic)
    ItemActorFactory(item=story, organisation=world.organiser)
    both = ResourceFactory(title="Same topic and organiser", published_at=days_ago(9))
    both.topics.add(world.topic)
    ItemActorFactory(item=both, organisation=world.organiser, role="publisher")
    StoryFactory(title="Same topic, older", published_at=days_ago(5)).topics.add(world.topic)
    StoryFactory(title="Same topic, newer", published_at=days_ago(2)).topics.add(world.topic)
    StoryFactory(title="Unrelated")

    response = client.get("/news/mayors-meet/")

    assert card_titles_in(response, "Related items") == [
        "Same topic and organiser",
        "Same topic, newer",
        "Same topic, older",
    ]


def test_the_storys_own_events_are_not_repeated_among_related_items(client):
    story = StoryFactory(title="Mayors meet", slug="mayors-meet")
    story.events.add(EventFactory(title="Africities 2022"))

    response = client.get("/news/mayors-meet/")

    assert '<a href="/events/event-' in section_events(response)
    assert "Related items" not in html(response)


def section_events(response):
    page = html(response)
    start = page.index("<dt>Events</dt>")
    return page[start : page.index("</dd>", start)]


#: The index's version (1), the page's ids in order (1), the cards with their
#: translations and organisations (3), the facet values of a few results (1; many are
#: counted in memory) and the names of topics, frameworks, countries, cities and
#: organisations (1).
LIST_QUERIES = 7


def build_news(size):
    world = build_world()
    for number in range(size):
        full_story(world, title=f"Story {number}", news_type=("news", "blog")[number % 2])


@pytest.mark.parametrize("query", [{}, {"type": "news"}])
@pytest.mark.parametrize("size", [3, 30])
def test_list_queries_are_bounded(client, django_assert_max_num_queries, size, query):
    build_news(size)

    current_index()  # the process's bitmaps catch up once after the data changed
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get("/news/", query, HTTP_ACCEPT_LANGUAGE="fr", follow=True)

    titles = card_titles(response)
    assert len(titles) == min(size if not query else (size + 1) // 2, 20)
    assert all(title.endswith(" (fr)") for title in titles)


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

    current_index()
    with django_assert_max_num_queries(18):
        response = client.get(story.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr", follow=True)

    assert h1(response) == "Main (fr)"
    page = html(response)
    assert page.count('<li><a href="/fr/events/event-') == size
    assert len(card_titles(response)) == 5
