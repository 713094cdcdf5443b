import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from tests.content.builders import build_world, full_event, full_resource, full_story
from tests.content.pages import card_titles, html
from tests.factories import EventFactory, StoryFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - dt.timedelta(days=days)


def test_without_words_the_page_invites_a_search(client):
    StoryFactory()

    page = html(client.get("/search/"))

    assert "<p>Type a few words: a city, an organisation, a topic, a title.</p>" in page
    assert '<input id="q" type="search" name="q" value="" maxlength="200">' in page


def test_results_are_counted_and_listed_newest_first(client):
    EventFactory(title="Kisumu forum", published_at=days_ago(2))
    StoryFactory(title="News from Kisumu", published_at=days_ago(1))
    StoryFactory(title="Elsewhere")

    response = client.get("/search/", {"q": "kisumu"})

    assert card_titles(response) == ["News from Kisumu", "Kisumu forum"]
    page = html(response)
    assert "<p>2 results</p>" in page
    assert "<title>Search: kisumu · Crossroads</title>" in page
    assert '<input id="q" type="search" name="q" value="kisumu" maxlength="200">' in page


def test_results_are_narrowed_to_a_kind(client):
    EventFactory(title="Kisumu forum")
    StoryFactory(title="News from Kisumu")

    response = client.get("/search/", {"q": "kisumu", "kind": "event"})

    assert card_titles(response) == ["Kisumu forum"]
    page = html(response)
    assert "<p>1 result</p>" in page
    assert '<option value="event" selected>Event</option>' in page


def test_an_unknown_kind_is_ignored(client):
    EventFactory(title="Kisumu forum")

    response = client.get("/search/", {"q": "kisumu", "kind": "campaign"})

    assert card_titles(response) == ["Kisumu forum"]
    assert " selected>" not in html(response)


def test_the_query_is_shown_escaped(client):
    page = client.get("/search/", {"q": '"><script>alert(1)</script>'}).content.decode()

    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert "<script" not in page


def test_a_search_without_results_says_so(client):
    StoryFactory(title="Kisumu")

    assert "<p>0 results</p>" in html(client.get("/search/", {"q": "Mombasa"}))


@pytest.mark.xfail(
    settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3",
    strict=True,
    reason="BUG: search.queries.search_items uses icontains, which SQLite applies to ASCII "
    "letters only, so on SQLite 'états' does not find 'États'.",
)
def test_accented_capitals_are_found_in_any_case(client):
    StoryFactory(title="États généraux des villes")

    assert card_titles(client.get("/search/", {"q": "états"})) == ["États généraux des villes"]


def build_results(size):
    """``size`` full events, stories and resources, every one about Kisumu."""
    world = build_world()
    for number in range(size):
        full_event(world, title=f"Kisumu event {number}")
        full_story(world, title=f"Kisumu story {number}")
        full_resource(world, title=f"Kisumu resource {number}")


@pytest.mark.parametrize("query", [{"q": "kisumu"}, {"q": "kisumu (fr)", "kind": "event"}])
@pytest.mark.parametrize("size", [3, 30])
def test_queries_are_bounded(client, django_assert_max_num_queries, size, query):
    build_results(size)

    with django_assert_max_num_queries(4):
        response = client.get("/search/", query, HTTP_ACCEPT_LANGUAGE="fr")

    titles = card_titles(response)
    assert len(titles) == min(size * (1 if "kind" in query else 4), 20)
    assert titles[0].endswith(" (fr)")
