"""Finding what an imported page duplicates: the same bytes, the same address, the same
event in another language or from another site."""

import datetime as dt

import pytest

from crossroads.content.models import ItemTranslation
from crossroads.events.models import Event
from crossroads.ingest import dedup
from crossroads.ingest.dedup import Moment, Reason, find_duplicate, title_similarity, words
from crossroads.ingest.models import Source
from crossroads.ingest.records import PlaceMatch
from crossroads.ingest.services import Outcome, import_extraction, reject
from crossroads.news.models import Story
from tests.factories import (
    CityFactory,
    CountryFactory,
    EventFactory,
    ItemActorFactory,
    OrganisationFactory,
    StoryFactory,
)
from tests.ingest.test_services import (
    EN_ADDRESS,
    EN_TEXT,
    FR_ADDRESS,
    extraction,
    kisumu_event,
    origin,
)

pytestmark = pytest.mark.django_db

FR_TEXT = "\n".join(
    [
        "Événement d'apprentissage entre pairs à Kisumu",
        "Le 12 mars 2024, la ville de Kisumu et l'Autorité intergouvernementale pour le "
        "développement réunissent les villes secondaires de la Corne de l'Afrique.",
        "Les participants comparent l'accès des réfugiés aux services municipaux.",
    ]
)


@pytest.fixture
def kisumu():
    return CityFactory(
        name="Kisumu", slug="kisumu", geonameid=191245, country=CountryFactory(code="KE")
    )


@pytest.fixture
def organisations():
    return {
        "city": OrganisationFactory(name="City of Kisumu", kind="local_government"),
        "igad": OrganisationFactory(name="Intergovernmental Authority on Development"),
        "iom": OrganisationFactory(name="International Organization for Migration"),
    }


def french_page(kisumu, organisations, **changes):
    """The French page of the Kisumu event: its title shares no word but the city's with
    the English one; the city and an organiser are the same."""
    fields = {
        "location": FR_ADDRESS,
        "language": "fr",
        "kind": "event",
        "title": "Événement d'apprentissage entre pairs à Kisumu",
        "start": "2024-03-12",
        "end": "2024-03-12",
        "city": "Kisumu",
        "country": "KE",
        "organizers": ["City of Kisumu", "Intergovernmental Authority on Development"],
        "organisations": {
            "City of Kisumu": organisations["city"].pk,
            "Intergovernmental Authority on Development": organisations["igad"].pk,
        },
        "places": {"Kisumu": PlaceMatch("Kisumu", "KE", city_id=kisumu.pk, geonameid=191245)},
        "summary": "La ville de Kisumu et l'IGAD réunissent les villes secondaires.",
        "body": "Les participants comparent l'accès des réfugiés aux services municipaux.",
    }
    return extraction(FR_TEXT, **(fields | changes))


# -- words and dates ----------------------------------------------------------------------
def test_titles_are_compared_on_their_words_without_accents_case_or_stop_words():
    assert words("Événement d'apprentissage entre pairs à Kisumu") == {
        "evenement",
        "apprentissage",
        "pairs",
        "kisumu",
    }
    assert title_similarity("Peer-learning event in Kisumu", "KISUMU: peer learning event") == 1.0
    assert title_similarity("Hub meeting in Kumasi", "Workshop on housing in Sfax") == 0.0
    assert title_similarity("Hub meeting in Kumasi", "Hub meeting in Sfax") == pytest.approx(2 / 3)
    assert title_similarity("The", "Of the") == 0.0


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2024-03-12", Moment(dt.date(2024, 3, 12), "day")),
        ("2024-03", Moment(dt.date(2024, 3, 1), "month")),
        ("2022", Moment(dt.date(2022, 1, 1), "year")),
        (
            "2024-03-12T09:00:00+03:00",
            Moment(
                dt.date(2024, 3, 12),
                "day",
                dt.datetime(2024, 3, 12, 9, tzinfo=dt.timezone(dt.timedelta(hours=3))),
            ),
        ),
        ("2024-03-12T09:00:00", Moment(dt.date(2024, 3, 12), "day")),
        ("March 2024", None),
        ("2024-13-40T99", None),
        ("", None),
        (None, None),
    ],
)
def test_record_dates_are_read_at_their_precision(text, moment):
    assert dedup.read_moment(text) == moment


def test_starts_are_the_same_at_the_coarser_precision():
    day = Moment(dt.date(2024, 3, 12), "day")
    assert dedup.same_start(day, Moment(dt.date(2024, 3, 1), "month"))
    assert dedup.same_start(day, Moment(dt.date(2024, 1, 1), "year"))
    assert not dedup.same_start(day, Moment(dt.date(2024, 3, 13), "day"))
    assert not dedup.same_start(day, Moment(dt.date(2024, 4, 1), "month"))


