"""The postings (which entries hold each term) stay those of the stored texts, in the
table and in every process, whatever changes the content."""

import pytest
from django.db import connection
from pyroaring import BitMap

from crossroads.content.models import Item, Status
from crossroads.content.services import change_status
from crossroads.search import postings
from crossroads.search.bitmaps import BitmapIndex
from crossroads.search.models import SearchEntry, SearchPosting
from crossroads.search.postings import Vocabulary
from crossroads.search.services import rebuild
from crossroads.search.text import parse_query
from crossroads.taxonomy.models import Topic
from tests.search.catalogue import build_catalogue

pytestmark = pytest.mark.django_db


def from_texts() -> dict[str, set[int]]:
    """What the postings should be: read from every entry's stored terms."""
    ids = list(SearchEntry.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        terms = postings.stored_terms(cursor, ids)
    return {term: set(entries) for term, entries in postings.postings_of(terms).items()}


def in_table() -> dict[str, set[int]]:
    return {term: set(entries) for term, entries in postings.load().items()}


def in_memory(index: BitmapIndex) -> dict[str, set[int]]:
    return {term: set(entries) for term, entries in index.terms.items()}


def test_postings_follow_edits_unpublishing_renames_and_deletions():
    build_catalogue(seed=5, size=40)
    index = BitmapIndex()
    index.refresh()
    assert in_memory(index) == in_table() == from_texts() != {}
    items = list(Item.objects.filter(status=Status.PUBLISHED).order_by("pk"))

    items[0].title = "Quokkas of Rottnest"
    items[0].save()
    change_status(item=items[1], status=Status.ARCHIVED)
    items[2].delete()
    Item.objects.filter(pk__in=[items[3].pk, items[4].pk]).delete()
    topic = Topic.objects.filter(items__status=Status.PUBLISHED).first()
    topic.name = "Wombat burrows"
    topic.save()

    assert in_table() == from_texts()
    assert not any(item.pk in entries for entries in in_table().values() for item in items[1:5])
    index.refresh()  # another process replays the changes
    assert in_memory(index) == from_texts()
    assert set(index.matching(parse_query("Rottnest").terms[0])) == {items[0].pk}
    assert index.matching(parse_query("wombat").terms[0])


def test_a_rebuild_writes_the_same_postings():
    build_catalogue(seed=6, size=30)
    before = in_table()

    rebuild()

    assert in_table() == before == from_texts()


def test_entries_far_apart_are_stored_in_blocks_and_loaded_whole():
    far = [3, 70_000, 140_000, 140_001]
    postings.write({"quokka": BitMap(far)})
    assert SearchPosting.objects.filter(term="quokka").count() == 3

    postings.update({70_000: ["quokka"]}, {70_000: ["wombat"], 5: ["quokka"]})

    assert in_table() == {"quokka": {3, 5, 140_000, 140_001}, "wombat": {70_000}}
    assert SearchPosting.objects.filter(term="quokka").count() == 2


def test_the_vocabulary_finds_the_terms_a_prefix_begins():
    vocabulary = Vocabulary(["refug", "refuge", "refugi", "ref", "regional", "réfugié"])

    assert vocabulary.starting_with("refug") == ["refug", "refuge", "refugi"]
    assert vocabulary.starting_with("réf") == ["réfugié"]
    assert vocabulary.starting_with("zebra") == []
