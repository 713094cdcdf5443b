"""Importing extractions as drafts, and the review's verbs: accept, reject, merge, split,
and adding an organisation a page proposes."""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from crossroads.accounts.models import Grant
from crossroads.content.models import Item, ItemActor, ItemTranslation
from crossroads.directory.models import City, Country, Office, Organisation
from crossroads.events.models import Event, EventDocument, Participant, Session
from crossroads.ingest import dedup, drafts, services
from crossroads.ingest.directory import Directory
from crossroads.ingest.fetch import Fetched, FetchError
from crossroads.ingest.models import Relation, ReviewStatus, Source
from crossroads.ingest.pages import Page, UnreadableInput
from crossroads.ingest.records import Extraction, PlaceMatch, Span, empty_record
from crossroads.ingest.services import Origin, Outcome, import_extraction
from crossroads.library.models import Resource, ResourceVersion
from crossroads.news.models import Story
from tests.factories import (
    CityFactory,
    CountryFactory,
    EventFactory,
    FrameworkFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

READ_AT = dt.datetime(2024, 2, 20, 8, 30, tzinfo=dt.UTC)
EN_ADDRESS = "https://igad-cities.example.org/events/kisumu-peer-learning"
FR_ADDRESS = "https://igad-cities.example.org/fr/evenements/kisumu-apprentissage"


# -- helpers shared by the importer's tests -----------------------------------------------
def origin(data: str, location: str = EN_ADDRESS) -> Origin:
    """The origin of a page's bytes, read at a fixed moment."""
    return Origin.of(data.encode(), location=location, fetched_at=READ_AT, content_type="text/html")


def extraction(
    text: str,
    *,
    location: str = EN_ADDRESS,
    language: str = "en",
    organisations: dict | None = None,
    places: dict | None = None,
    confidence: dict | None = None,
    evidence: dict | None = None,
    summary: str = "",
    body: str = "",
    timezone_name: str | None = None,
    facts: dict | None = None,
    **record,
) -> Extraction:
    """An extraction of ``text`` (a page read from ``location``, stating ``facts``): the
    record's fields given, the others empty."""
    return Extraction(
        page=Page(source=location, text=text, language=language, facts=facts or {}),
        record=empty_record(location) | record,
        language=language,
        confidence=confidence or {},
        evidence=evidence or {},
        organisations=organisations or {},
        places=places or {},
        summary=summary,
        body=body,
        timezone=timezone_name,
    )


def spans(text: str, *phrases: str) -> list[Span]:
    """Where each phrase first occurs in ``text``."""
    return [Span(text.index(phrase), text.index(phrase) + len(phrase)) for phrase in phrases]


EN_TEXT = "\n".join(
    [
        "Peer-learning event on the inclusion of urban refugees in Kisumu",
        "Tuesday 12 March 2024, Kisumu, Kenya",
        "The City of Kisumu and the Intergovernmental Authority on Development host a day of "
        "exchange between secondary cities of the Horn of Africa, in partnership with the "
        "International Organization for Migration.",
        "Participants will compare how municipal services reach refugees, in line with the "
        "Global Compact on Refugees.",
        "Programme",
        "09:00-09:30 Opening and welcome: Governor of Kisumu",
        "09:30-11:00 Panel: municipal services for refugees: Intergovernmental Authority on "
        "Development, Kisumu Refugee Youth Network",
        "11:00-11:15 Coffee break",
        "15:30-16:00 Closing and adoption of conclusions",
        "Documents: Concept note (English)",
    ]
)


@pytest.fixture
def kisumu():
    return CityFactory(
        name="Kisumu", slug="kisumu", geonameid=191245, country=CountryFactory(code="KE")
    )


@pytest.fixture
def organisations():
    """The organisations of the Kisumu page the directory knows."""
    return {
        "city": OrganisationFactory(name="City of Kisumu", kind="local_government"),
        "igad": OrganisationFactory(
            name="Intergovernmental Authority on Development", acronym="IGAD"
        ),
        "iom": OrganisationFactory(name="International Organization for Migration", acronym="IOM"),
    }


def kisumu_event(kisumu, known, **changes) -> Extraction:
    """The English page of a peer-learning event in Kisumu, as the extractor reads it."""
    fields = {
        "kind": "event",
        "title": "Peer-learning event on the inclusion of urban refugees in Kisumu",
        "start": "2024-03-12",
        "end": "2024-03-12",
        "attendance": "in_person",
        "city": "Kisumu",
        "country": "KE",
        "organizers": ["City of Kisumu", "Intergovernmental Authority on Development"],
        "partners": ["International Organization for Migration"],
        "program": [
            {
                "start": "09:00",
                "end": "09:30",
                "title": "Opening and welcome",
                "participants": ["Governor of Kisumu"],
            },
            {
                "start": "09:30",
                "end": "11:00",
                "title": "Panel: municipal services for refugees",
                "participants": [
                    "Intergovernmental Authority on Development",
                    "Kisumu Refugee Youth Network",
                ],
            },
            {"start": "11:00", "end": "11:15", "title": "Coffee break", "participants": []},
            {
                "start": "15:30",
                "end": "16:00",
                "title": "Closing and adoption of conclusions",
                "participants": [],
            },
        ],
        "documents": [
            {
                "title": "Concept note",
                "language": "en",
                "url": "https://igad-cities.example.org/files/kisumu-concept-note.pdf",
            }
        ],
        "frameworks": ["GCR", "XYZ"],
        "organizations_mentioned": [
            "City of Kisumu",
            "Intergovernmental Authority on Development",
            "International Organization for Migration",
            "Kisumu Refugee Youth Network",
        ],
        "cities_mentioned": ["Kisumu"],
    }
    options = {
        "organisations": {
            "City of Kisumu": known["city"].pk,
            "Intergovernmental Authority on Development": known["igad"].pk,
            "International Organization for Migration": known["iom"].pk,
            "Kisumu Refugee Youth Network": None,
        },
        "places": {"Kisumu": PlaceMatch("Kisumu", "KE", city_id=kisumu.pk, geonameid=191245)},
        "confidence": {"kind": 1.0, "title": 0.95, "start": 0.9, "city": 0.9, "partners": 0.4},
        "evidence": {
            "title": spans(EN_TEXT, "Peer-learning event on the inclusion of urban refugees"),
            "start": spans(EN_TEXT, "12 March 2024"),
            "partners": spans(EN_TEXT, "in partnership with the International Organization"),
        },
        "summary": "The City of Kisumu and IGAD host a day of exchange between secondary cities.",
        "body": "Participants will compare how services reach refugees.\n# not a heading",
        "language": "en",
        "location": EN_ADDRESS,
        "timezone_name": None,
    }
    for name in list(changes):
        if name in options:
            options[name] = changes.pop(name)
    return extraction(EN_TEXT, **options, **(fields | changes))


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "x")


