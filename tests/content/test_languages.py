"""Pages at an address naming their language, and visitors sent to their preferred one."""

import html
import re

import pytest

from tests.factories import ItemTranslationFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_english_pages_have_no_prefix_and_other_languages_have_theirs(client):
    for path, language in [("/events/", "en"), ("/fr/events/", "fr"), ("/ar/events/", "ar")]:
        response = client.get(path)

        assert response.status_code == 200, path
        assert f'<html lang="{language}"' in response.content.decode()


def test_an_english_address_is_english_for_a_visitor_with_no_preference(client):
    response = client.get("/events/")

    assert response.status_code == 200
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr", "/fr/events/?when=past&topic=housing"),
        ("ar,fr;q=0.8,en;q=0.5", "/ar/events/?when=past&topic=housing"),
        ("fr-CA,fr;q=0.9", "/fr/events/?when=past&topic=housing"),
    ],
    ids=["french", "arabic-first", "regional-french"],
)
def test_the_browsers_language_leads_to_the_same_page_in_it(client, header, expected):
    response = client.get(
        "/events/", {"when": "past", "topic": "housing"}, HTTP_ACCEPT_LANGUAGE=header
    )

    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(
    "header", ["en", "de,es;q=0.5", "", "x" * 5000, "fr;q=garbage", "*"], ids=str.__len__
)
def test_english_unsupported_or_garbled_preferences_stay_on_the_english_page(client, header):
    response = client.get("/events/", HTTP_ACCEPT_LANGUAGE=header)

    assert response.status_code == 200


def switch(client, path: str, language: str):
    """Press the switcher's button for ``language`` on the page at ``path``."""
    page = client.get(path).content.decode()
    action = re.search(rf'value="{language}" lang="{language}" formaction="([^"]+)"', page)
    return client.post(html.unescape(action.group(1)), {"language": language})


def test_the_switcher_leads_to_the_same_page_in_another_language(client):
    response = switch(client, "/fr/events/?when=past", "ar")

    assert (response.status_code, response["Location"]) == (302, "/ar/events/?when=past")
    assert switch(client, "/ar/events/?when=past", "en")["Location"] == "/events/?when=past"


def test_each_page_names_its_versions_in_other_languages(client):
    page = client.get("/fr/events/?when=past").content.decode()

    assert '<link rel="alternate" hreflang="en" href="/events/?when=past">' in page
    assert '<link rel="alternate" hreflang="ar" href="/ar/events/?when=past">' in page


def test_the_language_chosen_is_remembered_over_the_browsers(client):
    assert switch(client, "/fr/events/", "ar")["Location"] == "/ar/events/"

    assert client.get("/news/", HTTP_ACCEPT_LANGUAGE="fr")["Location"] == "/ar/news/"

    switch(client, "/ar/news/", "en")
    assert client.get("/news/", HTTP_ACCEPT_LANGUAGE="fr").status_code == 200


def test_the_switcher_keeps_the_current_page(client):
    story = StoryFactory(slug="mayors-meet")

    response = switch(client, story.get_absolute_url(), "fr")

    assert response["Location"] == "/fr/news/mayors-meet/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_reading_is_redirected(client, method):
    response = getattr(client, method)("/events/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code != 302


@pytest.mark.parametrize(
    "path", ["/api/items/", "/robots.txt", "/sitemap.xml", "/admin/login/", "/no-such-page/"]
)
def test_addresses_without_language_versions_are_not_redirected(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code != 302 or not response["Location"].startswith("/fr/")


def test_feeds_are_in_the_readers_language_too(client):
    response = client.get("/events/feed.atom", HTTP_ACCEPT_LANGUAGE="fr")

    assert response["Location"] == "/fr/events/feed.atom"
    assert client.get("/fr/events/feed.atom").status_code == 200


def test_an_unknown_language_prefix_is_not_found(client):
    assert client.get("/de/events/").status_code == 404
    assert client.get("/en/events/").status_code == 404


def test_a_page_without_a_translation_says_so_and_links_to_its_languages(client):
    story = StoryFactory(slug="mayors-meet", language="en")
    ItemTranslationFactory(item=story, language="ar", title="اجتماع رؤساء البلديات")

    page = client.get("/fr/news/mayors-meet/").content.decode()

    assert '<p class="language-note" role="note">' in page
    assert '<span lang="en">English</span>' in page
    assert '<a href="/news/mayors-meet/" lang="en" hreflang="en">English</a>' in page
    assert '<a href="/ar/news/mayors-meet/" lang="ar" hreflang="ar">العربية</a>' in page


def test_a_translated_page_and_a_page_in_its_own_language_have_no_note(client):
    story = StoryFactory(slug="mayors-meet", language="en")
    ItemTranslationFactory(item=story, language="fr", title="Les maires se réunissent")

    assert "language-note" not in client.get("/fr/news/mayors-meet/").content.decode()
    assert "language-note" not in client.get("/news/mayors-meet/").content.decode()
