"""Reading the API: exact payloads, the criteria and facets of /search/, what stays
hidden, cursor pagination, ETags, bounded queries, and hostile parameters."""

import datetime as dt
import json

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from crossroads.search.bitmaps import current_index
from crossroads.search.views import FACET_TITLES
from tests.content.builders import build_world, full_event, full_resource, full_story
from tests.content.pages import facets as page_facets
from tests.content.pages import result_count
from tests.factories import (
    EventFactory,
    ItemActorFactory,
    OrganisationFactory,
    ResourceFactory,
    ResourceVersionFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db

SECRET_LINK = "https://meet.example.org/secret-room"


def at(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 12))


def body(response) -> dict:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def error(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


# -- exact payloads -------------------------------------------------------------------------
def test_an_event_in_a_list(client):
    world = build_world()
    full_event(
        world,
        title="Forum",
        slug="forum",
        start_date=dt.date(2031, 5, 6),
        published_at=at(2024, 1, 2),
        online_url=SECRET_LINK,
    )

    response = client.get("/api/events/", {"limit": 1})

    assert response.status_code == 200
    assert body(response) == {
        "count": 1,
        "next": None,
        "results": [
            {
                "kind": "event",
                "slug": "forum",
                "type": "workshop",
                "title": "Forum",
                "summary": "A short summary.",
                "language": "en",
                "published_at": "2024-01-02T12:00:00Z",
                "organisations": ["Cities Alliance"],
                "event": {
                    "start_date": "2031-05-06",
                    "end_date": "2031-05-06",
                    "date_precision": "day",
                    "attendance_mode": "in_person",
                    "venue": "",
                    "city": "Kisumu",
                    "country": "Kenya",
                },
                "url": "https://crossroads.example/events/forum/",
                "api_url": "http://testserver/api/events/forum",
            }
        ],
        "facets": [
            {"name": "type", "values": [facet("workshop", "Workshop", 1)]},
            {"name": "topic", "values": [facet("inclusion", "Inclusion", 1)]},
            {"name": "framework", "values": [facet("GCM", "GCM", 1)]},
            {"name": "region", "values": [facet("east_africa", "East Africa", 1)]},
            {"name": "country", "values": [facet("KE", "Kenya", 1)]},
            {"name": "city", "values": [facet("kisumu", "Kisumu", 1)]},
            {
                "name": "organisation",
                "values": [
                    facet("cities-alliance", "Cities Alliance", 1),
                    facet("un-habitat", "UN-Habitat", 1),
                ],
            },
            {"name": "attendance", "values": [facet("in_person", "In person", 1)]},
            {"name": "year", "values": [facet("2031", "2031", 1)]},
        ],
    }
    assert b"meet.example.org" not in response.content


def facet(value, label, count, selected=False):
    return {"value": value, "label": label, "count": count, "selected": selected}


def actor(slug, name, role):
    return {"slug": slug, "name": name, "acronym": "", "role": role}


def tags() -> dict:
    """What ``builders.tag`` gives an item, as the API shows it."""
    return {
        "topics": [{"slug": "inclusion", "name": "Inclusion"}],
        "frameworks": [
            {
                "code": "GCM",
                "short_name": "GCM",
                "name": "Global Compact for Safe, Orderly and Regular Migration",
            }
        ],
        "framework_objectives": [{"framework": "GCM", "number": 15, "title": "Access to services"}],
        "cities": [{"slug": "kisumu", "name": "Kisumu", "country": "KE"}],
        "countries": [],
        "organisations": [
            actor("cities-alliance", "Cities Alliance", "organiser"),
            actor("un-habitat", "UN-Habitat", "partner"),
        ],
    }


def test_an_event_with_its_programme_and_documents_and_never_its_online_link(client):
    world = build_world()
    event = full_event(
        world,
        title="Forum",
        slug="forum",
        start_date=dt.date(2031, 5, 6),
        published_at=at(2024, 1, 2),
        attendance_mode="hybrid",
        online_url=SECRET_LINK,
        registration_mode="open",
    )
    chair = {
        "role": "chair",
        "name": "Amina Njoroge",
        "affiliation": "Deputy Governor of Kisumu, Cities Alliance",
        "person": "amina-njoroge",
        "organisation": "cities-alliance",
    }
    speaker = {
        "role": "speaker",
        "name": "UN-Habitat",
        "affiliation": "",
        "person": None,
        "organisation": "un-habitat",
    }
    agenda = event.documents.get().resource
    versions = list(agenda.versions.order_by("language"))

    response = client.get("/api/events/forum")

    assert response.status_code == 200
    assert body(response) == {
        "kind": "event",
        "slug": "forum",
        "type": "workshop",
        "title": "Forum",
        "summary": "A short summary.",
        "body": "A body in **Markdown**.",
        "language": "en",
        "status": "published",
        "published_at": "2024-01-02T12:00:00Z",
        "updated_at": event.updated_at.isoformat().replace("+00:00", "Z")[:23] + "Z",
        "url": "https://crossroads.example/events/forum/",
        "translations": [{"language": "fr", "title": "Forum (fr)", "summary": "", "body": ""}],
        **tags(),
        "start_date": "2031-05-06",
        "end_date": "2031-05-06",
        "date_precision": "day",
        "start_time": None,
        "end_time": None,
        "timezone": "Africa/Nairobi",
        "attendance_mode": "hybrid",
        "venue": "",
        "city": {"slug": "kisumu", "name": "Kisumu", "country": "KE"},
        "parent": None,
        "program_status": "none",
        "objectives": "",
        "sessions": [
            {
                "day": "2031-05-06",
                "start_time": "09:00:00",
                "end_time": "10:00:00",
                "title": session.title,
                "description": "",
                "kind": "panel",
                "track": track,
                "participants": [chair, speaker],
            }
            for session, track in zip(event.sessions.order_by("track"), "AB", strict=True)
        ],
        "documents": [
            {
                "role": "agenda",
                "slug": agenda.slug,
                "title": "Agenda of Forum",
                "url": f"https://crossroads.example/resources/{agenda.slug}/",
                "versions": [
                    {
                        "language": version.language,
                        "title": "",
                        "format": "pdf",
                        "size": None,
                        "pages": None,
                        "url": version.url,
                    }
                    for version in versions
                ],
            }
        ],
    }
    assert b"meet.example.org" not in response.content
    assert b"online_url" not in response.content
    assert b"registration" not in response.content
    assert client.get("/api/items/forum").content == response.content


def test_a_resource_with_its_language_versions_and_file_addresses(client):
    resource = ResourceFactory(
        title="Guide", slug="guide", resource_type="guidance", published_at=at(2024, 2, 3)
    )
    stored = ResourceVersionFactory(
        resource=resource,
        language="fr",
        url="",
        format="",
        file=ContentFile(b"%PDF-1.4 guide", name="guide.pdf"),
        title="Guide (fr)",
    )
    ResourceVersionFactory(resource=resource, language="en", url="https://example.org/g.pdf")
    event = EventFactory(title="Launch", slug="launch")
    event.documents.create(resource=resource, role="report")

    response = client.get("/api/resources/guide")

    assert response.status_code == 200
    payload = body(response)
    assert payload["versions"] == [
        {
            "language": "en",
            "title": "",
            "format": "pdf",
            "size": None,
            "pages": None,
            "url": "https://example.org/g.pdf",
        },
        {
            "language": "fr",
            "title": "Guide (fr)",
            "format": "pdf",
            "size": 14,
            "pages": None,
            "url": f"https://crossroads.example/media/{stored.file.name}",
        },
    ]
    assert payload["events"] == [
        {
            "kind": "event",
            "slug": "launch",
            "title": "Launch",
            "url": "https://crossroads.example/events/launch/",
            "role": "report",
        }
    ]
    assert (payload["kind"], payload["type"], payload["translations"]) == (
        "resource",
        "guidance",
        [],
    )


def test_a_story_with_the_events_it_reports_on(client):
    world = build_world()
    story = full_story(world, title="Kisumu hosts", slug="kisumu-hosts", news_type="feature")
    story.events.add(EventFactory(title="Forum", slug="forum"))
    story.events.add(EventFactory(title="Hidden", slug="hidden", status="draft"))

    payload = body(client.get("/api/stories/kisumu-hosts"))

    assert payload["events"] == [
        {
            "kind": "event",
            "slug": "forum",
            "title": "Forum",
            "url": "https://crossroads.example/events/forum/",
        }
    ]
    assert {key: payload[key] for key in tags()} == tags()
    assert (payload["kind"], payload["type"], payload["title"]) == (
        "story",
        "feature",
        "Kisumu hosts",
    )


def test_directory_entries(client):
    world = build_world()
    world.city.local_government = OrganisationFactory(
        name="County of Kisumu", slug="county-of-kisumu", acronym="CGK", kind="local_government"
    )
    world.city.save()

    city = body(client.get("/api/cities/kisumu"))
    organisation = body(client.get("/api/organisations/county-of-kisumu"))

    assert city == {
        "slug": "kisumu",
        "name": "Kisumu",
        "country": {"code": "KE", "name": "Kenya"},
        "region": "east_africa",
        "latitude": -0.0917,
        "longitude": 34.768,
        "population": 400000,
        "timezone": "Africa/Nairobi",
        "is_intermediary": True,
        "local_government": {
            "slug": "county-of-kisumu",
            "name": "County of Kisumu",
            "acronym": "CGK",
        },
        "url": "https://crossroads.example/cities/kisumu/",
        "aliases": [],
        "memberships": [],
    }
    assert organisation["governs"] == [{"slug": "kisumu", "name": "Kisumu", "country": "KE"}]
    assert (organisation["kind"], organisation["url"]) == (
        "local_government",
        "https://crossroads.example/organizations/county-of-kisumu/",
    )


def test_vocabularies_count_published_items(client):
    world = build_world()
    full_story(world)
    full_story(world, status="draft", published_at=None)

    framework = body(client.get("/api/frameworks/gcm"))
    topics = body(client.get("/api/topics/"))

    assert framework["item_count"] == 1
    assert framework["objectives"] == [
        {"number": 15, "title": "Access to services", "item_count": 1}
    ]
    assert topics == {
        "count": 1,
        "next": None,
        "results": [
            {
                "slug": "inclusion",
                "name": "Inclusion",
                "description": "",
                "item_count": 1,
                "url": "https://crossroads.example/topics/inclusion/",
            }
        ],
    }


# -- the criteria and facets of /search/ ----------------------------------------------------
CRITERIA = [
    {},
    {"q": "water"},
    {"kind": "event"},
    {"topic": "inclusion", "kind": ["story", "resource"]},
    {"organisation": "cities-alliance", "role": "partner"},
    {"when": "upcoming"},
    {"from": "2030-01-01", "to": "2032-12-31"},
    {"year": "2024", "sort": "date", "q": "water"},
]


@pytest.mark.parametrize("criteria", CRITERIA)
def test_results_and_facets_agree_with_the_search_page(client, criteria):
    world = build_world()
    full_event(world, title="Water forum", start_date=dt.date(2031, 5, 6))
    full_event(world, title="Past forum", start_date=dt.date(2024, 3, 1))
    full_story(world, title="Water for all", published_at=at(2024, 5, 1))
    full_resource(world, title="Water guide", published_at=at(2023, 5, 1))
    other = StoryFactory(title="Elsewhere", published_at=at(2024, 6, 1))
    ItemActorFactory(item=other, organisation=world.organiser, role="partner")

    page = client.get("/search/", criteria)
    listed = body(client.get("/api/items/", criteria))

    assert listed["count"] == result_count(page)
    assert {
        FACET_TITLES[group["name"]]: [
            (v["value"], v["label"], v["count"], v["selected"]) for v in group["values"]
        ]
        for group in listed["facets"]
    } == page_facets(page)
    assert [card["title"] for card in listed["results"]] == _titles(page)


def _titles(response):
    from tests.content.pages import card_titles

    return card_titles(response)


def test_a_kind_list_is_the_search_with_the_kind_fixed(client):
    EventFactory(title="Event", slug="event")
    StoryFactory(title="Story", slug="story")
    ResourceFactory(title="Resource", slug="resource")

    for path, slug in (("events", "event"), ("stories", "story"), ("resources", "resource")):
        listed = body(client.get(f"/api/{path}/", {"kind": "event"}))
        assert [card["slug"] for card in listed["results"]] == [slug]


# -- what stays hidden ----------------------------------------------------------------------
def test_drafts_and_scheduled_items_are_invisible(client):
    StoryFactory(title="Public", slug="public")
    StoryFactory(title="Draft", slug="draft", status="draft", published_at=None)
    StoryFactory(slug="scheduled", published_at=timezone.now() + dt.timedelta(days=1))
    EventFactory(slug="archived-event", status="archived")

    listed = body(client.get("/api/items/"))

    assert [card["slug"] for card in listed["results"]] == ["public"]
    for path in (
        "/api/stories/draft",
        "/api/items/draft",
        "/api/stories/scheduled",
        "/api/events/archived-event",
        "/api/items/archived-event",
    ):
        response = client.get(path)
        assert (response.status_code, error(response)) == (
            404,
            {"detail": "There is nothing at this address."},
        )


def test_a_kind_address_shows_only_its_kind(client):
    StoryFactory(slug="news-item")

    response = client.get("/api/events/news-item")

    assert response.status_code == 404


# -- cursor pagination ----------------------------------------------------------------------
def _walk(client, url, params):
    seen, pages = [], 0
    response = client.get(url, params)
    while True:
        payload = body(response)
        seen += [entry["slug"] for entry in payload["results"]]
        pages += 1
        if payload["next"] is None:
            return seen, pages, payload["count"]
        assert payload["next"].startswith(f"http://testserver{url}?")
        response = client.get(payload["next"])


def test_the_cursor_walks_every_result_once(client):
    for number in range(23):
        StoryFactory(slug=f"story-{number:02}", published_at=at(2024, 1, 1 + number))

    seen, pages, count = _walk(client, "/api/stories/", {"limit": 5, "topic": []})

    assert count == 23
    assert pages == 5
    assert seen == [f"story-{number:02}" for number in reversed(range(23))]


def test_the_cursor_keeps_the_criteria(client):
    for number in range(6):
        StoryFactory(slug=f"water-{number}", title=f"Water {number}")
        StoryFactory(slug=f"fire-{number}", title=f"Fire {number}")

    seen, pages, count = _walk(client, "/api/items/", {"limit": 4, "q": "water"})

    assert (count, pages) == (6, 2)
    assert sorted(seen) == [f"water-{number}" for number in range(6)]


def test_directory_cursor_walks_every_entry_once(client):
    for number in range(12):
        OrganisationFactory(name=f"Org {number:02}", slug=f"org-{number:02}")

    seen, pages, count = _walk(client, "/api/organisations/", {"limit": 5})

    assert (count, pages) == (12, 3)
    assert seen == [f"org-{number:02}" for number in range(12)]


@pytest.mark.parametrize("cursor", ["nonsense", "WzUsIDVd:forged", "x" * 300])
def test_a_cursor_not_ours_is_refused(client, cursor):
    for path in ("/api/items/", "/api/cities/"):
        response = client.get(path, {"cursor": cursor})
        assert response.status_code == 400
        assert error(response)["detail"] in {
            "This cursor is not valid: follow the “next” address.",
            "Invalid request: cursor: String should have at most 200 characters.",
        }


def test_a_cursor_past_the_end_gives_an_empty_page(client):
    from crossroads.api.paging import Position, make_cursor

    StoryFactory()

    listed = body(client.get("/api/items/", {"cursor": make_cursor(Position(40, 20))}))

    assert (listed["count"], listed["results"], listed["next"]) == (1, [], None)


# -- ETags and caching ----------------------------------------------------------------------
def test_an_unchanged_answer_is_not_sent_again(client):
    StoryFactory(slug="story")

    first = client.get("/api/stories/story")
    again = client.get("/api/stories/story", HTTP_IF_NONE_MATCH=first["ETag"])
    weak = client.get("/api/stories/story", HTTP_IF_NONE_MATCH=f"W/{first['ETag']}")
    other = client.get("/api/stories/story", HTTP_IF_NONE_MATCH='"another"')

    assert first.status_code == 200
    assert first["ETag"].startswith('"') and len(first["ETag"]) == 34
    assert first["Cache-Control"] == "public, max-age=60"
    assert first["Vary"] == "Authorization, Accept-Language, Accept-Encoding"
    assert (again.status_code, again.content) == (304, b"")
    assert again["ETag"] == first["ETag"]
    assert weak.status_code == 304
    assert (other.status_code, other.content) == (200, first.content)


def test_a_change_changes_the_etag(client):
    story = StoryFactory(slug="story")
    first = client.get("/api/items/")

    story.title = "Renamed"
    story.save()
    second = client.get("/api/items/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]


# -- bounded queries ------------------------------------------------------------------------
def build(size):
    world = build_world()
    for number in range(size):
        full_event(world, title=f"Event {number}")
        full_story(world, title=f"Story {number}")
        OrganisationFactory()
    return world


#: The index's version, the page's ids, the cards (2), the facet values, their names; the
#: rest is margin for the counts done in memory or not, by result size.
LIST_QUERIES = 7


@pytest.mark.parametrize("params", [{}, {"topic": "inclusion", "kind": "event", "q": "event"}])
@pytest.mark.parametrize("size", [3, 30])
def test_item_lists_run_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, size, params
):
    build(size)
    current_index()

    with django_assert_max_num_queries(LIST_QUERIES):
        listed = body(client.get("/api/items/", params))

    assert len(listed["results"]) == min(20, size * (1 if params else 3))


@pytest.mark.parametrize("size", [3, 30])
def test_an_event_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries, size):
    world = build(size)
    event = full_event(world, title="Main", slug="main")
    for _ in range(size):
        full_resource(world).event_links.create(event=event, role="report")

    with django_assert_max_num_queries(17):
        payload = body(client.get("/api/events/main"))

    assert len(payload["documents"]) == size + 1