def editor_for(django_user_model, organisation, username="editor"):
    user = django_user_model.objects.create_user(username, email=f"{username}@example.org")
    Grant.objects.create(user=user, role="editor", organisation=organisation)
    return user


# -- importing an event -------------------------------------------------------------------
def test_an_event_page_becomes_a_draft_event_with_its_tags_programme_and_documents(
    kisumu, organisations
):
    FrameworkFactory(code="GCR", name="Global Compact on Refugees", short_name="GCR")

    done = import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))

    assert done.outcome == Outcome.CREATED
    event = Event.objects.get()
    assert done.item.pk == event.pk
    assert (event.title, event.slug, event.status, event.language) == (
        "Peer-learning event on the inclusion of urban refugees in Kisumu",
        "peer-learning-event-on-the-inclusion-of-urban-refugees-in-kisumu",
        "draft",
        "en",
    )
    assert event.summary == (
        "The City of Kisumu and IGAD host a day of exchange between secondary cities."
    )
    assert (
        event.body == "Participants will compare how services reach refugees.\n\n\\# not a heading"
    )
    assert (event.start_date, event.end_date, event.date_precision) == (
        dt.date(2024, 3, 12),
        dt.date(2024, 3, 12),
        "day",
    )
    assert (event.start_time, event.timezone) == (None, "")
    assert (event.event_type, event.attendance_mode, event.city) == (
        "peer_learning",
        "in_person",
        kisumu,
    )
    assert event.program_status == "preliminary"
    assert (event.source_url, event.source_name) == (EN_ADDRESS, "igad-cities.example.org")
    assert list(event.cities.all()) == [kisumu]
    assert list(event.countries.values_list("code", flat=True)) == ["KE"]
    assert list(event.frameworks.values_list("code", flat=True)) == ["GCR"]
    assert list(event.actors.values_list("organisation__name", "role")) == [
        ("City of Kisumu", "organiser"),
        ("Intergovernmental Authority on Development", "organiser"),
        ("International Organization for Migration", "partner"),
    ]
    sessions = list(event.sessions.order_by("order"))
    assert [(s.title, s.kind, s.day, s.start_time, s.end_time, s.order) for s in sessions] == [
        ("Opening and welcome", "opening", dt.date(2024, 3, 12), dt.time(9), dt.time(9, 30), 0),
        (
            "Panel: municipal services for refugees",
            "panel",
            dt.date(2024, 3, 12),
            dt.time(9, 30),
            dt.time(11),
            1,
        ),
        ("Coffee break", "break", dt.date(2024, 3, 12), dt.time(11), dt.time(11, 15), 2),
        (
            "Closing and adoption of conclusions",
            "closing",
            dt.date(2024, 3, 12),
            dt.time(15, 30),
            dt.time(16),
            3,
        ),
    ]
    governor = Office.objects.get()
    assert (governor.title, governor.city) == ("Governor", kisumu)
    participants = Participant.objects.order_by("session__order", "order")
    assert [(p.session.order, p.office, p.organisation, p.role) for p in participants] == [
        (0, governor, None, "speaker"),
        (1, None, organisations["igad"], "speaker"),
    ]
    document = EventDocument.objects.get(event=event)
    assert document.role == "concept_note"
    resource = document.resource
    assert (resource.title, resource.resource_type, resource.status, resource.language) == (
        "Concept note",
        "concept_note",
        "draft",
        "en",
    )
    assert list(resource.actors.values_list("organisation__name", "role")) == [
        ("City of Kisumu", "organiser"),
        ("Intergovernmental Authority on Development", "organiser"),
        ("International Organization for Migration", "partner"),
    ]
    version = ResourceVersion.objects.get()
    assert (version.resource_id, version.language, version.url, version.format) == (
        resource.pk,
        "en",
        "https://igad-cities.example.org/files/kisumu-concept-note.pdf",
        "pdf",
    )