# -- the same bytes, the same address -----------------------------------------------------
def test_the_same_bytes_imported_again_are_skipped(kisumu, organisations):
    first = import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))

    again = import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))

    assert (again.outcome, again.item.pk, again.source) == (Outcome.SAME_BYTES, first.item.pk, None)
    assert (Event.objects.count(), Source.objects.count()) == (1, 1)


def test_pages_of_one_file_share_its_bytes_and_are_each_imported_at_their_own_source(
    organisations,
):
    feed = "<feed>two entries</feed>"
    one = extraction(
        "Mayors meet in Sfax", location="feed.xml#1", kind="news", title="Mayors meet in Sfax"
    )
    two = extraction(
        "Kumasi opens a centre", location="feed.xml#2", kind="news", title="Kumasi opens a centre"
    )

    first = import_extraction(one, fetched=origin(feed, "feed.xml"))
    second = import_extraction(two, fetched=origin(feed, "feed.xml"))

    assert (first.outcome, second.outcome) == (Outcome.CREATED, Outcome.CREATED)
    assert first.item != second.item
    assert list(Source.objects.order_by("pk").values_list("location", "content_hash")) == [
        ("feed.xml#1", origin(feed).content_hash),
        ("feed.xml#2", origin(feed).content_hash),
    ]
    assert import_extraction(two, fetched=origin(feed, "feed.xml")).outcome == Outcome.SAME_BYTES


def test_the_same_bytes_read_from_elsewhere_are_the_same_page(kisumu, organisations):
    first = import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))
    copy = kisumu_event(kisumu, organisations, location="/srv/imports/kisumu.html")

    again = import_extraction(copy, fetched=origin(EN_TEXT, "/srv/imports/kisumu.html"))

    assert (again.outcome, again.item.pk) == (Outcome.SAME_BYTES, first.item.pk)


def test_a_page_changed_at_the_same_address_is_reported_and_nothing_is_updated(
    kisumu, organisations
):
    first = import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))
    # Retitled as well as postponed: the address alone says it is the same page.
    changed = kisumu_event(
        kisumu, organisations, title="Postponed: Kisumu hub day", start="2024-03-19"
    )

    again = import_extraction(changed, fetched=origin(EN_TEXT + " (postponed)"))

    assert (again.outcome, again.item.pk, again.source) == (
        Outcome.SAME_ADDRESS,
        first.item.pk,
        None,
    )
    assert Event.objects.get().start_date == dt.date(2024, 3, 12)
    assert Source.objects.count() == 1


def test_a_page_stating_an_imported_address_as_its_own_is_the_same_page(kisumu, organisations):
    first = import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))
    tracked = f"{EN_ADDRESS}?utm_source=newsletter"
    shared = kisumu_event(
        kisumu, organisations, location=tracked, facts={"url": EN_ADDRESS}, start="2024-03-19"
    )

    again = import_extraction(shared, fetched=origin("shared", tracked))

    assert (again.outcome, again.item.pk) == (Outcome.SAME_ADDRESS, first.item.pk)


def test_a_page_at_the_address_an_import_stated_as_its_own_is_the_same_page(kisumu, organisations):
    tracked = f"{EN_ADDRESS}?utm_source=newsletter"
    shared = kisumu_event(kisumu, organisations, location=tracked, facts={"url": EN_ADDRESS})
    first = import_extraction(shared, fetched=origin("shared", tracked))
    assert Source.objects.get().canonical == EN_ADDRESS

    again = import_extraction(
        kisumu_event(kisumu, organisations, start="2024-03-19"), fetched=origin(EN_TEXT)
    )

    assert (again.outcome, again.item.pk) == (Outcome.SAME_ADDRESS, first.item.pk)


def test_a_page_changed_since_it_was_rejected_is_imported_again(kisumu, organisations):
    rejected = import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))
    reject(rejected.source)

    again = import_extraction(
        kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT + " (corrected)")
    )

    assert again.outcome == Outcome.CREATED
    assert list(Source.objects.order_by("pk").values_list("status", flat=True)) == [
        "rejected",
        "pending",
    ]


