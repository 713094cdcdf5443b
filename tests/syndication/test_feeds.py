"""Atom and RSS feeds beside the lists and /search/: the page's criteria, read by the same
engine, as entries with summaries, categories, organisations, dates and documents."""

import datetime as dt
import time

import feedparser
import pytest
from django.core.files.base import ContentFile

from crossroads.search.bitmaps import current_index
from tests.factories import (
    EventFactory,
    ItemActorFactory,
    OrganisationFactory,
    ResourceFactory,
    ResourceVersionFactory,
    StoryFactory,
    TopicFactory,
)
from tests.syndication.builders import HOSTILE, at, horn_city, in_days, many_items

pytestmark = pytest.mark.django_db

SITE = "https://crossroads.example"
FEEDS = [
    f"/{name}/feed.{kind}"
    for name in ("events", "news", "resources", "search")
    for kind in ("atom", "rss")
]


def parsed(response):
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def titles(feed) -> list[str]:
    return [entry.title for entry in feed.entries]


# -- news ------------------------------------------------------------------------------
def test_news_atom_feed_has_full_entries_newest_first(client):
    inclusion = TopicFactory(name="Inclusion", slug="inclusion")
    housing = TopicFactory(name="Housing", slug="housing")
    unhcr = OrganisationFactory(name="UN Refugee Agency", acronym="UNHCR")
    igad = OrganisationFactory(name="Intergovernmental Authority on Development", acronym="IGAD")
    older = StoryFactory(
        title="Older & wiser",
        slug="older",
        summary="Cities <meet> in Kampala.",
        news_type="press_release",
        published_at=at(2024, 3, 1),
    )
    older.topics.add(inclusion, housing)
    ItemActorFactory(item=older, organisation=unhcr, role="publisher")
    ItemActorFactory(item=older, organisation=igad, role="publisher")
    ItemActorFactory(item=older, organisation=OrganisationFactory(name="Funder"), role="funder")
    StoryFactory(
        title="Newer",
        slug="newer",
        summary="",
        body="## Heading\n\nFirst *paragraph*.\n\nSecond paragraph.",
        published_at=at(2024, 4, 1),
    )
    StoryFactory(title="Draft", status="draft", published_at=None)
    EventFactory(title="An event")

    feed = parsed(client.get("/news/feed.atom"))

    assert feed.version == "atom10"
    assert feed.feed.title == "News · Crossroads"
    assert feed.feed.link == f"{SITE}/news/"
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [
        f"{SITE}/news/feed.atom"
    ]
    assert feed.feed.subtitle == f"The first 2 of 2 results of {SITE}/news/"
    assert titles(feed) == ["Newer", "Older & wiser"]
    newer, older_entry = feed.entries
    assert newer.link == f"{SITE}/news/newer/"
    assert newer.id == f"{SITE}/news/newer/"
    assert newer.summary == "<p>First <em>paragraph</em>.</p>"
    assert [tag.term for tag in newer.tags] == ["News"]  # the kind; its type is "News" too
    assert "author" not in newer
    assert older_entry.link == f"{SITE}/news/older/"
    assert older_entry.summary == "<p>Cities &lt;meet&gt; in Kampala.</p>"
    assert [tag.term for tag in older_entry.tags] == [
        "News",
        "Press release",
        "Housing",
        "Inclusion",
    ]
    assert older_entry.author == "UNHCR, IGAD"
    assert older_entry.published_parsed[:6] == (2024, 3, 1, 12, 0, 0)
    older.refresh_from_db()
    assert older_entry.updated_parsed[:6] == time.gmtime(older.updated_at.timestamp())[:6]


def test_news_rss_feed_says_the_same(client):
    story = StoryFactory(
        title="Story", slug="story", summary="Summary.", published_at=at(2024, 3, 1)
    )
    story.topics.add(TopicFactory(name="Inclusion"))
    ItemActorFactory(item=story, organisation=OrganisationFactory(name="Cities Alliance"))

    response = client.get("/news/feed.rss")
    feed = parsed(response)

    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert feed.version == "rss20"
    assert feed.feed.title == "News · Crossroads"
    assert feed.feed.link == f"{SITE}/news/"
    assert feed.feed.description == f"The first 1 of 1 results of {SITE}/news/"
    (entry,) = feed.entries
    assert (entry.title, entry.link, entry.id) == (
        "Story",
        f"{SITE}/news/story/",
        f"{SITE}/news/story/",
    )
    assert entry.summary == "<p>Summary.</p>"
    assert [tag.term for tag in entry.tags] == ["News", "Inclusion"]
    assert entry.author == "Cities Alliance"
    assert entry.published_parsed[:6] == (2024, 3, 1, 12, 0, 0)