def test_the_source_keeps_everything_the_extractor_said(kisumu, organisations):
    done = import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))

    source = Source.objects.get()
    assert done.source == source
    assert (source.item_id, source.relation, source.status) == (done.item.pk, "created", "pending")
    assert (source.location, source.fetched_at, source.content_type) == (
        EN_ADDRESS,
        READ_AT,
        "text/html",
    )
    assert len(source.content_hash) == 64
    assert source.content_hash == origin(EN_TEXT).content_hash
    assert (source.language, source.text) == ("en", EN_TEXT)
    assert (
        source.record["title"] == "Peer-learning event on the inclusion of urban refugees in Kisumu"
    )
    assert source.confidence["partners"] == 0.4
    start = EN_TEXT.index("12 March 2024")
    assert source.evidence["start"] == [[start, start + len("12 March 2024")]]
    assert source.organisations["Kisumu Refugee Youth Network"] is None
    assert source.places == {"Kisumu": {"country": "KE", "city_id": kisumu.pk, "geonameid": 191245}}
    assert list(source.resources.values_list("title", flat=True)) == ["Concept note"]
    assert services.proposed_organisations(source) == ["Kisumu Refugee Youth Network"]


@pytest.mark.parametrize(
    ("start", "end", "dates", "precision"),
    [
        ("2024-03", None, (dt.date(2024, 3, 1), dt.date(2024, 3, 1)), "month"),
        ("2024-03", "2024-05", (dt.date(2024, 3, 1), dt.date(2024, 5, 1)), "month"),
        ("2022", "2022", (dt.date(2022, 1, 1), dt.date(2022, 1, 1)), "year"),
        ("2024-03-27", "2024-04", (dt.date(2024, 3, 1), dt.date(2024, 4, 1)), "month"),
        ("2019-02-27", "2019-03-01", (dt.date(2019, 2, 27), dt.date(2019, 3, 1)), "day"),
    ],
)
def test_dates_keep_the_precision_the_page_states(
    kisumu, organisations, start, end, dates, precision
):
    record = kisumu_event(kisumu, organisations, start=start, end=end, program=[])

    event = import_extraction(record, fetched=origin(f"{start} {end}")).item

    assert (event.start_date, event.end_date, event.date_precision) == (*dates, precision)


def test_times_with_an_offset_are_local_times_in_the_city_zone(kisumu, organisations):
    record = kisumu_event(
        kisumu, organisations, start="2024-03-12T06:00:00+00:00", end="2024-03-12T17:30:00+03:00"
    )

    event = import_extraction(record, fetched=origin("times")).item

    assert (event.start_date, event.start_time, event.end_time, event.timezone) == (
        dt.date(2024, 3, 12),
        dt.time(9),
        dt.time(17, 30),
        "Africa/Nairobi",
    )


def test_the_zone_the_page_states_wins_over_the_city_and_no_zone_falls_back_to_the_offset(
    kisumu, organisations
):
    stated = kisumu_event(
        kisumu, organisations, start="2024-03-12T10:00:00+01:00", timezone_name="Europe/Paris"
    )
    online = kisumu_event(
        kisumu,
        organisations,
        title="Webinar on municipal data about displacement",
        start="2024-05-02T14:00:00+03:00",
        end=None,
        city=None,
        attendance="virtual",
        places={},
        location="https://x.example.org/w",
    )

    paris = import_extraction(stated, fetched=origin("paris")).item
    webinar = import_extraction(online, fetched=origin("online", "https://x.example.org/w")).item

    assert (paris.start_time, paris.timezone) == (dt.time(10), "Europe/Paris")
    assert (webinar.start_time, webinar.end_time, webinar.timezone, webinar.city) == (
        dt.time(14),
        None,
        "Etc/GMT-3",
        None,
    )
    assert (webinar.event_type, webinar.attendance_mode) == ("webinar", "virtual")