@pytest.mark.parametrize(
    "path",
    ["/api/organisations/", "/api/cities/", "/api/networks/", "/api/topics/", "/api/frameworks/"],
)
@pytest.mark.parametrize("size", [3, 30])
def test_directory_lists_run_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, size, path
):
    build(size)

    with django_assert_max_num_queries(2):
        response = client.get(path)

    assert response.status_code == 200


# -- hostile parameters ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"q": "x" * 10_000}, "Invalid request: q: String should have at most 300 characters."),
        (
            {"from": "2024-02-30"},
            "Invalid request: from: Input should be a valid date or datetime, "
            "day value is outside expected range.",
        ),
        ({"when": "soon"}, "Invalid request: when: Input should be 'upcoming' or 'past'."),
        ({"limit": "0"}, "Invalid request: limit: Input should be greater than or equal to 1."),
        (
            {"limit": "many"},
            "Invalid request: limit: Input should be a valid integer, "
            "unable to parse string as an integer.",
        ),
        (
            {"kind": "person"},
            "Invalid request: kind: Input should be 'event', 'story', 'resource', 'campaign' "
            "or 'pledge'.",
        ),
    ],
)
def test_bad_parameters_get_a_plain_message(client, params, detail):
    StoryFactory()

    response = client.get("/api/items/", params)

    assert response.status_code == 400
    assert error(response) == {"detail": detail}


