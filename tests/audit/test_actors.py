"""Who the log names: the editor of a request, an API token, a command, the system;
participants and visitors are not named."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from crossroads.accounts.models import Role
from crossroads.accounts.roles import grant_role
from crossroads.api.services import issue_token
from crossroads.audit.context import acting, command_label, current_actor
from crossroads.audit.middleware import AuditActorMiddleware, actor_of
from crossroads.taxonomy.models import Topic
from tests.admin.formdata import change_form_data
from tests.audit.helpers import entries_of
from tests.factories import ItemActorFactory, OrganisationFactory, StoryFactory, TopicFactory

pytestmark = pytest.mark.django_db


def make_editor(email, organisation):
    user = get_user_model().objects.create_user(username=email, email=email, password="x")
    grant_role(user=user, role=Role.EDITOR, organisation=organisation, by=None)
    return user


@pytest.fixture
def story_and_editor():
    organisation = OrganisationFactory()
    story = StoryFactory(title="Water", slug="water", status="draft", published_at=None)
    ItemActorFactory(item=story, organisation=organisation, role="publisher")
    return story, make_editor("editor@example.org", organisation)


def test_an_editor_changing_an_item_in_the_admin_is_named(client, story_and_editor):
    story, editor = story_and_editor
    client.force_login(editor)
    url = reverse("admin:news_story_change", args=[story.pk])
    data = change_form_data(client.get(url))

    response = client.post(url, data | {"title": "Clean water"}, HTTP_X_REQUEST_ID="req-00000042")

    assert response.status_code == 302
    entry = entries_of(story)[-1]
    assert (entry.action, entry.changes) == ("changed", {"title": ["Water", "Clean water"]})
    assert (entry.actor, entry.actor_label, entry.request_id) == (
        editor,
        "editor@example.org",
        "req-00000042",
    )


def test_a_write_through_the_api_names_the_token_and_its_account(client, story_and_editor):
    story, editor = story_and_editor
    _token, key = issue_token(user=editor, name="Website")

    response = client.post(
        "/api/items/water/status",
        json.dumps({"status": "published"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )

    assert response.status_code == 200
    entry = entries_of(story)[-1]
    assert entry.changes["status"] == ["draft", "published"]
    assert (entry.actor, entry.actor_label) == (editor, f"API token {key[:8]}")


def test_outside_any_request_or_command_the_system_acts():
    topic = TopicFactory()

    (entry,) = entries_of(topic)
    assert (entry.actor, entry.actor_label, entry.request_id) == (None, "system", "")


def test_a_command_is_named_by_its_name_and_subcommand_only():
    assert command_label(["crossroads", "events", "anonymise", "--days", "30"]) == (
        "command: events anonymise"
    )
    assert command_label(["crossroads", "accounts", "grant", "a@example.org"]) == (
        "command: accounts grant"
    )
    assert command_label(["crossroads", "api", "tokens", "a@example.org"]) == "command: api tokens"
    assert command_label(["crossroads", "loaddata", "/tmp/x.json"]) == "command: loaddata"
    assert command_label(["crossroads"]) == "system"
    with acting(label=command_label(["crossroads", "demo", "load"])):
        topic = TopicFactory()
    assert entries_of(topic)[0].actor_label == "command: demo load"


def request_by(user, **headers):
    request = RequestFactory().post("/", **headers)
    request.user = user
    return request


def test_staff_are_named_participants_and_visitors_are_not():
    staff = get_user_model().objects.create_user("s", "staff@example.org", "x", is_staff=True)
    participant = get_user_model().objects.create_user("p", "p@example.org", "x")

    assert actor_of(request_by(staff)).label == "staff@example.org"
    assert (actor_of(request_by(participant)).user, actor_of(request_by(participant)).label) == (
        None,
        "participant",
    )
    assert (actor_of(request_by(AnonymousUser())).label) == "visitor"
    assert actor_of(request_by(AnonymousUser(), HTTP_X_REQUEST_ID="r1")).request_id == "r1"


def test_a_request_that_writes_nothing_never_reads_its_account():
    class Unread:
        def __getattr__(self, name):
            raise AssertionError("the account was read")

    request = RequestFactory().get("/")
    request.user = Unread()
    middleware = AuditActorMiddleware(lambda request: "response")

    assert middleware(request) == "response"


def test_the_middleware_names_who_writes_during_the_request():
    staff = get_user_model().objects.create_user("s", "staff@example.org", "x", is_staff=True)

    def view(request):
        Topic.objects.create(name="Housing", slug="housing")
        return current_actor()

    actor = AuditActorMiddleware(view)(request_by(staff))

    assert actor.label == "staff@example.org"
    assert entries_of(Topic)[0].actor == staff
    assert current_actor().label == "system"