def test_an_event_without_a_date_is_refused_and_nothing_is_written(kisumu, organisations):
    record = kisumu_event(kisumu, organisations, start=None, end=None)

    with pytest.raises(ValidationError) as refused:
        import_extraction(record, fetched=origin(EN_TEXT))

    assert refused.value.messages == [
        "The page announces an event but gives no date: add the event by hand."
    ]
    assert (Item.objects.count(), Source.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "job"}, "The page is neither an event nor news."),
        ({"title": "  "}, "The page has no title."),
        ({"language": "sw"}, "Pages in “sw” cannot be imported: the site has no such language."),
        (
            {"start": "2024-03-12", "end": "2024-03-10"},
            "The page's end date is before its start date.",
        ),
    ],
)
def test_bad_records_are_refused_with_a_plain_message(kisumu, organisations, changes, message):
    record = kisumu_event(kisumu, organisations, **changes)

    with pytest.raises(ValidationError) as refused:
        import_extraction(record, fetched=origin(EN_TEXT))

    assert refused.value.messages == [message]
    assert (Item.objects.count(), Source.objects.count(), Session.objects.count()) == (0, 0, 0)


def test_a_failure_late_in_the_import_leaves_no_half_written_draft(
    kisumu, organisations, monkeypatch
):
    def broken(event, extraction):
        raise ValidationError("The document could not be saved.")

    monkeypatch.setattr(drafts, "_add_documents", broken)

    with pytest.raises(ValidationError):
        import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))

    assert Item.objects.count() == 0
    assert (Session.objects.count(), ItemActor.objects.count(), Source.objects.count()) == (0, 0, 0)


def test_a_city_only_the_gazetteer_knows_is_added_to_the_directory(organisations):
    record = extraction(
        "Hub meeting of the network in Kumasi, 4 June 2024",
        kind="event",
        title="Hub meeting of the network in Kumasi",
        start="2024-06-04",
        city="Kumasi",
        country="GH",
        organizers=["International Organization for Migration"],
        places={"Kumasi": PlaceMatch("Kumasi", "GH", city_id=None, geonameid=2298890)},
        organisations={"International Organization for Migration": organisations["iom"].pk},
    )

    event = import_extraction(record, fetched=origin("kumasi")).item

    city = City.objects.get(geonameid=2298890)
    assert (city.name, city.slug, city.country_id, city.timezone, city.region) == (
        "Kumasi",
        "kumasi-gh",
        "GH",
        "Africa/Accra",
        "west_africa",
    )
    assert Country.objects.get(code="GH").name == "Ghana"
    assert (event.city, event.event_type) == (city, "hub_meeting")
    assert list(event.countries.values_list("code", flat=True)) == ["GH"]


def test_a_generic_title_gives_the_most_generic_event_type(kisumu, organisations):
    record = kisumu_event(kisumu, organisations, title="Cities and displacement: Kisumu 2024")

    assert import_extraction(record, fetched=origin("x")).item.event_type == "conference"


def test_two_drafts_with_the_same_title_get_different_slugs(organisations):
    first = extraction(
        "One",
        location="https://a.example.org/1",
        kind="news",
        title="Mayors meet in Sfax",
        start="2023-10-05",
    )
    second = extraction(
        "Two",
        location="https://a.example.org/2",
        kind="news",
        title="Mayors meet in Sfax",
        start="2023-10-06",
    )

    a = import_extraction(first, fetched=origin("one", "https://a.example.org/1")).item
    b = import_extraction(second, fetched=origin("two", "https://a.example.org/2")).item

    assert (a.slug, b.slug) == ("mayors-meet-in-sfax", "mayors-meet-in-sfax-2")


# -- importing news -----------------------------------------------------------------------
def test_a_news_page_becomes_a_draft_story(organisations):
    record = extraction(
        "Press release: Mediterranean mayors sign a declaration on inclusion",
        kind="news",
        title="Press release: Mediterranean mayors sign a declaration on inclusion",
        start="2023-10-05",
        organizers=["International Organization for Migration"],
        partners=["Center for Mediterranean Integration"],
        organisations={
            "International Organization for Migration": organisations["iom"].pk,
            "Center for Mediterranean Integration": None,
        },
        language="en",
    )

    story = import_extraction(record, fetched=origin("press")).item

    assert isinstance(story, Story)
    assert (story.news_type, story.status) == ("press_release", "draft")
    assert timezone.localtime(story.published_at).date() == dt.date(2023, 10, 5)
    assert list(story.actors.values_list("organisation__name", "role")) == [
        ("International Organization for Migration", "publisher")
    ]


def test_news_dated_to_a_month_has_no_publication_date(organisations):
    record = extraction("Update", kind="news", title="Network update", start="2023-10")

    assert import_extraction(record, fetched=origin("update")).item.published_at is None


# -- who may import -----------------------------------------------------------------------
def test_an_editor_imports_the_pages_of_their_organisations_only(
    kisumu, organisations, django_user_model
):
    mine = editor_for(django_user_model, organisations["iom"], "iom")
    other = editor_for(django_user_model, OrganisationFactory(name="Elsewhere"), "elsewhere")
    participant = django_user_model.objects.create_user("participant")

    with pytest.raises(PermissionDenied):
        import_extraction(kisumu_event(kisumu, organisations), fetched=origin("a"), by=participant)
    with pytest.raises(ValidationError) as refused:
        import_extraction(kisumu_event(kisumu, organisations), fetched=origin("a"), by=other)
    assert "None of the organisers or partners" in refused.value.messages[0]
    assert Item.objects.count() == 0

    done = import_extraction(kisumu_event(kisumu, organisations), fetched=origin("a"), by=mine)

    assert done.outcome == Outcome.CREATED
    assert done.source.imported_by == mine


