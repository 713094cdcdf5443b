"""The workflow in the admin: changelist actions, change-form buttons, the preview link."""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from crossroads.content.models import Status
from tests.admin.formdata import change_form_data
from tests.factories import EventFactory, ResourceFactory, StoryFactory

pytestmark = pytest.mark.django_db

ITEM_FACTORIES = [EventFactory, StoryFactory, ResourceFactory]


def changelist_url(item) -> str:
    return reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_changelist")


def change_url(item) -> str:
    return reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk])


def run_action(client, action: str, *items):
    return client.post(
        changelist_url(items[0]),
        {"action": action, "index": "0", "_selected_action": [str(item.pk) for item in items]},
        follow=True,
    )


def messages_of(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in response.context["messages"]]


@pytest.mark.parametrize("factory", ITEM_FACTORIES)
def test_publish_action_publishes_drafts_and_dates_them(admin_client, factory):
    first = factory(status=Status.DRAFT, published_at=None, title="First")
    second = factory(status=Status.REVIEW, published_at=None, title="Second")
    before = timezone.now()

    response = run_action(admin_client, "publish", first, second)

    for item in (first, second):
        item.refresh_from_db()
        assert item.status == Status.PUBLISHED
        assert before <= item.published_at <= timezone.now()
    assert messages_of(response) == [("success", "2 items are now Published.")]


def test_publish_action_keeps_a_scheduled_date(admin_client):
    later = timezone.now() + dt.timedelta(days=3)
    story = StoryFactory(status=Status.DRAFT, published_at=later)

    run_action(admin_client, "publish", story)

    story.refresh_from_db()
    assert (story.status, story.published_at) == (Status.PUBLISHED, later)


@pytest.mark.parametrize(
    ("action", "start", "end"),
    [
        ("submit_for_review", Status.DRAFT, Status.REVIEW),
        ("archive", Status.PUBLISHED, Status.ARCHIVED),
        ("return_to_draft", Status.ARCHIVED, Status.DRAFT),
        ("return_to_draft", Status.PUBLISHED, Status.DRAFT),
        ("publish", Status.ARCHIVED, Status.PUBLISHED),
    ],
)
def test_actions_move_items_through_the_workflow(admin_client, action, start, end):
    event = EventFactory(status=start)

    response = run_action(admin_client, action, event)

    event.refresh_from_db()
    assert event.status == end
    assert messages_of(response) == [("success", f"1 item is now {Status(end).label}.")]
    assert LogEntry.objects.get().get_change_message() == (
        f"Status changed from {Status(start).label} to {Status(end).label}."
    )


def test_an_invalid_transition_changes_nothing_and_says_why(admin_client):
    published = EventFactory(title="Forum", status=Status.PUBLISHED)
    draft = EventFactory(title="Workshop", status=Status.DRAFT, published_at=None)
    published_at = published.published_at

    response = run_action(admin_client, "submit_for_review", published, draft)

    published.refresh_from_db()
    draft.refresh_from_db()
    assert (published.status, published.published_at) == (Status.PUBLISHED, published_at)
    assert draft.status == Status.REVIEW
    assert messages_of(response) == [
        (
            "error",
            "The status of “Forum” did not change: "
            "An item that is Published cannot become In review.",
        ),
        ("success", "1 item is now In review."),
    ]


def test_an_action_on_items_already_there_reports_nothing_moved(admin_client):
    story = StoryFactory(status=Status.PUBLISHED)

    response = run_action(admin_client, "publish", story)

    assert messages_of(response) == []
    assert not LogEntry.objects.exists()


def test_change_form_shows_the_status_and_the_allowed_moves(admin_client):
    event = EventFactory(status=Status.PUBLISHED)

    response = admin_client.get(change_url(event))

    assert "status" not in response.context["adminform"].form.fields
    assert [status for status, _ in response.context["workflow_buttons"]] == [
        Status.ARCHIVED,
        Status.DRAFT,
    ]
    content = response.content.decode()
    assert '<button type="submit" name="_workflow" value="archived"' in content
    assert 'value="review"' not in content


def test_add_form_shows_no_workflow_buttons(admin_client):
    response = admin_client.get(reverse("admin:news_story_add"))

    assert "workflow_buttons" not in response.context
    assert "status" not in response.context["adminform"].form.fields


@pytest.mark.parametrize("factory", ITEM_FACTORIES)
def test_publish_button_saves_the_edits_then_publishes(admin_client, factory):
    item = factory(status=Status.REVIEW, published_at=None, title="Old title")
    data = change_form_data(admin_client.get(change_url(item)))

    response = admin_client.post(
        change_url(item), data | {"title": "New title", "_workflow": "published"}, follow=True
    )

    item.refresh_from_db()
    assert (item.title, item.status) == ("New title", Status.PUBLISHED)
    assert item.published_at is not None
    assert response.redirect_chain == [(change_url(item), 302)]
    assert messages_of(response) == [("success", "“New title” was saved and is now Published.")]


def test_a_refused_button_saves_the_edits_but_not_the_status(admin_client):
    story = StoryFactory(status=Status.PUBLISHED, title="Old title")
    data = change_form_data(admin_client.get(change_url(story)))

    response = admin_client.post(
        change_url(story), data | {"title": "New title", "_workflow": "review"}, follow=True
    )

    story.refresh_from_db()
    assert (story.title, story.status) == ("New title", Status.PUBLISHED)
    assert messages_of(response) == [
        (
            "error",
            "The status of “New title” did not change: "
            "An item that is Published cannot become In review.",
        ),
        ("success", "“New title” was saved; it is still Published."),
    ]


def test_a_button_on_an_invalid_form_changes_nothing(admin_client):
    event = EventFactory(status=Status.DRAFT, published_at=None)
    data = change_form_data(admin_client.get(change_url(event)))

    response = admin_client.post(
        change_url(event), data | {"end_date": "2000-01-01", "_workflow": "published"}
    )

    assert response.status_code == 200
    event.refresh_from_db()
    assert (event.status, event.published_at) == (Status.DRAFT, None)


def test_the_status_cannot_be_posted(admin_client):
    story = StoryFactory(status=Status.DRAFT, published_at=None)
    data = change_form_data(admin_client.get(change_url(story)))

    admin_client.post(change_url(story), data | {"status": "published"})

    story.refresh_from_db()
    assert story.status == Status.DRAFT


def test_a_published_item_keeps_its_publication_date(admin_client):
    story = StoryFactory(status=Status.PUBLISHED)
    data = change_form_data(admin_client.get(change_url(story)))

    response = admin_client.post(
        change_url(story), data | {"published_at_0": "", "published_at_1": ""}
    )

    assert response.context["adminform"].form.errors == {
        "published_at": ["A published item needs a publication date. Return it to draft first."]
    }


@pytest.mark.parametrize("factory", ITEM_FACTORIES)
def test_change_form_links_to_the_item_on_the_site(admin_client, factory):
    item = factory(status=Status.DRAFT, published_at=None)

    response = admin_client.get(change_url(item))

    assert response.context["preview_url"] == item.get_absolute_url()
    assert f'<a href="{item.get_absolute_url()}" class="viewsitelink"' in response.content.decode()
    assert "Preview on site" in response.content.decode()
