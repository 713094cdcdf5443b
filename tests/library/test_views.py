import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.content.builders import build_world, full_resource, tag
from tests.content.pages import card_titles, h1, html
from tests.factories import (
    EventDocumentFactory,
    EventFactory,
    ItemTranslationFactory,
    ResourceFactory,
    ResourceVersionFactory,
)

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - dt.timedelta(days=days)


def make_library():
    """A report in English and French, a policy brief in French, a guide in English."""
    report = ResourceFactory(title="Report", resource_type="report", published_at=days_ago(3))
    brief = ResourceFactory(title="Brief", resource_type="policy_brief", published_at=days_ago(1))
    guide = ResourceFactory(title="Guide", resource_type="guidance", published_at=days_ago(2))
    for resource, languages in [(report, ["en", "fr"]), (brief, ["fr"]), (guide, ["en"])]:
        for language in languages:
            ResourceVersionFactory(resource=resource, language=language)
    ResourceVersionFactory(resource=report, language="fr", format="docx")


def test_the_library_lists_resources_newest_first(client):
    make_library()

    response = client.get("/resources/")

    assert card_titles(response) == ["Brief", "Guide", "Report"]
    assert '<span class="kind">Policy brief</span>' in html(response)


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"type": "report"}, ["Report"]),
        ({"language": "fr"}, ["Brief", "Report"]),
        ({"type": "policy_brief", "language": "en"}, []),
        ({"type": "poster"}, ["Brief", "Guide", "Report"]),
        ({"language": "zz"}, ["Brief", "Guide", "Report"]),
    ],
)
def test_the_library_filters_by_type_and_language(client, query, titles):
    make_library()

    assert card_titles(client.get("/resources/", query)) == titles


def test_the_filters_show_what_is_selected(client):
    page = html(client.get("/resources/", {"type": "report", "language": "fr", "page": "2"}))

    assert '<option value="report" selected>Report</option>' in page
    assert '<option value="fr" selected>Français</option>' in page
    assert '<option value="">All types</option>' in page
    assert "<p>No resources match.</p>" in page


def test_unknown_filters_select_nothing(client):
    page = html(client.get("/resources/", {"type": "<b>", "language": "zz"}))

    assert " selected>" not in page


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

    page = html(client.get(resource.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr"))

    assert ">Forum de Kisumu</a>" in page


def build_library(size):
    """``size`` full resources, each also presented at an event."""
    world = build_world()
    for number in range(size):
        resource = full_resource(world, title=f"Resource {number}")
        EventDocumentFactory(event=EventFactory(), resource=resource)


@pytest.mark.parametrize("query", [{}, {"language": "fr", "type": "report"}])
@pytest.mark.parametrize("size", [3, 30])
def test_list_queries_are_bounded(client, django_assert_max_num_queries, size, query):
    build_library(size)

    with django_assert_max_num_queries(5):
        response = client.get("/resources/", query, HTTP_ACCEPT_LANGUAGE="fr")

    titles = card_titles(response)
    assert len(titles) == min(size, 20)
    assert titles[0].endswith(" (fr)")


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

    with django_assert_max_num_queries(16):
        response = client.get(resource.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")

    page = html(response)
    assert page.count('<span class="lang">') == 3 * size + 2
    assert page.count("(Report)</li>") == size
    assert len(card_titles(response)) == min(size, 5)