# -- accepting and rejecting --------------------------------------------------------------
def test_accepting_marks_the_import_and_leaves_the_draft_a_draft(kisumu, organisations, admin_user):
    source = import_extraction(kisumu_event(kisumu, organisations), fetched=origin("a")).source

    services.accept(source, by=admin_user)

    source.refresh_from_db()
    assert (source.status, source.reviewed_by) == ("accepted", admin_user)
    assert source.reviewed_at is not None
    assert Event.objects.get().status == "draft"
    with pytest.raises(ValidationError) as refused:
        services.accept(source, by=admin_user)
    assert refused.value.messages == ["This import was accepted already."]


def test_an_editor_of_another_organisation_cannot_accept(kisumu, organisations, django_user_model):
    source = import_extraction(kisumu_event(kisumu, organisations), fetched=origin("a")).source
    other = editor_for(django_user_model, OrganisationFactory(name="Elsewhere"))

    with pytest.raises(PermissionDenied):
        services.accept(source, by=other)
    with pytest.raises(PermissionDenied):
        services.reject(source, by=other)

    source.refresh_from_db()
    assert source.status == "pending"


def test_rejecting_deletes_the_draft_with_what_it_created_and_remembers_the_page(
    kisumu, organisations, admin_user
):
    fetched = origin(EN_TEXT)
    source = import_extraction(kisumu_event(kisumu, organisations), fetched=fetched).source

    services.reject(source, by=admin_user)

    assert (Item.objects.count(), Session.objects.count(), Resource.objects.count()) == (0, 0, 0)
    source.refresh_from_db()
    assert (source.item, source.status, source.reviewed_by) == (None, "rejected", admin_user)
    assert Office.objects.count() == 1  # a city's office is the directory's, and stays
    again = import_extraction(kisumu_event(kisumu, organisations), fetched=fetched)
    assert (again.outcome, again.item, again.source) == (Outcome.REJECTED_BEFORE, None, None)
    assert (Item.objects.count(), Source.objects.count()) == (0, 1)


def test_a_draft_no_longer_a_draft_or_with_other_pages_is_not_rejected(kisumu, organisations):
    source = import_extraction(kisumu_event(kisumu, organisations), fetched=origin("a")).source
    Item.objects.filter(pk=source.item_id).update(status="published", published_at=timezone.now())
    source.item.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.reject(source)
    assert refused.value.messages == [
        "“Peer-learning event on the inclusion of urban refugees in Kisumu” is no longer a "
        "draft: archive it instead of rejecting the import."
    ]

    Item.objects.filter(pk=source.item_id).update(status="draft")
    source.item.refresh_from_db()
    copy = kisumu_event(
        kisumu,
        organisations,
        title="Kisumu peer-learning event",
        location="https://other.example.org/kisumu",
    )
    linked = import_extraction(copy, fetched=origin("b", "https://other.example.org/kisumu"))
    assert linked.outcome == Outcome.LINKED
    with pytest.raises(ValidationError) as refused:
        services.reject(source)
    assert refused.value.messages == [
        "Other imported pages are linked to this draft: split or reject them first."
    ]
    assert Event.objects.count() == 1


def test_rejecting_a_translation_deletes_it_and_keeps_the_item(kisumu, organisations):
    import_extraction(kisumu_event(kisumu, organisations), fetched=origin("en"))
    french = kisumu_event(
        kisumu,
        organisations,
        language="fr",
        title="Apprentissage entre pairs à Kisumu",
        location=FR_ADDRESS,
    )
    source = import_extraction(french, fetched=origin("fr", FR_ADDRESS)).source
    assert ItemTranslation.objects.count() == 1

    services.reject(source)

    assert (ItemTranslation.objects.count(), Event.objects.count()) == (0, 1)
    source.refresh_from_db()
    assert (source.item, source.status) == (None, "rejected")


# -- merging and splitting ----------------------------------------------------------------
def _french_draft(kisumu) -> Item:
    """A French draft of the Kisumu event the importer did not recognise (no city, no
    organiser in common)."""
    record = extraction(
        "Événement d'apprentissage entre pairs à Kisumu, 12 mars 2024",
        location=FR_ADDRESS,
        language="fr",
        kind="event",
        title="Événement d'apprentissage entre pairs à Kisumu",
        start="2024-03-12",
        documents=[{"title": "Rapport final", "language": "fr"}],
    )
    return import_extraction(record, fetched=origin("fr", FR_ADDRESS)).item


