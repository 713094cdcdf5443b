"""Stories in the admin."""

import pytest
from django.urls import reverse

from crossroads.content.models import Status
from crossroads.news.models import Story
from tests.admin.formdata import form_errors, management_form
from tests.factories import EventFactory, ObjectiveFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_add_page_creates_a_draft_story_about_events(admin_client):
    events = [EventFactory(), EventFactory()]
    objective, publisher = ObjectiveFactory(), OrganisationFactory()
    data = {
        "title": "Mayors meet in Sfax",
        "slug": "mayors-meet-in-sfax",
        "summary": "",
        "body": "Mayors of **twelve** cities met.",
        "language": "en",
        "news_type": "news",
        "events": [str(event.pk) for event in events],
        "framework_objectives": [str(objective.pk)],
        "source_name": "",
        "source_url": "",
        "published_at_0": "",
        "published_at_1": "",
        **management_form("actors", 1),
        "actors-0-organisation": str(publisher.pk),
        "actors-0-role": "publisher",
        "actors-0-order": "0",
        **management_form("translations", 0),
    }

    response = admin_client.post(reverse("admin:news_story_add"), data)

    assert response.status_code == 302, form_errors(response)
    story = Story.objects.get()
    assert (story.slug, story.kind, story.status) == ("mayors-meet-in-sfax", "story", Status.DRAFT)
    assert set(story.events.all()) == set(events)
    assert list(story.framework_objectives.all()) == [objective]
    assert [(actor.organisation, actor.role) for actor in story.actors.all()] == [
        (publisher, "publisher")
    ]
