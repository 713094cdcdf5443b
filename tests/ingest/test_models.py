"""The Source of an imported draft: what it keeps, and the states it may be in."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from crossroads.ingest.models import Source
from crossroads.ingest.pages import Page
from crossroads.ingest.records import Extraction, PlaceMatch, Span
from crossroads.ingest.services import record_source
from tests.factories import StoryFactory
from tests.ingest.test_services import READ_AT, extraction, origin

pytestmark = pytest.mark.django_db

TEXT = "Mayors of the Mediterranean meet in Sfax\n5 October 2023\nThe mayors adopted a statement."


def a_page() -> Extraction:
    return extraction(
        TEXT,
        location="https://cmi.example.org/news/sfax-mayors",
        language="en",
        kind="news",
        title="Mayors of the Mediterranean meet in Sfax",
        start="2023-10-05",
        city="Sfax",
        organizers=["Center for Mediterranean Integration"],
        confidence={"title": 0.95, "start": 0.7},
        evidence={"title": [Span(0, 40)], "start": [Span(41, 55), Span(41, 45)]},
        organisations={"Center for Mediterranean Integration": None},
        places={"Sfax": PlaceMatch("Sfax", "TN", city_id=None, geonameid=2467454)},
        summary="The mayors adopted a statement.",
        body="",
        timezone_name="Africa/Tunis",
    )


def test_a_source_gives_back_the_extraction_it_was_made_from():
    page = a_page()
    story = StoryFactory(status="draft")
    fetched = origin(TEXT, "https://cmi.example.org/news/sfax-mayors")
    source = record_source(page, fetched, item=story, relation="created")

    source.refresh_from_db()
    again = source.extraction()

    assert again.page == Page(
        source="https://cmi.example.org/news/sfax-mayors", text=TEXT, language="en"
    )
    assert (again.record, again.language, again.confidence) == (
        page.record,
        "en",
        {"title": 0.95, "start": 0.7},
    )
    assert again.evidence == {"title": [Span(0, 40)], "start": [Span(41, 55), Span(41, 45)]}
    assert again.organisations == {"Center for Mediterranean Integration": None}
    assert again.places == {"Sfax": PlaceMatch("Sfax", "TN", city_id=None, geonameid=2467454)}
    assert (again.summary, again.body, again.timezone) == (
        "The mayors adopted a statement.",
        "",
        "Africa/Tunis",
    )
    assert (str(source), source.kind, source.title) == (
        "Mayors of the Mediterranean meet in Sfax",
        "news",
        "Mayors of the Mediterranean meet in Sfax",
    )


def _source(**fields) -> Source:
    values = {
        "relation": "created",
        "location": "/srv/imports/sfax.txt",
        "fetched_at": READ_AT,
        "content_hash": "a" * 64,
        "language": "en",
        "text": TEXT,
        "record": {"kind": "news", "title": ""},
    }
    return Source(**(values | fields))


def test_a_source_without_a_title_is_named_by_its_location():
    assert str(_source()) == "/srv/imports/sfax.txt"


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "pending", "item": None},
        {"status": "accepted", "item": None, "reviewed_at": READ_AT},
        {"status": "rejected", "reviewed_at": READ_AT},
        {"status": "accepted", "reviewed_at": None},
        {"status": "pending", "reviewed_at": READ_AT},
    ],
    ids=[
        "pending without item",
        "accepted without item",
        "rejected with item",
        "accepted without review date",
        "pending with review date",
    ],
)
def test_impossible_states_are_refused_by_the_database(fields):
    story = StoryFactory(status="draft")
    source = _source(**({"item": story} | fields))

    with pytest.raises(IntegrityError), transaction.atomic():
        source.save()


def test_a_rejected_source_keeps_its_bytes_without_an_item():
    source = _source(status="rejected", item=None, reviewed_at=timezone.now())
    source.save()

    assert Source.objects.get(content_hash="a" * 64).item is None


def test_deleting_an_item_deletes_its_sources():
    story = StoryFactory(status="draft")
    _source(item=story).save()

    story.delete()

    assert Source.objects.count() == 0


def test_sources_are_listed_newest_first():
    story = StoryFactory(status="draft")
    older, newer = _source(item=story), _source(item=story, content_hash="b" * 64)
    older.save()
    newer.save()
    Source.objects.filter(pk=older.pk).update(created_at=READ_AT - dt.timedelta(days=1))

    assert list(Source.objects.values_list("pk", flat=True)) == [newer.pk, older.pk]


def test_a_source_keeps_the_address_its_page_states_as_its_own():
    page = extraction(
        TEXT,
        location="https://cmi.example.org/news/sfax-mayors?ref=feed",
        kind="news",
        title="Mayors of the Mediterranean meet in Sfax",
        facts={"url": "https://cmi.example.org/news/sfax-mayors", "title": "ignored"},
    )
    story = StoryFactory(status="draft")
    source = record_source(page, origin(TEXT), item=story, relation="created")

    source.refresh_from_db()

    assert (source.location, source.canonical) == (
        "https://cmi.example.org/news/sfax-mayors?ref=feed",
        "https://cmi.example.org/news/sfax-mayors",
    )
    assert source.extraction().page.facts == {"url": "https://cmi.example.org/news/sfax-mayors"}


def test_the_same_page_from_the_same_bytes_is_refused_unless_rejected():
    story = StoryFactory(status="draft")
    _source(item=story).save()

    with pytest.raises(IntegrityError), transaction.atomic():
        _source(item=StoryFactory(status="draft")).save()

    rejected = _source(status="rejected", item=None, reviewed_at=READ_AT)
    rejected.save()
    _source(item=story, location="/srv/imports/sfax.txt#2").save()
    _source(item=story, content_hash="b" * 64).save()
    assert Source.objects.count() == 4