# -- resources and their documents ------------------------------------------------------
def test_resource_documents_are_enclosures(client):
    report = ResourceFactory(title="Report", slug="report", resource_type="policy_brief")
    brief = ResourceVersionFactory(
        resource=report,
        language="en",
        url="",
        format="",
        file=ContentFile(b"%PDF-1.4 fifteen", name="brief.pdf"),
    )
    ResourceVersionFactory(
        resource=report,
        language="fr",
        url="https://example.org/note.docx",
        format="docx",
        size=2048,
    )

    atom = parsed(client.get("/resources/feed.atom"))
    rss = parsed(client.get("/resources/feed.rss"))

    assert atom.feed.title == "Resources · Crossroads"
    (entry,) = atom.entries
    assert [tag.term for tag in entry.tags] == ["Resource", "Policy brief"]
    assert [(e.href, e.length, e.type) for e in entry.enclosures] == [
        (f"{SITE}/media/{brief.file.name}", "16", "application/pdf"),
        (
            "https://example.org/note.docx",
            "2048",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ]
    (entry,) = rss.entries  # RSS allows one enclosure: the one in the entry's language
    assert [(e.href, e.length, e.type) for e in entry.enclosures] == [
        (f"{SITE}/media/{brief.file.name}", "16", "application/pdf")
    ]


# -- events ------------------------------------------------------------------------------
def test_event_feed_lists_upcoming_events_soonest_first_without_online_links(client):
    EventFactory(
        title="Later",
        slug="later",
        start_date=dt.date(2031, 3, 1),
        end_date=dt.date(2031, 3, 31),
        date_precision="month",
        city=None,
        online_url="https://meet.example/secret-later",
    )
    city = horn_city()
    EventFactory(
        title="Sooner",
        slug="sooner",
        city=city,
        start_date=in_days(3),
        attendance_mode="hybrid",
        online_url="https://meet.example/secret-sooner",
    )
    EventFactory(title="Past", start_date=dt.date(2020, 1, 1))

    response = client.get("/events/feed.atom")
    feed = parsed(response)

    assert b"secret" not in response.content
    assert feed.feed.title == "Upcoming events · Crossroads"
    assert feed.feed.link == f"{SITE}/events/?when=upcoming"
    assert titles(feed) == ["Sooner", "Later"]
    assert feed.entries[1].summary == "<p>March 2031</p><p>A short summary.</p>"
    assert feed.entries[0].summary.endswith(
        "· Hargeisa, Somalia with online participation</p><p>A short summary.</p>"
    )
    assert [tag.term for tag in feed.entries[0].tags] == ["Event", "Workshop"]

    past = parsed(client.get("/events/feed.rss", {"when": "past"}))
    assert past.feed.title == "Past events · Crossroads"
    assert titles(past) == ["Past"]


# -- criteria --------------------------------------------------------------------------
def test_search_feed_has_only_what_matches_its_criteria(client):
    inclusion = TopicFactory(name="Refugee inclusion", slug="refugee-inclusion")
    city = horn_city()
    wanted = [
        EventFactory(
            title="Horn event",
            city=city,
            published_at=at(2024, 1, 1),
            start_date=dt.date(2024, 5, 1),
        ),
        StoryFactory(title="Horn story", published_at=at(2024, 2, 1)),
    ]
    wanted[1].cities.add(city)
    for item in wanted:
        item.topics.add(inclusion)
    EventFactory(title="Elsewhere, same topic").topics.add(inclusion)
    StoryFactory(title="Horn, other topic").cities.add(city)
    draft = StoryFactory(title="Horn draft", status="draft", published_at=None)
    draft.cities.add(city)
    draft.topics.add(inclusion)

    query = "region=horn_of_africa&topic=refugee-inclusion"
    feed = parsed(client.get(f"/search/feed.atom?{query}"))

    assert (
        feed.feed.title == "Search · Topic: Refugee inclusion · Region: Horn of Africa · Crossroads"
    )
    assert feed.feed.link == f"{SITE}/search/?topic=refugee-inclusion&region=horn_of_africa"
    assert titles(feed) == ["Horn event", "Horn story"]

    words = parsed(client.get("/search/feed.rss", {"q": "horn", "kind": "story"}))
    assert words.feed.title == "Search · Words: “horn” · Kind: News · Crossroads"
    assert titles(words) == ["Horn, other topic", "Horn story"]  # newest first


@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_query_strings_get_a_feed(client, url, query):
    StoryFactory(title="Story")
    EventFactory(title="Event")

    response = client.get(url, query)

    assert response.status_code == 200
    parsed(response)


def test_feeds_answer_only_reading(client):
    assert client.post("/news/feed.atom").status_code == 405
    assert client.head("/news/feed.atom").status_code == 200


# -- discovery -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("page", "base", "calendar"),
    [
        ("/events/?topic=inclusion", "/events/", True),
        ("/news/?topic=inclusion", "/news/", False),
        ("/resources/?topic=inclusion", "/resources/", False),
        ("/search/?topic=inclusion", "/search/", True),
    ],
)
def test_pages_of_results_link_to_their_feeds(client, page, base, calendar):
    html = client.get(page).content.decode()

    query = "?topic=inclusion&amp;when=upcoming" if base == "/events/" else "?topic=inclusion"
    head = (
        '<link rel="alternate" type="application/atom+xml" title="Feed (Atom)" '
        f'href="{base}feed.atom{query}">\n'
        '<link rel="alternate" type="application/rss+xml" title="RSS" '
        f'href="{base}feed.rss{query}">'
    )
    ics = (
        '<link rel="alternate" type="text/calendar" title="Calendar (.ics)" '
        f'href="{base}calendar.ics{query}">'
    )
    visible = (
        f'<p class="feeds">Follow these results: <a href="{base}feed.atom{query}" '
        'type="application/atom+xml">Feed (Atom)</a>'
        f' · <a href="{base}feed.rss{query}" type="application/rss+xml">RSS</a>'
    )
    assert head in html
    assert visible in html
    assert (ics in html) is calendar
    assert ("Calendar (.ics)</a>" in html) is calendar


# -- cost ------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/search/feed.atom", "/resources/feed.rss", "/events/feed.atom"])
@pytest.mark.parametrize("size", [2, 40])
def test_feed_queries_are_bounded(client, django_assert_max_num_queries, url, size):
    many_items(size)

    current_index()
    with django_assert_max_num_queries(7):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr", follow=True)

    feed = parsed(response)
    assert len(feed.entries) == min(size * (3 if url.startswith("/search/") else 1), 30)
    assert all(entry.title.endswith(" (fr)") for entry in feed.entries)