def test_merging_moves_the_sources_and_makes_the_other_language_a_translation(
    kisumu, organisations, admin_user
):
    english = import_extraction(kisumu_event(kisumu, organisations), fetched=origin("en")).item
    french = _french_draft(kisumu)
    assert Item.objects.count() == 4  # two events and their documents

    services.merge(into=english, other=french, by=admin_user)

    assert not Item.objects.filter(pk=french.pk).exists()
    translation = ItemTranslation.objects.get()
    assert (translation.item_id, translation.language, translation.title) == (
        english.pk,
        "fr",
        "Événement d'apprentissage entre pairs à Kisumu",
    )
    assert list(Source.objects.order_by("pk").values_list("item_id", "relation", "language")) == [
        (english.pk, "created", "en"),
        (english.pk, "translation", "fr"),
    ]
    assert sorted(EventDocument.objects.values_list("event_id", "role")) == [
        (english.pk, "concept_note"),
        (english.pk, "report"),
    ]


def test_only_a_draft_of_the_same_kind_may_be_merged_away(kisumu, organisations):
    english = import_extraction(kisumu_event(kisumu, organisations), fetched=origin("en")).item
    published = EventFactory(title="Published already")
    story = import_extraction(
        extraction("n", location="https://n.example.org", kind="news", title="A story"),
        fetched=origin("n", "https://n.example.org"),
    ).item

    with pytest.raises(ValidationError) as refused:
        services.merge(into=english, other=published)
    assert refused.value.messages == [
        "Only a draft can be merged into another item: “Published already” is published."
    ]
    with pytest.raises(ValidationError) as refused:
        services.merge(into=english, other=story)
    assert refused.value.messages == ["Only items of the same kind can be merged."]
    with pytest.raises(ValidationError) as refused:
        services.merge(into=english, other=english)
    assert refused.value.messages == ["An item cannot be merged into itself."]
    assert Event.objects.count() == 2


def test_splitting_makes_a_linked_page_a_draft_of_its_own(kisumu, organisations, admin_user):
    english = import_extraction(kisumu_event(kisumu, organisations), fetched=origin("en")).item
    french = kisumu_event(
        kisumu,
        organisations,
        language="fr",
        title="Apprentissage entre pairs à Kisumu",
        location=FR_ADDRESS,
    )
    source = import_extraction(french, fetched=origin("fr", FR_ADDRESS)).source
    services.accept(source)

    item = services.split(source, by=admin_user)

    assert item.pk != english.pk
    assert (item.title, item.language, item.status) == (
        "Apprentissage entre pairs à Kisumu",
        "fr",
        "draft",
    )
    assert ItemTranslation.objects.count() == 0
    source.refresh_from_db()
    assert (source.item_id, source.relation, source.status, source.reviewed_at) == (
        item.pk,
        "created",
        "pending",
        None,
    )
    assert list(source.resources.values_list("title", flat=True)) == ["Concept note"]
    with pytest.raises(ValidationError) as refused:
        services.split(source)
    assert refused.value.messages == ["This page made its item: there is nothing to split it from."]


# -- organisations the directory lacks ----------------------------------------------------
def test_a_proposed_organisation_is_added_with_its_roles(kisumu, organisations, admin_user):
    source = import_extraction(kisumu_event(kisumu, organisations), fetched=origin("en")).source

    network = services.create_organisation(
        source, name="Kisumu Refugee Youth Network", kind="refugee_led", by=admin_user
    )

    assert (network.name, network.slug, network.kind) == (
        "Kisumu Refugee Youth Network",
        "kisumu-refugee-youth-network",
        "refugee_led",
    )
    source.refresh_from_db()
    assert source.organisations["Kisumu Refugee Youth Network"] == network.pk
    assert services.proposed_organisations(source) == []
    panel = Session.objects.get(order=1)
    assert list(panel.participants.values_list("organisation__name", flat=True)) == [
        "Intergovernmental Authority on Development",
        "Kisumu Refugee Youth Network",
    ]
    with pytest.raises(ValidationError) as refused:
        services.create_organisation(source, name="Kisumu Refugee Youth Network", kind="ngo")
    assert refused.value.messages == [
        "“Kisumu Refugee Youth Network” is not an organisation this page proposes."
    ]


def test_a_proposed_organisation_is_added_as_an_actor_in_the_role_the_page_gives(
    kisumu, organisations
):
    record = kisumu_event(
        kisumu,
        organisations,
        partners=["International Organization for Migration", "Kisumu Refugee Youth Network"],
    )
    source = import_extraction(record, fetched=origin("en")).source

    services.create_organisation(source, name="Kisumu Refugee Youth Network", kind="refugee_led")

    assert (
        ItemActor.objects.filter(
            item=source.item, organisation__name="Kisumu Refugee Youth Network"
        )
        .values_list("role", flat=True)
        .get()
        == "partner"
    )


def test_only_those_who_edit_the_directory_add_organisations(
    kisumu, organisations, django_user_model
):
    source = import_extraction(kisumu_event(kisumu, organisations), fetched=origin("en")).source
    editor = editor_for(django_user_model, organisations["city"])  # the draft's organiser

    with pytest.raises(PermissionDenied):
        services.create_organisation(
            source, name="Kisumu Refugee Youth Network", kind="ngo", by=editor
        )
    assert not Organisation.objects.filter(name="Kisumu Refugee Youth Network").exists()


