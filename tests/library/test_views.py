import datetime as dt
import re

import pytest
from django.utils import timezone

from crossroads.search.bitmaps import current_index
from tests.content.builders import build_world, full_resource, tag
from tests.content.pages import card_titles, chips, facets, h1, html, result_count
from tests.factories import (
    EventDocumentFactory,
    EventFactory,
    ItemTranslationFactory,
    ResourceFactory,
    ResourceVersionFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - dt.timedelta(days=days)


NOTHING = "<p>Nothing matches all these criteria. Remove one of them, or try other words.</p>"


def make_library():
    """An English report with a French file, a French policy brief, an English guide with
    an Arabic translation; a draft and a scheduled resource; an event and a story."""
    report = ResourceFactory(title="Report", resource_type="report", published_at=days_ago(3))
    brief = ResourceFactory(
        title="Brief", resource_type="policy_brief", language="fr", published_at=days_ago(1)
    )
    guide = ResourceFactory(title="Guide", resource_type="guidance", published_at=days_ago(2))
    for resource, languages in [(report, ["en", "fr"]), (brief, ["fr"]), (guide, ["en"])]:
        for language in languages:
            ResourceVersionFactory(resource=resource, language=language)
    ResourceVersionFactory(resource=report, language="fr", format="docx")
    ItemTranslationFactory(item=guide, language="ar", title="دليل")
    ResourceFactory(title="Draft", status="draft", published_at=None)
    ResourceFactory(title="Scheduled", published_at=timezone.now() + dt.timedelta(days=1))
    EventFactory(title="An event")
    StoryFactory(title="A story")


def test_the_library_lists_resources_newest_first(client):
    make_library()

    response = client.get("/resources/")

    assert card_titles(response) == ["Brief", "Guide", "Report"]
    assert h1(response) == "Resources"
    assert result_count(response) == 3
    assert '<span class="kind">Policy brief</span>' in html(response)
    assert facets(response)["Type"] == [
        ("guidance", "Guidance", 1, False),
        ("policy_brief", "Policy brief", 1, False),
        ("report", "Report", 1, False),
    ]
    # A resource can be read in the language of its description, of its translations and
    # of its files.
    assert facets(response)["Language"] == [
        ("en", "English", 2, False),
        ("fr", "Français", 2, False),
        ("ar", "العربية", 1, False),
    ]
    assert "Kind" not in facets(response)


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"type": "report"}, ["Report"]),
        ({"type": ["report", "guidance"]}, ["Guide", "Report"]),
        ({"language": "fr"}, ["Brief", "Report"]),
        ({"language": "ar"}, ["Guide"]),
        ({"language": "en"}, ["Guide", "Report"]),
        ({"type": "policy_brief", "language": "en"}, []),
        ({"type": "policy_brief", "language": ["en", "fr"]}, ["Brief"]),
        ({"type": "toolkit"}, []),
        ({"type": "poster"}, []),
        ({"language": "zz"}, []),
        ({"kind": "event"}, ["Brief", "Guide", "Report"]),
        ({"q": "guide"}, ["Guide"]),
    ],
)
def test_the_library_is_narrowed_by_type_language_and_words(client, query, titles):
    make_library()

    assert card_titles(client.get("/resources/", query)) == titles


def test_the_filters_show_what_is_selected(client):
    response = client.get("/resources/", {"type": "report", "language": "fr", "page": "2"})

    assert facets(response) == {
        "Type": [("report", "Report", 0, True)],
        "Language": [("fr", "Français", 0, True)],
    }
    assert chips(response) == [
        ("Type: Report", "?language=fr"),
        ("Language: Français", "?type=report"),
    ]
    assert result_count(response) == 0
    assert NOTHING in html(response)


def test_unknown_filters_find_nothing_and_are_shown_escaped(client):
    make_library()

    response = client.get("/resources/", {"type": "<b>", "language": "zz"})

    assert card_titles(response) == []
    assert chips(response) == [
        ("Type: <b>", "?language=zz"),
        ("Language: zz", "?type=%3Cb%3E"),
    ]
    assert facets(response)["Type"][0] == ("<b>", "<b>", 0, True)
    assert "<b>" not in html(response)
    assert NOTHING in html(response)