def test_null_characters_and_unknown_parameters_are_harmless(client):
    StoryFactory(title="Water", slug="water")

    listed = client.get("/api/items/", {"q": "wat\x00er", "topic": "a\x00b", "colour": "red"})
    item = client.get("/api/items/wat%00er")
    organisation = client.get("/api/organisations/a%00b")

    assert listed.status_code == 200
    assert body(listed)["count"] == 0  # no item has the topic "ab"
    assert (item.status_code, organisation.status_code) == (400, 400)
    assert error(item)["detail"].startswith("Invalid request: slug: String should match pattern")


def test_unknown_addresses_and_methods_answer_in_json(client):
    missing = client.get("/api/nothing/here")
    method = client.delete("/api/items/")

    assert (missing.status_code, error(missing)) == (
        404,
        {"detail": "There is nothing at this address."},
    )
    assert (method.status_code, error(method), method["Allow"]) == (
        405,
        {"detail": "This address takes only: GET."},
        "GET",
    )


def test_an_unexpected_error_is_json_and_logged(client, monkeypatch, caplog):
    from crossroads.search import engine

    def broken(*args, **kwargs):
        raise RuntimeError("index gone")

    monkeypatch.setattr(engine, "search", broken)

    response = client.get("/api/items/")

    assert response.status_code == 500
    assert error(response) == {"detail": "Something went wrong on our side. It has been logged."}
    assert "API error on GET /api/items/" in caplog.text


def test_the_docs_load_nothing_from_elsewhere(client):
    response = client.get("/api/docs")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<script src="/static/ninja/swagger-ui-bundle.js"></script>' in page
    assert '<link type="text/css" rel="stylesheet" href="/static/ninja/swagger-ui.css">' in page
    assert "https://" not in page and "http://" not in page
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
