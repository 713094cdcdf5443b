import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crossroads.content.models import Item
from crossroads.content.services import change_status
from tests.factories import EventFactory, StoryFactory

pytestmark = pytest.mark.django_db

ALLOWED = [
    ("draft", "review"),
    ("draft", "published"),
    ("draft", "archived"),
    ("review", "draft"),
    ("review", "published"),
    ("review", "archived"),
    ("published", "draft"),
    ("published", "archived"),
    ("archived", "draft"),
    ("archived", "published"),
]
REFUSED = [("published", "review"), ("archived", "review")]
A_WEEK_AGO = dt.timedelta(days=7)


def make_story(status):
    """A story in ``status``; published and archived ones were published a week ago."""
    dated = status in ("published", "archived")
    return StoryFactory(status=status, published_at=timezone.now() - A_WEEK_AGO if dated else None)


@pytest.mark.parametrize(("current", "new"), ALLOWED)
def test_allowed_transitions(current, new):
    story = make_story(current)

    returned = change_status(item=story, status=new)

    assert returned is story
    assert Item.objects.get(pk=story.pk).status == new


@pytest.mark.parametrize(("current", "new"), REFUSED)
def test_refused_transitions_change_nothing(current, new):
    story = make_story(current)
    before = Item.objects.values().get(pk=story.pk)

    with pytest.raises(ValidationError) as error:
        change_status(item=story, status=new)

    labels = {"published": "Published", "archived": "Archived"}
    assert error.value.messages == [f"An item that is {labels[current]} cannot become In review."]
    assert story.status == current
    assert Item.objects.values().get(pk=story.pk) == before


def test_an_unknown_status_is_refused():
    story = make_story("draft")

    with pytest.raises(ValidationError) as error:
        change_status(item=story, status="deleted")

    assert error.value.messages == ["Unknown status: deleted."]
    assert Item.objects.get(pk=story.pk).status == "draft"


@pytest.mark.parametrize("status", ["draft", "review", "published", "archived"])
def test_the_same_status_changes_nothing(status):
    story = make_story(status)
    before = Item.objects.values().get(pk=story.pk)

    change_status(item=story, status=status)

    assert Item.objects.values().get(pk=story.pk) == before


def test_first_publication_sets_the_date():
    story = make_story("draft")
    before = timezone.now()

    change_status(item=story, status="published")

    published_at = Item.objects.get(pk=story.pk).published_at
    assert before <= published_at <= timezone.now()
    assert story.published_at == published_at


def test_publishing_again_keeps_the_first_date():
    story = make_story("draft")
    change_status(item=story, status="published")
    first = Item.objects.get(pk=story.pk).published_at

    change_status(item=story, status="archived")
    change_status(item=story, status="draft")
    change_status(item=story, status="published")

    assert Item.objects.get(pk=story.pk).published_at == first


def test_a_date_in_the_future_schedules_publication():
    later = timezone.now() + dt.timedelta(days=2)
    story = StoryFactory(status="review", published_at=later)

    change_status(item=story, status="published")

    story.refresh_from_db()
    assert (story.status, story.published_at, story.is_public) == ("published", later, False)


def test_it_works_for_every_kind():
    event = EventFactory(status="draft", published_at=None)

    change_status(item=event, status="published")

    event.refresh_from_db()
    assert (event.status, event.kind, event.is_public) == ("published", "event", True)


def test_it_logs_who_made_the_change(caplog, django_user_model):
    story = make_story("draft")
    editor = django_user_model.objects.create_superuser("editor@example.org")

    with caplog.at_level("INFO", logger="crossroads.content.services"):
        change_status(item=story, status="review", by=editor)

    assert caplog.messages == [
        f"Item {story.pk} ({story.slug}) moved from draft to review by editor@example.org"
    ]