# -- text -------------------------------------------------------------------------------
def test_plain_text_is_kept_as_it_reads_in_markdown():
    text = "# Budget\n1. first\n*not emphasis* and [not a link](x) <b>\n\n  - dash"

    assert drafts.as_markdown(text) == (
        "\\# Budget\n\n1\\. first\n\n\\*not emphasis\\* and \\[not a link\\](x) \\<b\\>\n\n\\- dash"
    )


def test_a_long_summary_is_cut_at_a_word():
    summary = drafts._summary("word " * 200)

    assert len(summary) <= 600
    assert summary.endswith("word…")


def test_the_origin_of_bytes_is_their_sha256():
    assert Origin.of(b"abc", location="a.txt", fetched_at=READ_AT).content_hash == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_an_event_with_a_stated_year_and_known_parent(kisumu, organisations):
    forum = EventFactory(title="Africities Summit 2022", slug="africities-2022")
    record = kisumu_event(
        kisumu,
        organisations,
        title="Workshop on secondary cities at Africities",
        start="2022",
        end=None,
        parent_event="Africities Summit 2022",
        program=[],
    )

    event = import_extraction(record, fetched=origin("africities")).item

    assert (event.parent_id, event.event_type, event.date_precision) == (
        forum.pk,
        "workshop",
        "year",
    )


def test_a_stale_organisation_id_is_left_out(kisumu, organisations):
    record = kisumu_event(
        kisumu,
        organisations,
        organisations={
            "City of Kisumu": 999999,
            "Intergovernmental Authority on Development": None,
        },
        partners=[],
    )

    event = import_extraction(record, fetched=origin("stale")).item

    assert event.actors.count() == 0
    assert (Source.objects.get().status, Source.objects.get().relation) == (
        ReviewStatus.PENDING,
        Relation.CREATED,
    )


# -- importing a whole input --------------------------------------------------------------
READERS = Path(__file__).resolve().parent / "fixtures" / "readers"
TWO_EVENTS = READERS / "two_events.ics"


class FakeFetcher:
    """Answers every location with the bytes of a fixture file, as a web server would."""

    def __init__(self, path: Path | None, content_type: str | None = None) -> None:
        self.path, self.content_type, self.asked = path, content_type, []

    def fetch(self, location: str) -> Fetched:
        self.asked.append(location)
        if self.path is None:
            raise FetchError(f"{location} answered with an error: 404 Not Found.")
        return Fetched(self.path.read_bytes(), self.content_type, location, READ_AT)


@pytest.fixture
def network():
    """The organiser of the first event of ``two_events.ics`` (the second names none)."""
    return OrganisationFactory(name="Mediterranean Host Municipalities Learning Network")


def import_file(path: Path, **options) -> list[services.PageResult]:
    return services.import_data(
        path.read_bytes(),
        location=path.name,
        content_type=None,
        fetched_at=READ_AT,
        directory=Directory.from_database(),
        **options,
    )


def test_each_page_of_a_calendar_is_imported_at_its_own_source(network):
    results = import_file(TWO_EVENTS)

    assert [(r.source, r.outcome.outcome, r.error) for r in results] == [
        ("two_events.ics#1", Outcome.CREATED, ""),
        ("two_events.ics#2", Outcome.CREATED, ""),
    ]
    sources = Source.objects.order_by("pk")
    assert list(sources.values_list("location", "item__title", "content_hash")) == [
        (
            "two_events.ics#1",
            "Workshop: cities and the Global Compact for Migration",
            Origin.of(TWO_EVENTS.read_bytes(), location="", fetched_at=READ_AT).content_hash,
        ),
        (
            "two_events.ics#2",
            "Side event on local data about displacement",
            Origin.of(TWO_EVENTS.read_bytes(), location="", fetched_at=READ_AT).content_hash,
        ),
    ]
    assert set(Event.objects.values_list("source_name", "source_url")) == {("two_events.ics", "")}
    assert list(Event.objects.get(title__startswith="Workshop").actors.values_list("role")) == [
        ("organiser",)
    ]

    again = import_file(TWO_EVENTS)

    assert [(r.source, r.outcome.outcome) for r in again] == [
        ("two_events.ics#1", Outcome.SAME_BYTES),
        ("two_events.ics#2", Outcome.SAME_BYTES),
    ]
    assert (Event.objects.count(), Source.objects.count()) == (2, 2)


def test_a_page_refused_leaves_the_other_pages_of_the_file_imported(network, django_user_model):
    editor = editor_for(django_user_model, network)

    first, second = import_file(TWO_EVENTS, by=editor)

    assert (first.outcome.outcome, first.error, first.outcome.source.imported_by) == (
        Outcome.CREATED,
        "",
        editor,
    )
    assert (second.source, second.outcome) == ("two_events.ics#2", None)
    assert second.error.startswith("None of the organisers or partners of this page is an ")
    assert list(Event.objects.values_list("title", flat=True)) == [
        "Workshop: cities and the Global Compact for Migration"
    ]
    assert Source.objects.count() == 1