# -- the same event -----------------------------------------------------------------------
def test_the_french_page_of_an_english_event_becomes_its_translation(kisumu, organisations):
    english = import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))

    french = import_extraction(
        french_page(kisumu, organisations), fetched=origin(FR_TEXT, FR_ADDRESS)
    )

    assert (french.outcome, french.item) == (Outcome.TRANSLATION, english.item)
    translation = ItemTranslation.objects.get()
    assert (translation.item_id, translation.language, translation.title) == (
        english.item.pk,
        "fr",
        "Événement d'apprentissage entre pairs à Kisumu",
    )
    assert translation.summary == "La ville de Kisumu et l'IGAD réunissent les villes secondaires."
    assert french.source.relation == "translation"
    assert Event.objects.count() == 1


def test_a_second_french_page_is_another_source_once_the_translation_exists(kisumu, organisations):
    english = import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))
    import_extraction(french_page(kisumu, organisations), fetched=origin(FR_TEXT, FR_ADDRESS))
    elsewhere = "https://ville-kisumu.example.org/agenda/apprentissage"

    again = import_extraction(
        french_page(kisumu, organisations, location=elsewhere),
        fetched=origin(FR_TEXT + " Inscriptions ouvertes.", elsewhere),
    )

    assert (again.outcome, again.item, again.source.relation) == (
        Outcome.LINKED,
        english.item,
        "source",
    )
    assert ItemTranslation.objects.count() == 1


def test_a_similar_title_on_the_same_day_is_the_same_event_in_the_same_language(
    kisumu, organisations
):
    english = import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))
    partner = "https://iom.example.org/news/kisumu"
    retold = kisumu_event(
        kisumu,
        organisations,
        title="Kisumu: peer learning on the inclusion of urban refugees",
        city=None,
        organizers=[],
        places={},
        location=partner,
    )

    linked = import_extraction(retold, fetched=origin("IOM's account", partner))

    assert (linked.outcome, linked.item, linked.source.relation) == (
        Outcome.LINKED,
        english.item,
        "source",
    )


def test_two_events_on_the_same_day_in_different_cities_are_not_merged(organisations):
    sfax = CityFactory(name="Sfax", country=CountryFactory(code="TN", name="Tunisia"))
    kumasi = CityFactory(name="Kumasi", country=CountryFactory(code="GH", name="Ghana"))
    iom = {"International Organization for Migration": organisations["iom"].pk}

    def page(title, city, address):
        record = extraction(
            title,
            location=address,
            kind="event",
            title=title,
            start="2024-06-04",
            city=city.name,
            organizers=["International Organization for Migration"],
            organisations=iom,
            places={city.name: PlaceMatch(city.name, None, city_id=city.pk)},
        )
        return import_extraction(record, fetched=origin(title, address))

    first = page("Hub meeting of the Mediterranean network in Sfax", sfax, "https://a.example.org")
    second = page("Workshop on labour migration in Kumasi", kumasi, "https://b.example.org")

    assert (first.outcome, second.outcome) == (Outcome.CREATED, Outcome.CREATED)
    assert Event.objects.count() == 2


def test_the_same_title_on_another_day_is_another_event(kisumu, organisations):
    import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))
    next_year = kisumu_event(
        kisumu,
        organisations,
        start="2025-03-12",
        end="2025-03-12",
        location="https://igad-cities.example.org/events/kisumu-2025",
    )

    done = import_extraction(
        next_year, fetched=origin("2025", "https://igad-cities.example.org/2025")
    )

    assert done.outcome == Outcome.CREATED
    assert Event.objects.count() == 2


def test_an_event_known_to_the_month_matches_a_page_giving_the_day(kisumu, organisations):
    known = EventFactory(
        title="Peer-learning event on urban refugees, Kisumu",
        start_date=dt.date(2024, 3, 1),
        date_precision="month",
        status="published",
    )

    done = import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))

    assert (done.outcome, done.item.pk) == (Outcome.LINKED, known.pk)


def test_same_city_and_a_shared_organiser_match_without_a_similar_title(kisumu, organisations):
    known = EventFactory(
        title="Cities learning together", start_date=dt.date(2024, 3, 12), city=kisumu
    )
    ItemActorFactory(item=known, organisation=organisations["igad"], role="host")

    facts = dedup.facts_of_extraction(kisumu_event(kisumu, organisations))

    assert dedup.same_event(facts) == known
    assert dedup.same_event(dedup.EventFacts("Cities learning together", facts.start)) == known
    assert (
        dedup.same_event(dedup.EventFacts("Budget talks", facts.start, city_id=kisumu.pk)) is None
    )


# -- the same story -------------------------------------------------------------------------
FORUM_EN = "Kumasi Migration Forum 2023 closes with a call to the cities"
FORUM_FR = "Clôture du Forum migration Kumasi 2023"