def test_the_resource_page(client):
    world = build_world()
    resource = ResourceFactory(
        title="Inclusion in secondary cities",
        slug="inclusion",
        resource_type="study",
        published_at=timezone.make_aware(dt.datetime(2024, 3, 27, 12)),
        summary="What cities learnt.",
        body="Read **this**.",
    )
    tag(resource, world)
    ResourceVersionFactory(
        resource=resource,
        language="en",
        url="https://example.org/inclusion.pdf",
        size=1_572_864,
        pages=48,
    )
    ResourceVersionFactory(
        resource=resource,
        language="fr",
        title="L'inclusion dans les villes secondaires",
        url="https://example.org/inclusion-fr.pdf",
        pages=1,
    )
    event = EventFactory(title="Kisumu forum", slug="kisumu-forum")
    EventDocumentFactory(event=event, resource=resource, role="presentation")

    response = client.get("/resources/inclusion/")
    page = html(response)

    assert (
        '<p class="meta"><span class="kind">Study</span> '
        '<time datetime="2024-03-27T12:00:00+00:00">27 March 2024</time></p>'
    ) in page
    assert h1(response) == "Inclusion in secondary cities"
    assert re.search(r'<p class="lead"[^>]*>What cities learnt.</p>', page)
    assert re.findall(r'<li><a href="([^"]+)" hreflang="([a-z]+)">([^<]+)</a>', page) == [
        ("https://example.org/inclusion.pdf", "en", "Inclusion in secondary cities"),
        (
            "https://example.org/inclusion-fr.pdf",
            "fr",
            "L&#x27;inclusion dans les villes secondaires",
        ),
    ]
    assert (
        '<span class="lang">[EN]</span> <span class="note">English · PDF · 1.5 MB · 48 pages</span>'
    ) in page
    assert '<span class="lang">[FR]</span> <span class="note">Français · PDF · 1 page</span>' in (
        page
    )
    assert (
        '<dt>Presented at</dt><dd><ul><li><a href="/events/kisumu-forum/">Kisumu forum</a> '
        "(Presentation)</li></ul></dd>"
    ) in page
    assert '<a href="/organizations/cities-alliance/">Cities Alliance</a>' in page
    assert '<a href="/topics/inclusion/">Inclusion</a>' in page
    assert re.search(
        r'<div class="main-col body"[^>]*><p>Read <strong>this</strong>.</p> </div>', page
    )


def test_a_resource_without_versions_says_so(client):
    resource = ResourceFactory()

    assert "<p>No file has been published yet.</p>" in html(client.get(resource.get_absolute_url()))


def test_a_draft_event_is_not_shown_as_where_it_was_presented(client):
    resource = ResourceFactory()
    EventDocumentFactory(
        event=EventFactory(title="Draft event", status="draft", published_at=None),
        resource=resource,
    )

    assert "Draft event" not in html(client.get(resource.get_absolute_url()))


def test_a_scheduled_event_is_not_shown_as_where_it_was_presented(client):
    resource = ResourceFactory()
    EventDocumentFactory(
        event=EventFactory(
            title="Scheduled event", published_at=timezone.now() + dt.timedelta(days=2)
        ),
        resource=resource,
    )

    assert "Scheduled event" not in html(client.get(resource.get_absolute_url()))


def test_where_it_was_presented_is_shown_in_the_visitors_language(client):
    resource = ResourceFactory()
    event = EventFactory(title="Kisumu forum")
    ItemTranslationFactory(item=event, language="fr", title="Forum de Kisumu")
    EventDocumentFactory(event=event, resource=resource)

    page = html(client.get(resource.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr", follow=True))

    assert ">Forum de Kisumu</a>" in page


def build_library(size):
    """``size`` full resources, each also presented at an event."""
    world = build_world()
    for number in range(size):
        resource = full_resource(world, title=f"Resource {number}")
        EventDocumentFactory(event=EventFactory(), resource=resource)


#: The index's version (1), the page's ids in order (1), the cards with their
#: translations and organisations (3), the facet values of a few results (1; many are
#: counted in memory) and the names of topics, frameworks, countries, cities and
#: organisations (1).
LIST_QUERIES = 7


@pytest.mark.parametrize("query", [{}, {"language": "fr", "type": "report"}])
@pytest.mark.parametrize("size", [3, 30])
def test_list_queries_are_bounded(client, django_assert_max_num_queries, size, query):
    build_library(size)

    current_index()  # the process's bitmaps catch up once after the data changed
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get("/resources/", query, HTTP_ACCEPT_LANGUAGE="fr", follow=True)

    titles = card_titles(response)
    assert len(titles) == min(size, 20)
    assert all(title.endswith(" (fr)") for title in titles)


def build_resource_page(size):
    """A full resource in ``size`` formats per language, presented at ``size`` events,
    with ``size`` related resources."""
    world = build_world()
    resource = full_resource(world, title="Main", slug="main")
    for number in range(size):
        for language in ("en", "fr", "ar"):
            ResourceVersionFactory(resource=resource, language=language, format=f"f{number}")
        EventDocumentFactory(event=EventFactory(), resource=resource)
        full_resource(world, title=f"Related {number}")
    return resource


@pytest.mark.parametrize("size", [3, 30])
def test_page_queries_are_bounded(client, django_assert_max_num_queries, size):
    resource = build_resource_page(size)

    current_index()
    with django_assert_max_num_queries(19):
        response = client.get(resource.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr", follow=True)

    page = html(response)
    assert page.count('<span class="lang">') == 3 * size + 2
    assert page.count("(Rapport)</li>") == size
    # Up to five related resources, most recent first; the events where it was presented
    # are listed already, so they are not repeated among related items.
    related = card_titles(response)
    assert related == [f"Related {size - 1 - n} (fr)" for n in range(min(size, 5))]


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("", ["EN", "AR", "FR"]), ("/fr", ["FR", "AR", "EN"]), ("/ar", ["AR", "EN", "FR"])],
    ids=["en", "fr", "ar"],
)
def test_versions_are_offered_in_the_readers_language_first(client, prefix, expected):
    resource = ResourceFactory(slug="guide")
    for language in ("fr", "en", "ar"):
        ResourceVersionFactory(resource=resource, language=language)
    event = EventFactory(slug="forum")
    EventDocumentFactory(event=event, resource=resource)

    for path in (f"{prefix}/resources/guide/", f"{prefix}/events/forum/"):
        page = client.get(path).content.decode()
        found = re.findall(r"\[(EN|FR|AR)\]", page)
        assert found[:3] == expected, path
