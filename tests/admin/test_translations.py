"""Items' translations are edited beside the original, field by field."""

import re

import pytest
from django.urls import reverse

from tests.factories import ItemTranslationFactory, StoryFactory

pytestmark = pytest.mark.django_db


def row(page: str, field: str) -> str:
    """The inline row holding ``field`` of the first translation."""
    start = page.index(f'name="translations-0-{field}"')
    return page[page.rindex('<div class="form-row', 0, start) : start]


def test_each_translation_is_edited_beside_the_original(admin_client):
    story = StoryFactory(
        title="Mayors meet in Arua", summary="Two days of exchanges.\nAnd a visit."
    )
    ItemTranslationFactory(item=story, language="fr", title="Les maires se réunissent à Arua")

    page = admin_client.get(reverse("admin:news_story_change", args=[story.pk])).content.decode()

    assert "Mayors meet in Arua" in row(page, "title")
    assert re.search(r"Two days of exchanges\.<br>\s*And a visit\.", row(page, "summary"))
    assert "original title" in row(page, "title").lower()


def test_a_new_items_translation_form_has_no_original_yet(admin_client):
    response = admin_client.get(reverse("admin:news_story_add"))

    assert response.status_code == 200
