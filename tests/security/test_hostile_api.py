"""Hostile JSON in every field of the API's writes (with an editor's token): refused with a
4xx, or accepted; what is accepted reads back unchanged through the API and escaped (the
Markdown sanitised) on the public page; never a 500."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache

from crossroads.accounts.models import Role
from crossroads.accounts.roles import grant_role
from crossroads.api.services import issue_token
from crossroads.content.models import Item
from tests.factories import ItemActorFactory, OrganisationFactory, StoryFactory
from tests.security import payloads

pytestmark = pytest.mark.django_db

LIMITS = {"title": 300, "summary": 600, "body": 100_000}
#: The characters XML 1.0 cannot carry (NUL aside: refused on the way in).
CONTROLS = {chr(code) for code in [*range(1, 9), 11, 12, *range(14, 32)]}


@pytest.fixture
def key(db):
    """An editor's token; the editor's organisation publishes the story "water"."""
    cache.clear()
    ours = OrganisationFactory(slug="ours")
    story = StoryFactory(title="Water", slug="water", summary="Short.", body="Long.")
    ItemActorFactory(item=story, organisation=ours, role="publisher")
    user = get_user_model().objects.create_user("e@example.org", "e@example.org", "x")
    grant_role(user=user, role=Role.EDITOR, organisation=ours, by=None)
    yield issue_token(user=user, name="Website")[1]
    cache.clear()


def send(client, method: str, path: str, key: str, body: str | bytes):
    cache.clear()  # the rate limit of API writes: this module writes many times
    return getattr(client, method)(
        path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )


def read_back(client) -> dict:
    response = client.get("/api/stories/water")
    assert response.status_code == 200
    return json.loads(response.content)


def refused(response) -> None:
    assert 400 <= response.status_code < 500, response.status_code
    assert response["Content-Type"].startswith("application/json")
    json.loads(response.content)


@pytest.mark.parametrize("field", ["title", "summary", "body"])
@pytest.mark.parametrize("family", payloads.FAMILIES)
def test_text_fields(client, key, field, family):
    for payload in payloads.FAMILIES[family]:
        if field == "title" and not payload.strip():
            continue  # test_a_blank_title_is_refused
        before = Item.objects.values(field).get(slug="water")[field]
        response = send(client, "patch", "/api/items/water", key, json.dumps({field: payload}))
        assert response.status_code < 500, payload
        if (
            "\x00" in payload
            or any(char in CONTROLS for char in payload)
            or len(payload.strip()) > LIMITS[field]
            or (field == "title" and not payload.strip())
        ):
            refused(response)
            assert Item.objects.values(field).get(slug="water")[field] == before, payload
            continue
        assert response.status_code == 200, (payload, response.content)
        stored = Item.objects.values(field).get(slug="water")[field]
        assert read_back(client)[field] == stored
        page = client.get("/news/water/")
        assert page.status_code == 200
        payloads.assert_inert(page, secret=settings.SECRET_KEY)
        assert client.get("/news/feed.atom").status_code == 200, payload


@pytest.mark.parametrize("title", ["   ", "\u00a0\u2003"], ids=["spaces", "nbsp"])
def test_a_blank_title_is_refused(client, key, title):
    response = send(client, "patch", "/api/items/water", key, json.dumps({"title": title}))

    refused(response)
    assert Item.objects.get(slug="water").title == "Water"


@pytest.mark.parametrize("field", ["title", "summary"])
def test_control_characters_are_refused_and_never_reach_the_feeds(client, key, field):
    response = send(client, "patch", "/api/items/water", key, json.dumps({field: "a\x1bb"}))

    refused(response)
    assert "\x1b" not in Item.objects.values_list(field, flat=True).get(slug="water")
    # Stored before the rule existed (or by a bulk update): the feeds leave it out.
    Item.objects.filter(slug="water").update(**{field: "Water\x1b[31m ok"})
    for feed in ("/news/feed.atom", "/news/feed.rss", "/search/feed.atom"):
        answer = client.get(feed)
        assert answer.status_code == 200, feed
        assert b"Water[31m ok" in answer.content, feed


@pytest.mark.parametrize("payload", payloads.sample(), ids=payloads.ids(payloads.sample()))
def test_the_status(client, key, payload):
    response = send(client, "post", "/api/items/water/status", key, json.dumps({"status": payload}))

    refused(response)
    assert Item.objects.get(slug="water").status == "published"


@pytest.mark.parametrize(
    "body",
    [
        "",
        "{",
        "null",
        "[]",
        '"title"',
        '{"title": null}',
        '{"title": 1}',
        '{"title": ["a"]}',
        '{"title": {"$ne": 1}}',
        '{"title": "a", "status": "draft"}',
        '{"slug": "../../etc"}',
        '{"title": "a", "title": "b"}',
        '{"title": "\\u0000"}',
        '{"body": "' + "[" * 5_000 + '"}',
        "[" * 10_000 + "]" * 10_000,
        '{"title": 1e999}',
        b'{"title": "\xff\xfe"}',
        "\ufeff{}",
    ],
    ids=lambda body: repr(body[:20]),
)
def test_malformed_bodies(client, key, body):
    response = send(client, "patch", "/api/items/water", key, body)

    assert response.status_code < 500
    if response.status_code == 200:
        assert read_back(client)["title"] in {"Water", "a", "b"}
    else:
        refused(response)


@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_a_lone_surrogate_is_refused(client, key, field):
    body = '{"' + field + '": "a\\ud800b"}'
    response = send(client, "patch", "/api/items/water", key, body)

    refused(response)


@pytest.mark.parametrize(
    "segment", [*payloads.TRAVERSAL, "<script>alert(1)</script>", "' OR 1=1 --"]
)
def test_hostile_item_addresses(client, key, segment):
    for method, path in (("patch", "/api/items/{}"), ("post", "/api/items/{}/status")):
        body = json.dumps({"title": "New"} if method == "patch" else {"status": "draft"})
        response = send(client, method, path.format(quote(segment, safe="")), key, body)
        refused(response)
    assert Item.objects.get(slug="water").title == "Water"
