"""The index follows the content: publishing, unpublishing, editing in the admin,
deleting, rebuilding, and loading the demo dataset."""

import datetime as dt
import json
import random
import shutil
import threading
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from crossroads.content.models import Item, Status
from crossroads.content.services import change_status
from crossroads.demo.dataset import DATA_DIR
from crossroads.demo.services import load_demo
from crossroads.directory.models import City
from crossroads.search import postings
from crossroads.search.backends import get_backend
from crossroads.search.criteria import Criteria
from crossroads.search.documents import documents
from crossroads.search.engine import search
from crossroads.search.models import SearchEntry, SearchFacet, SearchState
from crossroads.search.services import index_items, rebuild
from tests.admin.formdata import change_form_data, form_errors, inline_rows
from tests.factories import (
    CityFactory,
    EventFactory,
    FrameworkFactory,
    ItemActorFactory,
    OrganisationFactory,
    ResourceFactory,
    SessionFactory,
    StoryFactory,
    TopicFactory,
)
from tests.search.catalogue import TODAY, build_catalogue

pytestmark = pytest.mark.django_db

ITEM_FACTORIES = [EventFactory, StoryFactory, ResourceFactory]


def found_by(text: str, **selected: tuple[str, ...]) -> set[int]:
    results = search(Criteria(text=text, selected=selected), per_page=1000, facets=(), today=TODAY)
    return {item.pk for item in results.page}


def quokkas(factory=StoryFactory, **values) -> Item:
    """An indexed item about quokkas, and nothing else."""
    values = {"title": "Quokkas of Rottnest", "summary": "", "body": "", **values}
    item = factory(**values)
    index_items([item.pk])
    return item


def text_rows(item_id: int) -> int:
    """How many rows the backend's text table holds for ``item_id``."""
    column = "rowid" if connection.vendor == "sqlite" else "item_id"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM search_text WHERE {column} = %s", [item_id])
        return cursor.fetchone()[0]