def test_a_page_duplicating_an_item_the_editor_cannot_edit_is_refused(django_user_model):
    igad = OrganisationFactory(name="Intergovernmental Authority on Development")
    known = EventFactory(
        title="Annual meeting of the regional network of secondary cities",
        start_date=dt.date(2024, 3, 12),
    )

    (result,) = import_file(READERS / "allday.ics", by=editor_for(django_user_model, igad))

    assert (result.source, result.outcome, result.error) == (
        "allday.ics",
        None,
        f"You cannot edit “{known.title}”.",
    )
    assert (Event.objects.count(), Source.objects.count()) == (1, 0)


def test_a_web_address_is_fetched_and_each_entry_of_its_feed_imported():
    fetcher = FakeFetcher(READERS / "news.rss", "application/rss+xml; charset=utf-8")
    link = "https://villes.example.org/actualites/charte-kisumu"

    results = services.import_location(
        "https://villes.example.org/feed", directory=Directory.from_database(), fetcher=fetcher
    )

    assert fetcher.asked == ["https://villes.example.org/feed"]
    assert [(r.source, r.outcome.outcome) for r in results] == [(link, Outcome.CREATED)]
    story = Story.objects.get()
    assert (story.title, story.language, story.source_url, story.source_name) == (
        "Une charte locale sur la migration adoptée à Kisumu",
        "fr",
        link,
        "villes.example.org",
    )
    source = Source.objects.get()
    assert (source.location, source.canonical, source.content_type, source.fetched_at) == (
        link,
        link,
        "application/rss+xml; charset=utf-8",
        READ_AT,
    )


def test_a_file_is_read_by_the_fetcher_for_its_path():
    path = READERS / "allday.ics"

    (result,) = services.import_location(str(path), directory=Directory.from_database())

    assert (result.source, result.outcome.outcome) == (str(path), Outcome.CREATED)
    assert Source.objects.get().canonical == (
        "https://crossroads.example.org/events/annual-meeting-2024"
    )


def test_an_input_that_cannot_be_read_at_all_is_refused_whole(django_user_model):
    directory = Directory.from_database()

    with pytest.raises(UnreadableInput):
        import_file(READERS / "empty.txt")
    with pytest.raises(UnreadableInput):
        import_file(READERS / "image.png")
    with pytest.raises(FetchError):
        services.import_location(
            "https://x.example.org/gone", directory=directory, fetcher=FakeFetcher(None)
        )
    participant = django_user_model.objects.create_user("participant")
    never = FakeFetcher(TWO_EVENTS)
    with pytest.raises(PermissionDenied):
        services.import_location(
            "https://x.example.org/cal.ics", directory=directory, by=participant, fetcher=never
        )

    assert never.asked == []
    assert (Item.objects.count(), Source.objects.count()) == (0, 0)


# -- two imports at once ------------------------------------------------------------------
def test_an_import_the_database_refuses_reports_the_same_bytes_and_the_caller_goes_on(
    kisumu, organisations, monkeypatch
):
    first = import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))
    find_duplicate, looked = dedup.find_duplicate, []

    def too_early(extraction, *, content_hash):
        """The first look misses the first import, as if it had not committed yet."""
        looked.append(extraction.page.source)
        return None if len(looked) == 1 else find_duplicate(extraction, content_hash=content_hash)

    monkeypatch.setattr(dedup, "find_duplicate", too_early)

    with transaction.atomic():
        again = import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))
        OrganisationFactory(name="Written after")  # the caller's transaction goes on

    assert (again.outcome, again.item.pk, again.source) == (Outcome.SAME_BYTES, first.item.pk, None)
    assert looked == [EN_ADDRESS, EN_ADDRESS]
    assert (Event.objects.count(), Source.objects.count(), Resource.objects.count()) == (1, 1, 1)
    assert Organisation.objects.filter(name="Written after").exists()


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_bytes_at_once_make_one_draft(
    kisumu, organisations, monkeypatch, caplog
):
    """Each import runs in a thread with a connection of its own; both look for
    duplicates before either writes (they wait for each other there), so that only the
    database can keep the second from writing a draft."""
    find_duplicate, both_looked, first_look = dedup.find_duplicate, threading.Barrier(2), set()

    def look_then_wait(extraction, *, content_hash):
        found = find_duplicate(extraction, content_hash=content_hash)
        if threading.get_ident() not in first_look:
            first_look.add(threading.get_ident())
            both_looked.wait(timeout=30)
        return found

    monkeypatch.setattr(dedup, "find_duplicate", look_then_wait)

    def run(_n):
        try:
            return import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        created, skipped = sorted(pool.map(run, range(2)), key=lambda done: done.outcome)

    assert (created.outcome, skipped.outcome) == (Outcome.CREATED, Outcome.SAME_BYTES)
    assert (skipped.item.pk, skipped.source) == (created.item.pk, None)
    assert "met another import: looking again" in caplog.text
    assert (Event.objects.count(), Source.objects.count(), Session.objects.count()) == (1, 1, 4)
    assert Resource.objects.count() == 1
