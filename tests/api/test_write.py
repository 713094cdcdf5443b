"""Writing through the API: tokens, and the same permissions and services as the admin."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from crossroads.accounts.models import Role
from crossroads.accounts.roles import grant_role
from crossroads.api.models import ApiToken
from crossroads.api.services import hash_key, issue_token, revoke_token, update_item_text
from crossroads.content.models import Item
from crossroads.search.bitmaps import current_index
from tests.factories import ItemActorFactory, OrganisationFactory, StoryFactory

pytestmark = pytest.mark.django_db

NEEDS_TOKEN = {"detail": "This needs a token: “Authorization: Bearer <key>”."}
UNKNOWN_TOKEN = {"detail": "This token is unknown or has been revoked."}


def make_editor(email, organisation):
    user = get_user_model().objects.create_user(username=email, email=email, password="x")
    grant_role(user=user, role=Role.EDITOR, organisation=organisation, by=None)
    return user


@pytest.fixture
def world():
    ours, theirs = OrganisationFactory(slug="ours"), OrganisationFactory(slug="theirs")
    story = StoryFactory(title="Water", slug="water", status="draft", published_at=None)
    ItemActorFactory(item=story, organisation=ours, role="publisher")
    public = StoryFactory(title="Public", slug="public")
    ItemActorFactory(item=public, organisation=ours, role="publisher")
    editor = make_editor("editor@example.org", ours)
    stranger = make_editor("stranger@example.org", theirs)
    return {
        "story": story,
        "public": public,
        "editor": issue_token(user=editor, name="Website")[1],
        "stranger": issue_token(user=stranger, name="Website")[1],
        "editor_user": editor,
    }


def send(client, method, path, key=None, **data):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return getattr(client, method)(
        path, json.dumps(data), content_type="application/json", **headers
    )


def payload(response):
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


# -- the workflow -------------------------------------------------------------------------
def test_an_editor_publishes_their_item_through_the_workflow(client, world):
    response = send(client, "post", "/api/items/water/status", world["editor"], status="published")

    story = Item.objects.get(slug="water")
    assert response.status_code == 200
    assert payload(response) == {
        "kind": "story",
        "slug": "water",
        "title": "Water",
        "summary": "A short summary.",
        "body": "A body in **Markdown**.",
        "status": "published",
        "published_at": story.published_at.isoformat()[:23] + "Z",
        "updated_at": story.updated_at.isoformat()[:23] + "Z",
        "api_url": "http://testserver/api/stories/water",
    }
    assert story.status == "published"
    current_index()
    assert [card["slug"] for card in payload(client.get("/api/items/"))["results"]] == [
        "water",
        "public",
    ]


def test_a_refused_move_is_a_plain_message_and_changes_nothing(client, world):
    response = send(client, "post", "/api/items/public/status", world["editor"], status="review")

    assert response.status_code == 400
    assert payload(response) == {
        "detail": "An item that is Published cannot become In review.",
    }
    assert Item.objects.get(slug="public").status == "published"


def test_an_editor_of_another_organisation_is_refused(client, world):
    status = send(client, "post", "/api/items/public/status", world["stranger"], status="draft")
    text = send(client, "patch", "/api/items/public", world["stranger"], title="Theirs")

    assert (status.status_code, payload(status)) == (403, {"detail": "You cannot edit “Public”."})
    assert (text.status_code, payload(text)) == (403, {"detail": "You cannot edit “Public”."})
    assert Item.objects.get(slug="public").status == "published"
    assert Item.objects.get(slug="public").title == "Public"


def test_another_organisations_draft_is_not_even_found(client, world):
    response = send(client, "post", "/api/items/water/status", world["stranger"], status="review")

    assert response.status_code == 404
    assert Item.objects.get(slug="water").status == "draft"


# -- tokens -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, NEEDS_TOKEN),
        ("Bearer wrong-key", UNKNOWN_TOKEN),
        ("Bearer " + "k" * 500, UNKNOWN_TOKEN),
        ("Bearer \x00", UNKNOWN_TOKEN),
        ("Basic dXNlcjpwYXNz", {"detail": "Use the header “Authorization: Bearer <key>”."}),
    ],
)
def test_without_a_valid_token_nothing_is_written(client, world, header, expected):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.post(
        "/api/items/water/status",
        json.dumps({"status": "published"}),
        content_type="application/json",
        **headers,
    )

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert payload(response) == expected
    assert Item.objects.get(slug="water").status == "draft"


def test_a_revoked_token_or_inactive_account_is_refused(client, world):
    token = ApiToken.objects.get(key_hash=hash_key(world["editor"]))
    revoke_token(token=token, by=world["editor_user"])
    stranger = get_user_model().objects.get(email="stranger@example.org")
    stranger.is_active = False
    stranger.save()

    for key in (world["editor"], world["stranger"]):
        response = send(client, "patch", "/api/items/water", key, title="New")
        assert (response.status_code, payload(response)) == (401, UNKNOWN_TOKEN)
    assert Item.objects.get(slug="water").title == "Water"


def test_a_bad_token_on_a_read_is_refused_too(client, world):
    response = client.get("/api/items/", HTTP_AUTHORIZATION="Bearer wrong")

    assert (response.status_code, payload(response)) == (401, UNKNOWN_TOKEN)


def test_an_editor_reads_their_draft_privately(client, world):
    anonymous = client.get("/api/stories/water")
    editor = client.get("/api/stories/water", HTTP_AUTHORIZATION=f"Bearer {world['editor']}")

    assert anonymous.status_code == 404
    assert (editor.status_code, payload(editor)["status"]) == (200, "draft")
    assert editor["Cache-Control"] == "private, no-cache"


def test_only_a_hash_and_a_prefix_of_the_key_are_stored(world):
    token = ApiToken.objects.get(key_hash=hash_key(world["editor"]))

    assert token.prefix == world["editor"][:8]
    assert len(world["editor"]) == 43
    assert world["editor"] not in json.dumps(list(ApiToken.objects.values()), default=str)


def test_a_token_remembers_its_last_use(client, world):
    send(client, "patch", "/api/items/water", world["editor"], title="New")

    token = ApiToken.objects.get(key_hash=hash_key(world["editor"]))
    assert timezone.now() - token.last_used_at < timezone.timedelta(seconds=10)


def test_the_command_issues_lists_and_revokes_tokens(world):
    output = io.StringIO()
    call_command("api", "token", "editor@example.org", "--name", "City site", stdout=output)
    lines = output.getvalue().splitlines()
    key = lines[1]

    token = ApiToken.objects.get(key_hash=hash_key(key))
    assert lines[0] == "Token “City site” for editor@example.org. Its key, shown only now:"
    assert token.name == "City site"

    call_command("api", "revoke", token.prefix, stdout=io.StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
    with pytest.raises(CommandError, match=r"No active account has the address nobody@x\.org\."):
        call_command("api", "token", "nobody@x.org", "--name", "X", stdout=io.StringIO())


# -- plain text ---------------------------------------------------------------------------
def test_an_editor_changes_the_text_through_the_service(client, world):
    response = send(
        client, "patch", "/api/items/water", world["editor"], title="Clean water", body="New."
    )

    story = Item.objects.get(slug="water")
    assert response.status_code == 200
    assert (payload(response)["title"], payload(response)["body"]) == ("Clean water", "New.")
    assert (story.title, story.summary, story.body) == ("Clean water", "A short summary.", "New.")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"title": ""}, "Invalid request: title: String should have at least 1 character."),
        ({"slug": "other"}, "Invalid request: slug: Extra inputs are not permitted."),
        (
            {"summary": "x" * 601},
            "Invalid request: summary: String should have at most 600 characters.",
        ),
    ],
)
def test_bad_text_is_refused_with_a_plain_message(client, world, data, expected):
    response = send(client, "patch", "/api/items/water", world["editor"], **data)

    assert (response.status_code, payload(response)) == (400, {"detail": expected})
    assert Item.objects.get(slug="water").title == "Water"


def test_null_characters_are_refused_by_the_service(client, world):
    response = send(client, "patch", "/api/items/water", world["editor"], title="a\x00b")

    assert response.status_code == 400
    assert payload(response) == {
        "detail": "Null characters are not allowed.",
        "fields": {"title": ["Null characters are not allowed."]},
    }
    assert Item.objects.get(slug="water").title == "Water"


def test_the_service_validates_as_the_admin_does(world):
    story = Item.objects.get(slug="water")

    with pytest.raises(Exception) as refused:
        update_item_text(item=story, by=world["editor_user"], title="x" * 301)

    assert refused.value.message_dict == {
        "title": ["Ensure this value has at most 300 characters (it has 301)."]
    }
    assert Item.objects.get(slug="water").title == "Water"
    assert story.title == "Water"


def test_invalid_json_is_a_plain_message(client, world):
    response = client.patch(
        "/api/items/water",
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {world['editor']}",
    )

    assert response.status_code == 400
    assert payload(response) == {"detail": "The body is not valid JSON."}
