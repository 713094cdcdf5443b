"""Every operation of the API against every kind of caller: no token, an unknown one, a
revoked one, and the tokens of people with more and more rights. The exact status of
each, and nothing changed by a refused write.

``OPERATIONS`` names every operation of the OpenAPI document; a new one fails
``test_every_operation_is_in_the_matrix`` until it is added, with its answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.test import Client

from crossroads.api.api import api
from crossroads.api.services import issue_token, revoke_token
from crossroads.content.models import Status
from tests.accounts.permission_world import (
    World,
    build_world,
    changed,
    drafted_by,
    kept_for_the_module,
    snapshot,
)
from tests.factories import (
    CampaignFactory,
    CityFactory,
    FrameworkFactory,
    ItemActorFactory,
    ResourceFactory,
    StoryFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

CALLERS = (
    "none",
    "unknown",
    "revoked",
    "participant",
    "editor_b",
    "editor_a",
    "secretariat",
    "admin",
)
#: Using a token writes down when it was last used: not a change a refusal must avoid.
UNWATCHED = frozenset({"api.apitoken"})


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with kept_for_the_module(django_db_blocker):
        yield api_world()


def api_world() -> World:
    """The shared world, with a draft of each kind of item by A, a published story of A,
    a published campaign, and a token for every caller."""
    world = build_world()
    world.items["story"] = drafted_by(world.org_a, StoryFactory, slug="story-of-a")
    world.items["resource"] = drafted_by(world.org_a, ResourceFactory, slug="resource-of-a")
    world.items["draft campaign"] = drafted_by(world.org_a, CampaignFactory, slug="draft-campaign")
    world.items["published"] = StoryFactory(slug="published-of-a", status=Status.PUBLISHED)
    ItemActorFactory(item=world.items["published"], organisation=world.org_a)
    world.items["campaign"] = CampaignFactory(slug="campaign")
    world.items["city"] = CityFactory(slug="city")
    world.items["topic"] = TopicFactory(slug="topic")
    world.items["framework"] = FrameworkFactory(code="GCM")
    keys = {"none": None, "unknown": "no-such-key"}
    for role in CALLERS[3:]:
        keys[role] = issue_token(user=world.users[role], name="Tests")[1]
    revoked, keys["revoked"] = issue_token(user=world.users["editor_a"], name="Old")
    revoke_token(token=revoked)
    world.items["keys"] = keys
    return world


def operations() -> set[str]:
    """ "METHOD /path" of every operation in the OpenAPI document."""
    paths = api.get_openapi_schema()["paths"]
    return {f"{method.upper()} {path}" for path, ops in paths.items() for method in ops}


def send(world: World, caller: str, method: str, path: str, body: dict | None = None):
    key = world.items["keys"][caller]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    if body is None:
        return getattr(Client(), method.lower())(path, **headers)
    return getattr(Client(), method.lower())(
        path, json.dumps(body), content_type="application/json", **headers
    )


PUBLIC = (200, 401, 401, 200, 200, 200, 200, 200)
#: An item of A not yet published: "not found" for whoever may not preview it.
DRAFT_OF_A = (404, 401, 401, 404, 404, 200, 200, 200)
#: Writes need a token; a draft is not even found by those who may not edit it…
WRITE_DRAFT_OF_A = (401, 401, 401, 404, 404, 200, 200, 200)
#: …and a published item is found, but its change refused.
WRITE_PUBLISHED_OF_A = (401, 401, 401, 403, 403, 200, 200, 200)

#: Each operation (by its OpenAPI path) as called, and the answer to each caller.
# fmt: off
OPERATIONS = {
    "GET /api/items/": ("/api/items/", PUBLIC),
    "GET /api/items/{slug}": ("/api/items/story-of-a", DRAFT_OF_A),
    "GET /api/events/": ("/api/events/", PUBLIC),
    "GET /api/events/{slug}": ("/api/events/{A}", DRAFT_OF_A),
    "GET /api/stories/": ("/api/stories/", PUBLIC),
    "GET /api/stories/{slug}": ("/api/stories/story-of-a", DRAFT_OF_A),
    "GET /api/resources/": ("/api/resources/", PUBLIC),
    "GET /api/resources/{slug}": ("/api/resources/resource-of-a", DRAFT_OF_A),
    "GET /api/campaigns/": ("/api/campaigns/", PUBLIC),
    "GET /api/campaigns/{slug}": ("/api/campaigns/draft-campaign", DRAFT_OF_A),
    "GET /api/campaigns/{slug}/signatories": ("/api/campaigns/campaign/signatories", PUBLIC),
    "GET /api/organisations/": ("/api/organisations/", PUBLIC),
    "GET /api/organisations/{slug}": ("/api/organisations/{org A}", PUBLIC),
    "GET /api/cities/": ("/api/cities/", PUBLIC),
    "GET /api/cities/{slug}": ("/api/cities/city", PUBLIC),
    "GET /api/networks/": ("/api/networks/", PUBLIC),
    "GET /api/networks/{slug}": ("/api/networks/{network}", PUBLIC),
    "GET /api/topics/": ("/api/topics/", PUBLIC),
    "GET /api/topics/{slug}": ("/api/topics/topic", PUBLIC),
    "GET /api/frameworks/": ("/api/frameworks/", PUBLIC),
    "GET /api/frameworks/{code}": ("/api/frameworks/GCM", PUBLIC),
    # The writes: a move and a change each allowed to the item's editors.
    "POST /api/items/{slug}/status": ("/api/items/story-of-a/status", WRITE_DRAFT_OF_A),
    "PATCH /api/items/{slug}": ("/api/items/story-of-a", WRITE_DRAFT_OF_A),
}
#: The same writes on A's published story.
PUBLISHED_WRITES = {
    "POST /api/items/{slug}/status": ("/api/items/published-of-a/status", WRITE_PUBLISHED_OF_A),
    "PATCH /api/items/{slug}": ("/api/items/published-of-a", WRITE_PUBLISHED_OF_A),
}
# fmt: on
BODIES = {
    "/api/items/story-of-a/status": {"status": "review"},
    "/api/items/published-of-a/status": {"status": "archived"},
    "/api/items/story-of-a": {"title": "Changed"},
    "/api/items/published-of-a": {"title": "Changed"},
}


def test_every_operation_is_in_the_matrix():
    assert operations() == set(OPERATIONS)


def address(world: World, path: str) -> str:
    return path.format_map(
        {"A": world.items["A"].slug, "org A": world.org_a.slug, "network": world.network.slug}
    )


def cells(matrix: dict) -> list:
    return [
        pytest.param(operation, path, caller, expected, id=f"{operation}-{caller}")
        for operation, (path, answers) in matrix.items()
        for caller, expected in zip(CALLERS, answers, strict=True)
    ]


@pytest.mark.parametrize(
    ("operation", "path", "caller", "expected"), cells(OPERATIONS) + cells(PUBLISHED_WRITES)
)
def test_operations(world, operation, path, caller, expected):
    method = operation.split()[0]
    body = BODIES.get(path) if method != "GET" else None
    before = snapshot(UNWATCHED) if body else None

    response = send(world, caller, method, address(world, path), body)

    assert response.status_code == expected
    assert response["Content-Type"].startswith("application/json")
    if body:
        assert bool(changed(before, UNWATCHED)) == (expected == 200)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/", 404),
        ("/api/openapi.json", 200),
        ("/api/docs", 200),
        ("/api/nothing", 404),
    ],
)
@pytest.mark.parametrize("caller", ["none", "unknown", "participant"])
def test_the_documents_need_no_token(world, path, expected, caller):
    assert send(world, caller, "GET", path).status_code == expected