def story_page(title: str, address: str, *, start: str = "2023-10-05", language: str = "en"):
    return extraction(
        f"{title}\nPublished {start}",
        location=address,
        language=language,
        kind="news",
        title=title,
        start=start,
        summary=f"{title}.",
    )


def test_a_similar_title_published_the_same_day_in_the_same_language_is_the_same_story():
    first = import_extraction(
        story_page(FORUM_EN, "https://a.example.org/forum"), fetched=origin("a")
    )
    retold = "Kumasi Migration Forum 2023 closes"

    again = import_extraction(
        story_page(retold, "https://b.example.org/news/forum"), fetched=origin("b")
    )

    assert (again.outcome, again.item, again.source.relation) == (
        Outcome.LINKED,
        first.item,
        "source",
    )
    assert (Story.objects.count(), ItemTranslation.objects.count()) == (1, 0)


def test_a_similar_title_published_the_same_day_in_another_language_is_a_translation():
    first = import_extraction(
        story_page(FORUM_EN, "https://a.example.org/forum"), fetched=origin("a")
    )

    french = import_extraction(
        story_page(FORUM_FR, "https://a.example.org/fr/forum", language="fr"),
        fetched=origin("fr"),
    )

    assert (french.outcome, french.item, french.source.relation) == (
        Outcome.TRANSLATION,
        first.item,
        "translation",
    )
    translation = ItemTranslation.objects.get()
    assert (translation.item_id, translation.language, translation.title) == (
        first.item.pk,
        "fr",
        FORUM_FR,
    )
    assert Story.objects.count() == 1


def test_a_similar_title_published_another_day_is_another_story():
    import_extraction(story_page(FORUM_EN, "https://a.example.org/forum"), fetched=origin("a"))

    later = import_extraction(
        story_page(FORUM_EN, "https://a.example.org/forum-2", start="2023-10-06"),
        fetched=origin("b"),
    )

    assert later.outcome == Outcome.CREATED
    assert Story.objects.count() == 2


def test_a_story_dated_to_the_month_matches_one_published_on_a_day_of_it():
    first = import_extraction(
        story_page(FORUM_EN, "https://a.example.org/forum"), fetched=origin("a")
    )

    monthly = import_extraction(
        story_page(FORUM_EN, "https://digest.example.org/2023-10", start="2023-10"),
        fetched=origin("digest"),
    )
    unrelated = import_extraction(
        story_page("Sfax opens a reception centre", "https://c.example.org", start="2023-10"),
        fetched=origin("c"),
    )

    assert (monthly.outcome, monthly.item) == (Outcome.LINKED, first.item)
    assert unrelated.outcome == Outcome.CREATED


@pytest.mark.parametrize("others", [3, 30])
def test_finding_the_same_story_takes_a_bounded_number_of_queries(
    others, django_assert_max_num_queries
):
    for n in range(others):
        story = StoryFactory(
            title=f"Training {n} for city staff",
            published_at=dt.datetime(2023, 10, 5, 9, tzinfo=dt.UTC),
        )
        ItemTranslation.objects.create(item=story, language="fr", title=f"Formation {n}")
    page = story_page(FORUM_EN, "https://new.example.org")

    with django_assert_max_num_queries(3):
        found = find_duplicate(page, content_hash="0" * 64)

    assert found is None


@pytest.mark.parametrize("others", [3, 30])
def test_finding_a_duplicate_takes_a_bounded_number_of_queries(
    kisumu, organisations, others, django_assert_max_num_queries
):
    for n in range(others):
        event = EventFactory(title=f"Training {n}", start_date=dt.date(2024, 3, 12), city=kisumu)
        ItemActorFactory(item=event, organisation=organisations["iom"])
        ItemTranslation.objects.create(item=event, language="fr", title=f"Formation {n}")
        EventFactory(title=f"Peer-learning event {n}", start_date=dt.date(2023, 3, 12))
    page = kisumu_event(kisumu, organisations, location="https://new.example.org")

    with django_assert_max_num_queries(4):
        found = find_duplicate(page, content_hash="0" * 64)

    assert found is None


def test_a_duplicate_names_its_reason_and_item(kisumu, organisations):
    first = import_extraction(kisumu_event(kisumu, organisations), fetched=origin(EN_TEXT))

    found = find_duplicate(french_page(kisumu, organisations), content_hash="1" * 64)

    assert (found.reason, found.item.pk, found.source) == (Reason.SAME_EVENT, first.item.pk, None)