def index_state() -> dict:
    """Every entry, facet value and text row of the index."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid, terms FROM search_text")
        else:
            cursor.execute("SELECT item_id, document::text FROM search_text")
        texts = dict(cursor.fetchall())
    return {
        "entries": set(
            SearchEntry.objects.values_list(
                "item_id", "kind", "start_date", "end_date", "published_at"
            )
        ),
        "facets": set(SearchFacet.objects.values_list("entry_id", "facet", "value")),
        "texts": texts,
        "postings": {term: set(entries) for term, entries in postings.load().items()},
    }


def assert_not_indexed(item_id: int) -> None:
    assert not SearchEntry.objects.filter(item_id=item_id).exists()
    assert not SearchFacet.objects.filter(entry_id=item_id).exists()
    assert text_rows(item_id) == 0
    assert not any(item_id in entries for entries in postings.load().values())


def change_url(item: Item) -> str:
    return reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk])


# -- the workflow ---------------------------------------------------------------------
@pytest.mark.parametrize("factory", ITEM_FACTORIES)
def test_publishing_indexes_an_item(factory):
    item = quokkas(factory, status=Status.DRAFT, published_at=None)
    assert found_by("quokka") == set()
    assert_not_indexed(item.pk)

    change_status(item=item, status=Status.PUBLISHED)

    assert found_by("quokka") == {item.pk}
    assert found_by("rottnest", kind=(item.kind,)) == {item.pk}
    assert SearchEntry.objects.get(item_id=item.pk).published_at == item.published_at
    assert text_rows(item.pk) == 1


@pytest.mark.parametrize("status", [Status.DRAFT, Status.ARCHIVED])
def test_unpublishing_removes_an_item(status):
    story = quokkas()
    other = quokkas(title="Quokka habitats", slug="quokka-habitats")
    assert found_by("quokka") == {story.pk, other.pk}

    change_status(item=story, status=status)

    assert found_by("quokka") == {other.pk}
    assert_not_indexed(story.pk)
    assert text_rows(other.pk) == 1


def test_an_item_in_review_is_not_found():
    story = quokkas(status=Status.DRAFT, published_at=None)

    change_status(item=story, status=Status.REVIEW)

    assert found_by("quokka") == set()
    assert_not_indexed(story.pk)


def test_publishing_with_a_date_to_come_shows_the_item_from_that_date(monkeypatch):
    in_two_hours = timezone.now() + dt.timedelta(hours=2)
    story = quokkas(status=Status.DRAFT, published_at=in_two_hours)

    change_status(item=story, status=Status.PUBLISHED)

    assert found_by("quokka") == set()
    later = in_two_hours + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert found_by("quokka") == {story.pk}


# -- editing in the admin ---------------------------------------------------------------
@pytest.mark.parametrize("factory", ITEM_FACTORIES)
def test_a_title_edited_in_the_admin_is_searched_by_its_new_words(admin_client, factory):
    item = quokkas(factory)
    data = change_form_data(admin_client.get(change_url(item)))

    response = admin_client.post(change_url(item), data | {"title": "Wombats of Tasmania"})

    assert response.status_code == 302, form_errors(response)
    assert found_by("wombat") == found_by("Tasmania") == {item.pk}
    assert found_by("quokka") == found_by("rottnest") == set()
    assert text_rows(item.pk) == 1


def test_tags_and_translations_added_in_the_admin_are_indexed(admin_client):
    story = quokkas()
    topic = TopicFactory(name="Wildlife", slug="wildlife")
    data = change_form_data(admin_client.get(change_url(story)))

    response = admin_client.post(
        change_url(story),
        data
        | {"topics": [str(topic.pk)]}
        | inline_rows(
            "translations",
            {"language": "fr", "title": "Les wombats de Tasmanie", "summary": "", "body": ""},
        ),
    )

    assert response.status_code == 302, form_errors(response)
    assert found_by("wombats") == found_by("wildlife") == {story.pk}
    assert found_by("", topic=("wildlife",), language=("fr",)) == {story.pk}
    assert {("topic", "wildlife"), ("language", "fr"), ("language", "en")} <= set(
        SearchFacet.objects.filter(entry_id=story.pk).values_list("facet", "value")
    )


def test_a_session_renamed_in_the_event_admin_is_searched(admin_client):
    event = quokkas(EventFactory)
    SessionFactory(event=event, title="Counting quokkas")
    index_items([event.pk])
    assert found_by("counting") == {event.pk}
    data = change_form_data(admin_client.get(change_url(event)))

    response = admin_client.post(change_url(event), data | {"sessions-0-title": "Feeding wombats"})

    assert response.status_code == 302, form_errors(response)
    assert found_by("feeding wombats") == {event.pk}
    assert found_by("counting") == set()


def test_renaming_a_topic_or_an_organisation_in_the_admin_reindexes_their_items(admin_client):
    story = quokkas()
    topic = TopicFactory(name="Wildlife", slug="wildlife")
    organisation = OrganisationFactory(name="Rottnest Island Authority", acronym="RIA")
    story.topics.set([topic])
    ItemActorFactory(item=story, organisation=organisation, role="publisher")
    index_items([story.pk])
    assert found_by("wildlife authority") == {story.pk}

    for thing, name in ((topic, "Fauna"), (organisation, "Quokka Protection Board")):
        url = change_url(thing)
        response = admin_client.post(url, change_form_data(admin_client.get(url)) | {"name": name})
        assert response.status_code == 302, form_errors(response)

    assert found_by("fauna board") == {story.pk}
    assert found_by("wildlife") == found_by("authority") == set()
    results = search(Criteria(selected={"topic": ("wildlife",)}), today=TODAY)
    (topics,) = [group for group in results.facets if group.name == "topic"]
    assert [(value.value, value.label) for value in topics.values] == [("wildlife", "Fauna")]


def test_names_shown_follow_renames_whether_or_not_items_hold_them(admin_client):
    story = quokkas()
    used = TopicFactory(name="Wildlife", slug="wildlife")
    unused = TopicFactory(name="Deserts", slug="deserts")
    story.topics.set([used])
    criteria = Criteria(selected={"topic": ("wildlife", "deserts")})

    def shown() -> dict[str, str]:
        results = search(criteria, today=TODAY)
        return {slug: results.labels[("topic", slug)] for slug in ("wildlife", "deserts")}

    def rename(topic, name: str) -> None:
        url = change_url(topic)
        response = admin_client.post(url, change_form_data(admin_client.get(url)) | {"name": name})
        assert response.status_code == 302, form_errors(response)

    assert shown() == {"wildlife": "Wildlife", "deserts": "Deserts"}
    version = SearchState.current().version
    rename(unused, "Dunes")
    # No item holds it: the index is left alone (every process would reload it).
    assert SearchState.current().version == version
    assert shown() == {"wildlife": "Wildlife", "deserts": "Dunes"}
    rename(used, "Fauna")
    assert shown() == {"wildlife": "Fauna", "deserts": "Dunes"}


@pytest.mark.parametrize(
    ("facet", "factory", "link"),
    [
        ("topic", lambda: TopicFactory(name="Wildlife", slug="wildlife"), "topics"),
        ("city", lambda: CityFactory(name="Perth", slug="perth"), "cities"),
        ("framework", lambda: FrameworkFactory(code="PACT", short_name="Pact"), "frameworks"),
    ],
    ids=["topic", "city", "framework"],
)
def test_deleting_a_tag_takes_it_out_of_the_index(facet, factory, link):
    story = quokkas()
    tag = factory()
    getattr(story, link).set([tag])
    index_items([story.pk])
    value = tag.slug if facet != "framework" else tag.code
    assert found_by("", **{facet: (value,)}) == {story.pk}

    tag.delete()

    assert found_by("", **{facet: (value,)}) == set()
    assert (facet, value) not in set(
        SearchFacet.objects.filter(entry_id=story.pk).values_list("facet", "value")
    )


# -- deleting --------------------------------------------------------------------------------
@pytest.mark.parametrize("factory", ITEM_FACTORIES)
def test_deleting_an_item_deletes_its_entry_and_its_text(factory):
    item = quokkas(factory)
    other = quokkas(title="Quokka habitats", slug="quokka-habitats")
    item_id = item.pk
    assert text_rows(item_id) == 1

    item.delete()

    assert_not_indexed(item_id)
    assert found_by("quokka") == {other.pk}
    assert text_rows(other.pk) == 1


def test_deleting_items_in_bulk_deletes_their_entries_and_texts():
    items = [quokkas(slug=f"quokka-{number}") for number in range(3)]

    Item.objects.filter(pk__in=[item.pk for item in items[:2]]).delete()

    for item in items[:2]:
        assert_not_indexed(item.pk)
    assert found_by("quokka") == {items[2].pk}


def test_deleting_an_item_in_the_admin_deletes_its_entry_and_text(admin_client):
    story = quokkas()
    url = reverse("admin:news_story_delete", args=[story.pk])

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert_not_indexed(story.pk)
    assert found_by("quokka") == set()


# -- what PostgreSQL refuses -------------------------------------------------------------------
def test_an_item_with_a_very_long_word_is_indexed():
    story = quokkas(body=f"{'x' * 3000} wombats {'ا' * 1100}")

    assert found_by("wombats") == found_by("quokkas") == {story.pk}
    assert text_rows(story.pk) == 1


# -- rebuilding --------------------------------------------------------------------------------
def search_snapshot() -> dict:
    """Results and counts of a few searches."""
    snapshot = {}
    for criteria in (
        Criteria(),
        Criteria(text="refugees"),
        Criteria(text='"les réfugiés"'),
        Criteria(selected={"kind": ("event",), "region": ("east_africa",)}),
        Criteria(when="upcoming", sort="date"),
    ):
        results = search(criteria, per_page=1000, today=TODAY)
        snapshot[repr(criteria)] = (
            [item.pk for item in results.page],
            [(group.name, [(v.value, v.count) for v in group.values]) for group in results.facets],
        )
    return snapshot


def test_rebuild_gives_what_incremental_indexing_gives():
    catalogue = build_catalogue(seed=5, size=15)
    ids = [item.pk for item in catalogue.items]
    random.Random(5).shuffle(ids)
    for item_id in ids:
        index_items([item_id])
    incremental, searched = index_state(), search_snapshot()

    written = rebuild()

    assert written == Item.objects.filter(status=Status.PUBLISHED).count()
    assert written == len(incremental["entries"])
    assert index_state() == incremental
    assert search_snapshot() == searched


def test_documents_are_the_same_however_their_ids_are_batched():
    catalogue = build_catalogue(seed=6, size=30)
    ids = sorted(item.pk for item in catalogue.items)
    Item.objects.filter(pk=ids[5]).update(status=Status.DRAFT)  # a gap inside a range

    def described(found) -> dict:
        return {doc.item_id: (doc.terms, doc.facets, doc.start_date) for doc in found}

    one_by_one = {}
    for item_id in ids:
        one_by_one.update(described(documents([item_id])))
    contiguous = described(documents(ids))  # read as a range of ids
    scattered = described(documents([ids[0], ids[-1]]))  # read as a list
    few = described(documents(ids[3:8]))
    skipping = described(documents([ids[0], ids[2]]))  # a range holding ids[1] too

    assert contiguous == one_by_one
    assert ids[5] not in one_by_one and len(one_by_one) > 10
    assert scattered == {pk: one_by_one[pk] for pk in (ids[0], ids[-1]) if pk in one_by_one}
    assert few == {pk: one_by_one[pk] for pk in ids[3:8] if pk in one_by_one}
    assert skipping == {pk: one_by_one[pk] for pk in (ids[0], ids[2]) if pk in one_by_one}


def test_rebuild_brings_an_index_out_of_step_back_in_step():
    drafted, renamed, forgotten = (quokkas(slug=f"quokka-{n}") for n in range(3))
    kept = quokkas(slug="quokka-kept")
    # Changes that bypass every service and signal.
    Item.objects.filter(pk=drafted.pk).update(status=Status.DRAFT)
    Item.objects.filter(pk=renamed.pk).update(title="Wombats of Tasmania")
    SearchEntry.objects.filter(pk=forgotten.pk).delete()
    batches = []

    written = rebuild(progress=batches.append, batch_size=2)

    assert (written, batches) == (3, [2, 1])
    assert found_by("quokka") == {forgotten.pk, kept.pk}
    assert found_by("wombat") == {renamed.pk}
    assert_not_indexed(drafted.pk)


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_shared_with_other_processes_gives_what_one_process_gives():
    build_catalogue(seed=5, size=15)
    batches = []
    alone = rebuild(batch_size=2)
    expected = index_state()

    shared = rebuild(progress=batches.append, batch_size=2, workers=2)

    assert shared == alone == sum(batches)
    assert index_state() == expected


@pytest.mark.django_db(transaction=True)
def test_searches_go_on_while_the_index_is_rebuilt():
    build_catalogue(seed=5, size=15)
    published, entries = found_by(""), SearchEntry.objects.count()
    halfway, resume = threading.Event(), threading.Event()

    def progress(count: int) -> None:
        halfway.set()
        resume.wait(30)

    def run() -> None:
        try:
            rebuild(progress=progress, batch_size=5)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert halfway.wait(30)
        # A reader waiting for the rebuild's locks would fail the test: PostgreSQL is told
        # to give up after 5 s; SQLite's readers (WAL) never wait for its writer.
        postgresql = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            if postgresql:
                cursor.execute("SET lock_timeout = '5s'")
            try:
                assert found_by("") == published
                assert SearchEntry.objects.count() == entries
            finally:
                if postgresql:
                    cursor.execute("RESET lock_timeout")
    finally:
        resume.set()
        thread.join(60)
    assert found_by("") == published


# -- the demo dataset --------------------------------------------------------------------------
def kisumu_dataset(folder: Path) -> Path:
    """A copy of the demo dataset keeping, of its items, those naming Kisumu (with the
    events and resources they refer to), so that loading it stays quick."""
    shutil.copytree(DATA_DIR, folder)

    def records(name: str) -> list[dict]:
        return json.loads((folder / name).read_text(encoding="utf-8"))

    def write(name: str, kept: list[dict]) -> None:
        (folder / name).write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")

    def names_kisumu(record: dict) -> bool:
        return "Kisumu" in json.dumps(record, ensure_ascii=False)

    events = records("events.json")
    parents = {event["slug"]: event["parent"] for event in events}
    kept = {event["slug"] for event in events if names_kisumu(event)}
    while missing := {parents[slug] for slug in kept if parents[slug]} - kept:
        kept |= missing
    events = [event for event in events if event["slug"] in kept]
    documents = {document["resource"] for event in events for document in event["documents"]}
    write("events.json", events)
    write(
        "resources.json",
        [r for r in records("resources.json") if names_kisumu(r) or r["slug"] in documents],
    )
    write(
        "stories.json",
        [
            story | {"events": [slug for slug in story["events"] if slug in kept]}
            for story in records("stories.json")
            if names_kisumu(story)
        ],
    )
    write("pledges.json", [])  # they name forums this copy leaves out
    return folder


def test_the_demo_loader_indexes_every_published_item(tmp_path):
    load_demo(today=dt.date(2031, 3, 10), data_dir=kisumu_dataset(tmp_path / "data"))
    kisumu = City.objects.get(name="Kisumu")

    public = set(Item.objects.published().values_list("pk", flat=True))
    assert SearchEntry.objects.count() == Item.objects.filter(status=Status.PUBLISHED).count()
    assert found_by("") == public
    mentioning = Item.objects.published().filter(
        Q(title__contains="Kisumu")
        | Q(summary__contains="Kisumu")
        | Q(event__city=kisumu)
        | Q(cities=kisumu)
    )
    found = found_by("Kisumu")
    assert set(mentioning.values_list("pk", flat=True)) <= found <= public
    assert len(found) >= 5
    assert found_by("kisumu", city=(kisumu.slug,)) == set(
        Item.objects.published()
        .filter(Q(event__city=kisumu) | Q(cities=kisumu))
        .values_list("pk", flat=True)
    )


def test_the_backend_gives_back_each_stored_text_counting_each_term_as_often_as_it_occurs():
    item = quokkas(title="Quokkas, quokkas and more quokkas", summary="Rottnest island")

    with connection.cursor() as cursor:
        stored = get_backend().terms(cursor, [item.pk, item.pk + 1000])

    assert list(stored) == [item.pk]
    form = get_backend().form
    text = form.prepare(stored[item.pk])
    assert form.length(stored[item.pk]) == 7  # quokka ×3, and, more, rottnest, island
    assert form.occurrences(text, form.needles(["quokka"], "")) == 3
    assert form.occurrences(text, form.needles([], "rott")) == 1


def test_the_backend_gives_back_each_stored_sequence_as_it_was_written():
    """Pairs are moved from the sequence read back to the new one when an item changes:
    both must be the same, past PostgreSQL's limits on positions too."""
    long_text = [f"w{number % 700}" for number in range(17_000)]
    texts = {  # text rows of no entry: nothing else is indexed
        1: ["host", "communiti", "host", "communiti"],
        2: ["water"] * 300 + ["well", "water"],
        3: [*long_text, "latecom", "w1", "latecom"],
        4: [],
    }
    backend = get_backend()
    with connection.cursor() as cursor:
        backend.add(cursor, [(pk, backend.stored(terms)) for pk, terms in texts.items()])
        stored = backend.sequences(cursor, list(texts))

    assert stored == {pk: backend.sequence(terms) for pk, terms in texts.items()}
    assert stored[1] == texts[1]
    assert set(postings.terms_in(stored[3])) == set(texts[3])


def search_tables() -> dict[str, dict]:
    """Every constraint and index of the search tables (the text table's too, where the
    database lists them), by table, as the database describes them."""
    tables = [
        "search_searchentry",
        "search_searchfacet",
        "search_searchposting",
        "search_searchpair",
    ]
    if connection.vendor == "postgresql":
        tables.append("search_text")
    with connection.cursor() as cursor:
        return {table: connection.introspection.get_constraints(cursor, table) for table in tables}


def test_a_rebuild_leaves_the_search_tables_as_the_migrations_made_them():
    catalogue = build_catalogue(seed=9, size=20)
    before = search_tables()

    rebuild()

    assert search_tables() == before
    names = {name for constraints in before.values() for name in constraints}
    assert len(names) >= 10  # keys, dates, publication, facet lookups, uniqueness, postings
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_text")
        assert cursor.fetchone()[0] == SearchEntry.objects.count() > 0
        if connection.vendor == "postgresql":  # the rebuild's own schema is gone
            cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'search_rebuild'")
            assert cursor.fetchone()[0] == 0
    # The text still follows its entry (a trigger on the rebuilt table).
    item = next(item for item in catalogue.items if text_rows(item.pk))
    item_id = item.pk
    item.delete()
    assert_not_indexed(item_id)
