"""The postings (which entries hold each term) stay those of the stored texts, in the
table and in every process, whatever changes the content."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from pyroaring import BitMap

from crossroads.content.models import Item, Status
from crossroads.content.services import change_status
from crossroads.search import postings
from crossroads.search.backends import get_backend
from crossroads.search.bitmaps import BitmapIndex
from crossroads.search.models import SearchEntry, SearchPair, SearchPosting
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


def pairs_from_texts() -> dict[str, set[int]]:
    ids = list(SearchEntry.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        found = get_backend().sequences(cursor, ids)
    pairs = {pk: postings.pairs_in(sequence) for pk, sequence in found.items()}
    return {pair: set(entries) for pair, entries in postings.postings_of(pairs).items()}


def in_table(model=SearchPosting) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for key, data in model.objects.values_list(model.KEY, "entries"):
        found.setdefault(key, set()).update(BitMap.deserialize(bytes(data)))
    return found


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
    assert in_table(SearchPair) == pairs_from_texts()
    gone = {item.pk for item in items[1:5]}
    for model in (SearchPosting, SearchPair):
        assert not any(gone & entries for entries in in_table(model).values())
    renamed = [entries for pair, entries in in_table(SearchPair).items() if "rottnest" in pair]
    assert renamed and all(entries == {items[0].pk} for entries in renamed)
    index.refresh()  # another process replays the changes
    assert in_memory(index) == from_texts()
    assert set(index.matching(parse_query("Rottnest").terms[0])) == {items[0].pk}
    assert index.matching(parse_query("wombat").terms[0])


def test_a_rebuild_writes_the_same_postings_and_pairs():
    build_catalogue(seed=6, size=30)
    before = in_table(), in_table(SearchPair)

    rebuild(batch_size=7)

    assert (in_table(), in_table(SearchPair)) == before
    assert before == (from_texts(), pairs_from_texts())
    assert before[1]


@pytest.mark.django_db(transaction=True)
def test_the_migration_adding_pairs_fills_them_from_the_stored_texts():
    build_catalogue(seed=7, size=20)
    expected = in_table(SearchPair)
    executor = MigrationExecutor(connection)
    executor.migrate([("search", "0004_postings")])
    executor.loader.build_graph()

    executor.migrate([("search", "0005_pairs")])

    assert in_table(SearchPair) == expected == pairs_from_texts() != {}


def test_the_pairs_of_a_sequence_do_not_span_its_gaps():
    assert postings.pairs_in(["host", "communiti", None, "host", "communiti", "in"]) == {
        "host communiti",
        "communiti in",
    }
    assert postings.pairs_in(["host"]) == postings.pairs_in([]) == set()


def test_entries_far_apart_are_stored_in_blocks_and_loaded_whole():
    collector = postings.Collector(SearchPosting)
    for entry in (3, 70_000, 140_000, 140_001):
        collector.add(entry, ["quokka", "quokka"])
    collector.flush()
    assert SearchPosting.objects.filter(term="quokka").count() == 3

    postings.update({70_000: ["quokka"]}, {70_000: ["wombat"], 5: ["quokka"]})

    assert in_table() == {"quokka": {3, 5, 140_000, 140_001}, "wombat": {70_000}}
    assert SearchPosting.objects.filter(term="quokka").count() == 2
    assert postings.load() == {
        "quokka": BitMap([3, 5, 140_000, 140_001]),
        "wombat": BitMap([70_000]),
    }


def test_pairs_are_collected_block_by_block_and_read_by_key():
    collector = postings.Collector(SearchPair, pairs=True)
    collector.add(1, ["host", "communiti", None, "host"])
    collector.add(2, ["communiti", "host", "communiti"])
    collector.add(70_000, ["host", "communiti"])
    with pytest.raises(ValueError, match="increasing order"):
        collector.add(4, ["host", "communiti"])
    collector.flush()

    assert in_table(SearchPair) == {"host communiti": {1, 2, 70_000}, "communiti host": {2}}
    assert postings.pair_entries(["host communiti", "absent pair"]) == BitMap([1, 2, 70_000])
    assert SearchPair.objects.filter(pair="host communiti").count() == 2


def test_the_vocabulary_finds_the_terms_a_prefix_begins():
    vocabulary = Vocabulary(["refug", "refuge", "refugi", "ref", "regional", "réfugié"])

    assert vocabulary.starting_with("refug") == ["refug", "refuge", "refugi"]
    assert vocabulary.starting_with("réf") == ["réfugié"]
    assert vocabulary.starting_with("zebra") == []
