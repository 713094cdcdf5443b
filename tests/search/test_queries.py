import datetime as dt

import pytest
from django.utils import timezone

from crossroads.search.queries import clean_query, search_items
from tests.factories import (
    EventFactory,
    ItemTranslationFactory,
    ResourceFactory,
    StoryFactory,
)


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("  refugees   in  Kisumu ", "refugees in Kisumu"),
        ("kisumu\x00forum", "kisumu forum"),
        ("\x01\x1b[31mred\x7f", "[31mred"),
        ("x" * 250, "x" * 200),
        ("", ""),
    ],
)
def test_clean_query(text, cleaned):
    assert clean_query(text) == cleaned


def test_clean_query_keeps_words_apart_that_white_space_separates():
    assert clean_query("refugees\tKisumu\nforum") == "refugees Kisumu forum"


def days_ago(days):
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def items(db):
    forum = EventFactory(title="Kisumu forum", summary="Peer learning.", published_at=days_ago(1))
    ItemTranslationFactory(item=forum, language="fr", title="Forum de Kisumu", summary="Villes.")
    ItemTranslationFactory(item=forum, language="ar", title="منتدى كيسومو", summary="")
    StoryFactory(title="Mayors meet", summary="In KISUMU, mayors met.", published_at=days_ago(2))
    ResourceFactory(title="Housing report", summary="On housing.", published_at=days_ago(3))
    StoryFactory(title="Kisumu draft", status="draft", published_at=None)
    StoryFactory(title="Kisumu later", published_at=timezone.now() + dt.timedelta(days=1))


def titles(items):
    return [item.title for item in items]


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("kisumu", "", ["Kisumu forum", "Mayors meet"]),
        ("Kisumu", "story", ["Mayors meet"]),
        ("kisumu forum", "", ["Kisumu forum"]),
        ("forum mayors", "", []),
        ("villes", "", ["Kisumu forum"]),
        ("كيسومو", "", ["Kisumu forum"]),
        ("housing", "resource", ["Housing report"]),
        ("housing", "event", []),
        ("", "event", ["Kisumu forum"]),
        ("", "", ["Kisumu forum", "Mayors meet", "Housing report"]),
        ("%", "", []),
        ("_", "", []),
    ],
)
def test_search_items(items, text, kind, found):
    assert titles(search_items(text, kind=kind)) == found


def test_an_item_matching_in_several_translations_is_found_once(items):
    assert titles(search_items("forum")) == ["Kisumu forum"]


def test_only_the_first_eight_words_count(items):
    words = "kisumu " * 8

    assert titles(search_items(words + "nowhere")) == ["Kisumu forum", "Mayors meet"]
