"""The search engine, on whichever database the tests run on.

Small datasets made for one test check text matching (stemming, accents, phrases),
dates, sorting and what is never shown. Generated catalogues (two seeds) check every facet
count against the search it announces, and totals against the ORM.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crossroads.content.models import ActorRole, Item, Kind, Status
from crossroads.directory.models import City, Country, Organisation, Region
from crossroads.engagement.models import Progress
from crossroads.events.models import AttendanceMode, EventType
from crossroads.library.models import ResourceType
from crossroads.news.models import NewsType
from crossroads.search import bitmaps, engine
from crossroads.search.bitmaps import current_index
from crossroads.search.criteria import FACETS, Criteria
from crossroads.search.engine import FACET_LIMIT, Results, search, tally
from crossroads.search.services import index_items
from crossroads.taxonomy.models import Framework, Topic
from tests.factories import (
    EventFactory,
    ItemTranslationFactory,
    ResourceFactory,
    StoryFactory,
    TopicFactory,
)
from tests.search.catalogue import TODAY, build_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["rows", "bitmaps", "columns", "together"])
def counting(request, monkeypatch):
    """Every test runs every way of sorting and counting: a few results sorted from
    their rows or, as many results are, by walking the day buckets; values counted one
    by one or, as in facets with many values, by column, or, as among few results, the
    facets together from one column of all their values."""
    if request.param != "rows":
        monkeypatch.setattr(engine, "FEW", 0)
    if request.param == "columns":
        monkeypatch.setattr(bitmaps, "MANY_VALUES", 0)
        monkeypatch.setattr(bitmaps, "COLUMN_SHARE", 1)
    if request.param == "together":
        monkeypatch.setattr(bitmaps, "SHARED_SHARE", 0)
    return request.param


#: Items per generated catalogue, and the seeds they are generated from.
SIZE = 50
SEEDS = [3, 2024]


def indexed(*items: Item) -> None:
    """Factories save models directly: index what they made, as the services would."""
    index_items([item.pk for item in items])


def plain(factory, title: str, *, summary: str = "", body: str = "", **values) -> Item:
    """An item whose only text is ``title`` (and what is given), indexed."""
    item = factory(title=title, summary=summary, body=body, **values)
    indexed(item)
    return item


def found(criteria: Criteria, *, today: dt.date = TODAY) -> list[int]:
    """The ids of every result, in order."""
    results = search(criteria, per_page=1000, facets=(), today=today)
    return [item.pk for item in results.page]


def found_by(text: str) -> set[int]:
    return set(found(Criteria(text=text)))


def querydict(**values: str) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in values.items():
        query[name] = value
    return query


def counts(results: Results, facet: str) -> dict[str, int]:
    groups = {group.name: group for group in results.facets}
    return {value.value: value.count for value in groups[facet].values} if facet in groups else {}


# -- an independent computation with the ORM --------------------------------------
def midnight(day: dt.date) -> dt.datetime:
    """The index dates an item other than an event by its publication day in UTC."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def facet_q(facet: str, values: tuple[str, ...], role: str = "") -> Q:
    """Items having any of ``values`` of ``facet``, read from the content tables."""
    not_event = ~Q(kind=Kind.EVENT)
    if facet == "kind":
        return Q(kind__in=values)
    if facet == "type":
        return (
            Q(event__event_type__in=values)
            | Q(story__news_type__in=values)
            | Q(resource__resource_type__in=values)
            | Q(pledge__pledge_type__in=values)
        )
    if facet == "topic":
        return Q(topics__slug__in=values)
    if facet == "framework":
        return Q(frameworks__code__in=values)
    if facet == "region":
        return (
            Q(countries__region__in=values)
            | Q(cities__region__in=values)
            | Q(cities__country__region__in=values)
            | Q(event__city__region__in=values)
            | Q(event__city__country__region__in=values)
        )
    if facet == "country":
        return (
            Q(countries__code__in=values)
            | Q(cities__country__in=values)
            | Q(event__city__country__in=values)
        )
    if facet == "city":
        return Q(cities__slug__in=values) | Q(event__city__slug__in=values)
    if facet == "organisation":
        if role:
            return Q(actors__organisation__slug__in=values, actors__role=role)
        return Q(actors__organisation__slug__in=values)
    if facet == "attendance":
        return Q(event__attendance_mode__in=values)
    if facet == "status":
        return Q(pledge__progress__in=values)
    if facet == "language":
        return (
            Q(language__in=values)
            | Q(translations__language__in=values)
            | Q(resource__versions__language__in=values)
        )
    if facet == "year":
        years = Q()
        for year in map(int, values):
            years |= Q(event__start_date__year__lte=year, event__end_date__year__gte=year) | (
                not_event
                & Q(
                    published_at__gte=midnight(dt.date(year, 1, 1)),
                    published_at__lt=midnight(dt.date(year + 1, 1, 1)),
                )
            )
        return years
    raise AssertionError(facet)


def pks(condition: Q) -> set[int]:
    return set(Item.objects.filter(condition).values_list("pk", flat=True))


def expected_ids(criteria: Criteria, *, today: dt.date = TODAY) -> set[int]:
    """What ``criteria`` (without text) should find: published, public items only."""
    assert not criteria.text
    ids = set(Item.objects.published().values_list("pk", flat=True))
    for facet, values in criteria.selected.items():
        ids &= pks(facet_q(facet, values, criteria.role))
    not_event = ~Q(kind=Kind.EVENT)
    if criteria.when == "upcoming":
        ids &= pks(Q(kind=Kind.EVENT, event__end_date__gte=today))
    elif criteria.when == "past":
        ids &= pks(Q(kind=Kind.EVENT, event__end_date__lt=today))
    if criteria.date_from:
        start = midnight(criteria.date_from)
        ids &= pks(
            Q(event__end_date__gte=criteria.date_from) | not_event & Q(published_at__gte=start)
        )
    if criteria.date_to:
        end = midnight(criteria.date_to + dt.timedelta(days=1))
        ids &= pks(Q(event__start_date__lte=criteria.date_to) | not_event & Q(published_at__lt=end))
    return ids


def every_value(facet: str) -> list[str]:
    """Every value ``facet`` could take in these tests."""
    return {
        "kind": Kind.values,
        "type": [*EventType.values, *NewsType.values, *ResourceType.values],
        "topic": list(Topic.objects.values_list("slug", flat=True)),
        "framework": list(Framework.objects.values_list("code", flat=True)),
        "region": Region.values,
        "country": list(Country.objects.values_list("code", flat=True)),
        "city": list(City.objects.values_list("slug", flat=True)),
        "organisation": list(Organisation.objects.values_list("slug", flat=True)),
        "attendance": AttendanceMode.values,
        "status": Progress.values,
        "language": [code for code, _ in settings.LANGUAGES],
        "year": [str(year) for year in range(2000, timezone.now().year + 10)],
    }[facet]


def shared_by_class(name: str, make):
    """A fixture made once for the tests of a class, rolled back after them."""

    @pytest.fixture(scope="class", name=name)
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            yield make()
            transaction.set_rollback(True)

    return fixture


# -- hostile queries ----------------------------------------------------------------------
HOSTILE = [
    '"foo* AND (',
    "NEAR(refugees cities, 2)",
    "refugees NOT cities OR housing",
    "-housing",
    "title:housing",
    "terms: refugees",
    "^housing",
    "l'accueil '",
    "back\\slash \\' \\",
    '"unbalanced',
    'un"balanced"quotes"',
    "refug:* & !housing | (a <-> b)",
    "{terms}: housing",
    "x" * 10_000,
    "réfugiés " * 1_200,
    "refugees\x00housing",
    "\x00",
    "\x01\x02\x1b[31m\x7f",
    "\ud800",
    "!!!",
    '"',
    "⑴ ½ ͺ Ŀ refugees",
    "😀 🏠",
    "%",
    "_",
]


# -- stemming, accents, phrases ------------------------------------------------------
def make_refugees():
    """An English and a French item about refugees in cities, and one about neither."""
    return (
        plain(StoryFactory, "Refugees in cities", language="en"),
        plain(StoryFactory, "Les réfugiés dans les villes", language="fr"),
        plain(StoryFactory, "Housing markets", language="en"),
    )


refugees = shared_by_class("refugees", make_refugees)


class TestWords:
    @pytest.mark.parametrize(
        "text", ["refugee", "REFUGEES", "Refugees", "refugees in cities", "city"]
    )
    def test_english_words_are_found_in_any_form(self, refugees, text):
        english, _, _ = refugees

        assert found_by(text) == {english.pk}

    def test_a_prefix_finds_both_languages(self, refugees):
        english, french, _ = refugees

        assert found_by("refug") == {english.pk, french.pk}

    @pytest.mark.parametrize(
        "text",
        [
            "réfugié",
            "réfugiés",
            "RÉFUGIÉS",
            "refugies",
            "refugie",
            "ville",
            "villes",
            "Les refugies",
        ],
    )
    def test_french_words_are_found_in_any_form_with_or_without_accents(self, refugees, text):
        _, french, _ = refugees

        assert found_by(text) == {french.pk}

    def test_an_accent_free_query_finds_accented_text(self, refugees):
        etats = plain(StoryFactory, "Les États membres et Bogotá", language="fr")
        plain(StoryFactory, "Member states", language="en")

        assert found_by("etats") == {etats.pk}
        assert found_by("ÉTATS") == {etats.pk}
        assert found_by("bogota") == {etats.pk}

    def test_every_word_must_match(self, refugees):
        assert found_by("refugees housing") == set()

    def test_phrases_match_words_in_sequence(self, refugees):
        english, french, _ = refugees
        reversed_order = plain(StoryFactory, "Cities host refugees", body="in short")
        apart = plain(StoryFactory, "Refugees in camps, families in cities", language="en")

        assert found_by("refugees in cities") == {english.pk, reversed_order.pk, apart.pk}
        assert found_by('"refugees in cities"') == {english.pk}  # each pair is not enough
        assert found_by('"in cities"') == {english.pk, apart.pk}
        assert found_by('"cities in"') == set()
        assert found_by('"refugee in city"') == {english.pk}
        assert found_by('"cities host"') == {reversed_order.pk}
        assert found_by('"host cities"') == set()
        assert found_by('"réfugiés dans les villes"') == {french.pk}
        assert found_by('"refugies dans les villes"') == {french.pk}
        assert found_by('"les villes" refug') == {french.pk}

    def test_text_without_words_finds_everything(self, refugees):
        assert found_by("!!! ( ) *") == {item.pk for item in refugees}

    def test_hostile_text_is_answered_without_error(self, refugees):
        for text in HOSTILE:
            for criteria in (
                Criteria(text=text, sort="date"),
                Criteria.from_query(querydict(q=text, kind=text, year=text, role=text)),
            ):
                results = search(criteria, facets=("kind", "year"), today=TODAY)
                assert results.total >= 0, text[:40]
                assert len(results.page) == min(results.total, 20), text[:40]


def test_a_translation_is_found_in_its_own_language():
    story = StoryFactory(title="Housing markets", summary="", body="", language="en")
    ItemTranslationFactory(item=story, language="fr", title="Les marchés du logement")
    indexed(story)

    assert found_by("marches logements") == {story.pk}
    assert found_by("housing") == {story.pk}
    assert counts(search(Criteria(), today=TODAY), "language") == {"en": 1, "fr": 1}


# -- sorting ------------------------------------------------------------------------
def test_relevance_ranks_the_more_relevant_first_and_date_the_newer():
    now = timezone.now()
    relevant = plain(
        StoryFactory,
        "Housing",
        summary="Housing first: housing for all.",
        body="Housing, housing.",
        published_at=now - dt.timedelta(days=10),
    )
    passing = plain(
        StoryFactory,
        "Annual report",
        body="Among many other subjects of the year, a word on housing in the region.",
        published_at=now - dt.timedelta(days=1),
    )

    by_relevance = search(Criteria(text="housing"), today=TODAY)
    by_date = search(Criteria(text="housing", sort="date"), today=TODAY)

    assert ([item.pk for item in by_relevance.page], by_relevance.sort) == (
        [relevant.pk, passing.pk],
        "relevance",
    )
    assert ([item.pk for item in by_date.page], by_date.sort) == ([passing.pk, relevant.pk], "date")


def test_without_text_results_are_sorted_by_date_even_when_relevance_is_asked():
    now = timezone.now()
    older = plain(StoryFactory, "Older", published_at=now - dt.timedelta(days=3))
    newer = plain(StoryFactory, "Newer", published_at=now - dt.timedelta(days=2))

    results = search(Criteria(sort="relevance"), today=TODAY)

    assert ([item.pk for item in results.page], results.sort) == ([newer.pk, older.pk], "date")


# -- dates ----------------------------------------------------------------------------
def make_dated():
    """Events around 15 June 2030 (the "today" of these tests), and two older documents."""
    day = dt.date

    def event(title, start, end):
        return plain(EventFactory, title, start_date=start, end_date=end)

    published = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)
    return {
        "past": event("Past", day(2030, 6, 10), day(2030, 6, 12)),
        "ongoing": event("Ongoing", day(2030, 6, 14), day(2030, 6, 16)),
        "upcoming": event("Upcoming", day(2030, 7, 1), day(2030, 7, 1)),
        "new year": event("New Year", day(2030, 12, 30), day(2031, 1, 2)),
        "story": plain(StoryFactory, "Story", published_at=published),
        "resource": plain(
            ResourceFactory, "Resource", published_at=published + dt.timedelta(days=2)
        ),
    }


dated = shared_by_class("dated", make_dated)
DATED_TODAY = dt.date(2030, 6, 15)


def names(dated: dict, ids: list[int]) -> list[str]:
    by_id = {item.pk: name for name, item in dated.items()}
    return [by_id[pk] for pk in ids]


class TestDates:
    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("", ["new year", "upcoming", "ongoing", "past", "resource", "story"]),
            ("when=upcoming", ["ongoing", "upcoming", "new year"]),
            ("when=past", ["past"]),
            ("when=upcoming&sort=date&to=2030-07-01", ["ongoing", "upcoming"]),
            ("from=2030-06-12&to=2030-06-14", ["ongoing", "past"]),
            ("from=2030-06-13&to=2030-06-13", []),
            ("from=2030-06-16&to=2030-06-16", ["ongoing"]),
            ("from=2031-01-01", ["new year"]),
            ("to=2024-03-05", ["story"]),
            ("from=2024-03-05&to=2024-03-05", ["story"]),
            ("from=2024-03-06&to=2024-12-31", ["resource"]),
            ("year=2031", ["new year"]),
            ("year=2030", ["new year", "upcoming", "ongoing", "past"]),
            ("year=2024&year=2031", ["new year", "resource", "story"]),
            ("when=past&year=2031", []),
            (
                "when=later&from=2030-13-01&to=yesterday",
                ["new year", "upcoming", "ongoing", "past", "resource", "story"],
            ),
        ],
    )
    def test_date_criteria(self, dated, query, expected):
        criteria = Criteria.from_query(QueryDict(query))

        assert names(dated, found(criteria, today=DATED_TODAY)) == expected

    def test_upcoming_and_past_are_relative_to_today(self, dated):
        later = dt.date(2030, 7, 1)

        assert names(dated, found(Criteria(when="upcoming"), today=later)) == [
            "upcoming",
            "new year",
        ]
        assert names(dated, found(Criteria(when="past"), today=later)) == ["ongoing", "past"]

    def test_a_multi_day_event_counts_in_each_of_its_years(self, dated):
        results = search(Criteria(), today=DATED_TODAY)

        assert counts(results, "year") == {"2030": 4, "2031": 1, "2024": 2}


# -- what is never found ----------------------------------------------------------------
@pytest.fixture
def statuses():
    """An item of each status, all about quokkas; "scheduled" is published in two hours."""
    now = timezone.now()
    past = now - dt.timedelta(days=1)
    return {
        "published": plain(StoryFactory, "Quokka published", published_at=past),
        "draft": plain(StoryFactory, "Quokka draft", status=Status.DRAFT, published_at=None),
        "review": plain(StoryFactory, "Quokka review", status=Status.REVIEW, published_at=past),
        "archived": plain(
            StoryFactory, "Quokka archived", status=Status.ARCHIVED, published_at=past
        ),
        "scheduled": plain(
            StoryFactory, "Quokka scheduled", published_at=now + dt.timedelta(hours=2)
        ),
    }


def test_only_published_items_whose_date_has_come_are_found(statuses):
    published = statuses["published"].pk

    assert found_by("quokka") == {published}
    assert found_by("draft") == found_by("review") == found_by("archived") == set()
    assert found_by("scheduled") == set()
    results = search(Criteria(), today=TODAY)
    assert (results.total, counts(results, "kind")) == (1, {"story": 1})


def test_a_scheduled_item_appears_once_its_date_has_passed(statuses, monkeypatch):
    later = timezone.now() + dt.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert found_by("quokka") == {statuses["published"].pk, statuses["scheduled"].pk}
    assert found_by("scheduled") == {statuses["scheduled"].pk}


# -- facet limits ------------------------------------------------------------------------
def common_and_rare_topics() -> list[Topic]:
    """FACET_LIMIT topics of two stories each, and one "rare" topic of a third story."""
    common = [TopicFactory(slug=f"common-{number:02}") for number in range(FACET_LIMIT)]
    stories = [plain(StoryFactory, "Story") for _ in range(3)]
    for story in stories[:2]:
        story.topics.set(common)
    stories[2].topics.set([TopicFactory(slug="rare")])
    indexed(*stories)
    return common


def test_a_facet_offers_its_commonest_values_only():
    common = common_and_rare_topics()

    results = search(Criteria(), today=TODAY)

    assert counts(results, "topic") == {topic.slug: 2 for topic in common}


def test_a_chosen_value_beyond_the_commonest_keeps_its_count():
    common_and_rare_topics()

    results = search(Criteria(selected={"topic": ("rare",)}), today=TODAY)

    assert results.total == 1
    assert counts(results, "topic")["rare"] == 1


# -- query counts ------------------------------------------------------------------------
#: The index's version, the page in order, the cards (the items with their kinds, places
#: and translations; their organisations), and the names of the values of the five
#: facets naming rows; counting is done in memory.
EXPECTED_QUERIES = 1 + 1 + 2 + 1
#: A text query also reads the terms of the newest matches to rank them (its words are
#: matched in memory); a phrase of three words or more also asks the text backend for
#: its words' order (``test_words_are_matched_in_memory_and_phrases_by_their_pairs…``).
TEXT_QUERIES = 1
PHRASE_QUERIES = 2


def queries_of(criteria: Criteria) -> int:
    """The queries of a search once the process's bitmaps have caught up with the
    database, without the matches of phrases and names of values read before."""
    search(criteria, today=TODAY)
    current_index().phrase_cache.clear()
    current_index().names.clear()
    with CaptureQueriesContext(connection) as captured:
        results = search(criteria, today=TODAY)
        assert results.total > 0
    return len(captured)


def english_title(words: int) -> str:
    """The last words of a public English title ("in Amman")."""
    english = Item.objects.filter(
        status=Status.PUBLISHED, published_at__lte=timezone.now(), language="en"
    ).order_by("pk")
    return " ".join(english.values_list("title", flat=True).first().split()[-words:])


def test_a_search_runs_the_same_few_queries_at_any_catalogue_size():
    catalogue = build_catalogue(seed=11, size=15)
    organisations = tuple(organisation.slug for organisation in catalogue.organisations)
    criteria = [
        Criteria(),
        Criteria(text="refugees", selected={"kind": ("event", "story", "resource")}),
        Criteria(selected={"organisation": organisations}, role="organiser"),
    ]
    small = [queries_of(each) for each in criteria]
    catalogue.add_items(30)

    large = [queries_of(each) for each in criteria]

    expected = [EXPECTED_QUERIES, EXPECTED_QUERIES + TEXT_QUERIES, EXPECTED_QUERIES]
    assert small == large == expected


def test_words_are_matched_in_memory_and_phrases_by_their_pairs_or_the_text_backend():
    build_catalogue(seed=11, size=15)
    place, longer = english_title(2), english_title(3)
    asked = {}
    for text in (place, f'"{place}"', f'"{longer}"'):
        search(Criteria(text=text), today=TODAY)
        current_index().phrase_cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert search(Criteria(text=text), today=TODAY).total
        asked[text] = [
            sum(table in query["sql"] for query in captured)
            for table in ("search_text", "search_searchpair")
        ]

    assert asked == {
        place: [TEXT_QUERIES, 0],
        f'"{place}"': [TEXT_QUERIES, 1],  # ranking reads the text; the pair is one query
        f'"{longer}"': [PHRASE_QUERIES, 2],  # each pair, then the order of all three
    }


def test_a_repeated_phrase_reuses_its_matches_until_the_index_changes():
    build_catalogue(seed=11, size=15)
    plain(StoryFactory, "Refugees in Amman")
    criteria = Criteria(text='"refugees in"')
    first = queries_of(criteria)
    with CaptureQueriesContext(connection) as captured:
        search(criteria, today=TODAY)

    assert len(captured) == first - 1  # the phrase's matches came from memory
    before = search(criteria, today=TODAY).total
    plain(StoryFactory, "Refugees in Kampala")
    assert search(criteria, today=TODAY).total == before + 1


def test_names_of_values_are_read_once_until_the_index_changes():
    build_catalogue(seed=11, size=15)
    topic = Topic.objects.get(slug=commonest("topic")[0])
    criteria = Criteria(selected={"topic": (topic.slug,)})
    first = queries_of(criteria)
    with CaptureQueriesContext(connection) as captured:
        search(criteria, today=TODAY)

    assert len(captured) == first - 1
    topic.name = "Renamed on purpose"
    topic.save()
    results = search(criteria, today=TODAY)
    assert results.labels[("topic", topic.slug)] == "Renamed on purpose"


# -- a generated catalogue -------------------------------------------------------------------
@pytest.fixture(scope="class", params=SEEDS, ids=lambda seed: f"seed{seed}")
def catalogue(request, django_db_setup, django_db_blocker):
    """A catalogue for the tests of a class, rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_catalogue(seed=request.param, size=SIZE)
        transaction.set_rollback(True)


def commonest(facet: str) -> list[str]:
    """The values of ``facet`` among public items, the commonest first."""
    results = search(Criteria(), facets=(facet,), today=TODAY)
    return [value.value for value in results.facets[0].values]


#: Criteria to check facet counts under, built from the catalogue's own values.
BASES = {
    "nothing": lambda: Criteria(),
    "news and events under three frameworks in three countries, by two organisers": lambda: (
        Criteria(
            selected={
                "kind": ("event", "story"),
                "framework": ("GCM", "GCR", "SDG"),
                "country": ("KE", "UG", "FR"),
                "organisation": tuple(commonest("organisation")[:2]),
            },
            role="organiser",
        )
    ),
    "upcoming events, hybrid or in cities of which one matches nothing": lambda: Criteria(
        when="upcoming",
        selected={
            "attendance": ("hybrid", "in_person"),
            "city": ("nairobi", "kampala", "marseille", "bogota", "no-such-city"),
            "type": ("workshop", "forum", "webinar", "conference", "report"),
        },
    ),
    "three regions and years, in French or Arabic, in a date range": lambda: Criteria(
        date_from=TODAY - dt.timedelta(days=4 * 365),
        date_to=TODAY,
        selected={
            "region": ("east_africa", "north_africa", "middle_east"),
            "year": tuple(commonest("year")[:3]),
            "language": ("fr", "ar"),
        },
    ),
    "from a permalink": lambda: Criteria.from_query(
        QueryDict("q=health+migr&language=en&language=fr&topic=health&topic=housing&sort=date")
    ),
}
WITH_TEXT = {"from a permalink"}


class TestCatalogue:
    @pytest.mark.parametrize("base", BASES)
    def test_every_count_is_the_total_of_choosing_that_value(self, catalogue, base):
        criteria = BASES[base]()
        results = search(criteria, per_page=1, today=TODAY)
        assert {group.name for group in results.facets} <= set(FACETS)

        announced, obtained = {}, {}
        for group in results.facets:
            chosen = criteria.selected.get(group.name, ())
            for value in group.values:
                key = (group.name, value.value)
                choosing = criteria.fix(selected={group.name: (value.value,)})
                announced[key] = value.count
                obtained[key] = search(choosing, per_page=1, facets=(), today=TODAY).total
                assert value.selected == (value.value in chosen), key
                assert value.count > 0 or value.selected, key

        assert announced == obtained
        assert len(announced) > 10

    @pytest.mark.parametrize("base", [name for name in BASES if name not in WITH_TEXT])
    def test_results_are_what_the_orm_finds(self, catalogue, base):
        criteria = BASES[base]()

        assert set(found(criteria)) == expected_ids(criteria)

    def test_counts_of_every_facet_are_what_the_orm_finds(self, catalogue):
        results = search(Criteria(), today=TODAY)

        for facet in FACETS:
            expected = {}
            for value in every_value(facet):
                count = len(expected_ids(Criteria(selected={facet: (value,)})))
                if count:
                    expected[value] = count
            assert counts(results, facet) == expected, facet

    @pytest.mark.parametrize("base", [name for name in BASES if name not in WITH_TEXT])
    def test_a_tally_counts_every_value_among_the_results(self, catalogue, base):
        criteria = BASES[base]()
        matching = expected_ids(criteria)

        tallied = tally(criteria, FACETS, today=TODAY)

        assert tallied.total == len(matching)
        for facet in FACETS:
            expected = {}
            for value in every_value(facet):
                both = matching & expected_ids(Criteria(selected={facet: (value,)}))
                if both:
                    expected[value] = len(both)
            assert tallied.counts[facet] == expected, facet
            for value in expected:
                assert tallied.labels[(facet, value)], (facet, value)

    def test_a_tally_of_an_unknown_facet_counts_nothing(self, catalogue):
        assert tally(Criteria(), ["no-such-facet"], today=TODAY).counts == {"no-such-facet": {}}

    @pytest.mark.parametrize("role", ActorRole.values)
    def test_organisation_counts_in_a_role_are_what_the_orm_finds(self, catalogue, role):
        results = search(Criteria(role=role), facets=("organisation",), today=TODAY)

        expected = {}
        for slug in every_value("organisation"):
            count = len(expected_ids(Criteria(selected={"organisation": (slug,)}, role=role)))
            if count:
                expected[slug] = count
        assert counts(results, "organisation") == expected

    def test_text_and_criteria_find_what_both_find(self, catalogue):
        facets = Criteria(selected={"kind": ("event", "resource"), "region": ("east_africa",)})

        combined = found(facets.fix(text="refugees"))

        assert set(combined) == found_by("refugees") & expected_ids(facets)
        assert combined

    def test_a_facets_counts_ignore_its_own_selection(self, catalogue):
        topic = commonest("topic")[0]
        everything = search(Criteria(), today=TODAY)
        chosen = Criteria(selected={"topic": (topic,)})

        results = search(chosen, today=TODAY)

        assert counts(results, "topic") == counts(everything, "topic")
        assert counts(results, "kind") == {
            kind: len(expected_ids(chosen.fix(selected={"kind": (kind,)})))
            for kind in counts(results, "kind")
        }
        assert counts(results, "kind") != counts(everything, "kind")

    def test_two_values_of_a_facet_are_alternatives_and_facets_combine(self, catalogue):
        first, second = commonest("topic")[:2]
        country = commonest("country")[0]

        def ids(**selected):
            return set(found(Criteria(selected=selected)))

        either = ids(topic=(first, second))
        assert either == ids(topic=(first,)) | ids(topic=(second,))
        assert either > ids(topic=(first,))
        assert ids(topic=(first,), country=(country,)) == ids(topic=(first,)) & ids(
            country=(country,)
        )
        assert ids(topic=(first, second), country=(country,)) == either & ids(country=(country,))

    def test_chosen_values_come_first_then_the_commonest(self, catalogue):
        topics = commonest("topic")
        results = search(Criteria(selected={"topic": (topics[-1],)}), today=TODAY)

        for group in results.facets:
            order = [(not value.selected, -value.count) for value in group.values]
            assert order == sorted(order), group.name
        topic_group = next(group for group in results.facets if group.name == "topic")
        assert topic_group.values[0].value == topics[-1]

    def test_values_are_labelled_with_their_names(self, catalogue):
        results = search(Criteria(), today=TODAY)
        labels = {
            (group.name, value.value): value.label
            for group in results.facets
            for value in group.values
        }

        assert labels[("kind", "event")] == "Event"
        assert labels[("kind", "story")] == "News"
        for country in Country.objects.all():
            assert labels.get(("country", country.code), country.name) == country.name
        for city in City.objects.all():
            assert labels.get(("city", city.slug), city.name) == city.name
        for organisation in Organisation.objects.all():
            label = labels.get(("organisation", organisation.slug), str(organisation))
            assert label == str(organisation)
        for (facet, value), label in labels.items():
            if facet == "region":
                assert label == Region(value).label
            if facet == "year":
                assert label == value

    def test_sorting_by_date(self, catalogue):
        def start(item: Item) -> dt.date:
            return item.event.start_date if item.kind == Kind.EVENT else item.published_at.date()

        public = list(Item.objects.published().select_related("event"))
        newest_first = sorted(public, key=lambda item: (start(item), item.published_at, item.pk))
        upcoming = [
            item for item in public if item.kind == Kind.EVENT and item.event.end_date >= TODAY
        ]

        assert found(Criteria()) == [item.pk for item in reversed(newest_first)]
        assert found(Criteria(when="upcoming")) == [
            item.pk for item in sorted(upcoming, key=lambda item: (start(item), item.pk))
        ]
        matching = found_by("refugees")
        assert found(Criteria(text="refugees", sort="date")) == [
            pk for pk in found(Criteria()) if pk in matching
        ]
        assert sorted(found(Criteria(text="refugees"))) == sorted(found_by("refugees"))

    def test_pages(self, catalogue):
        everything = found(Criteria())
        last = (len(everything) - 1) // 7 + 1

        def page(number) -> tuple[int, list[int]]:
            results = search(Criteria(), page=number, per_page=7, today=TODAY)
            assert results.total == len(everything)
            return results.page.number, [item.pk for item in results.page]

        assert page(1) == (1, everything[:7])
        assert page("2") == (2, everything[7:14])
        assert page(last) == (last, everything[(last - 1) * 7 :])
        assert page(999) == page(last)
        assert page("-1") == page(last)
        assert page("two") == page(1)
        assert page(None) == page(1)

    def test_no_hidden_item_is_ever_found(self, catalogue):
        hidden = {item.pk for item in catalogue.items} - set(
            Item.objects.published().values_list("pk", flat=True)
        )
        statuses = {item.status for item in catalogue.items if item.pk in hidden}
        scheduled = Item.objects.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())

        assert statuses == {Status.DRAFT, Status.REVIEW, Status.ARCHIVED, Status.PUBLISHED}
        assert scheduled.exists()
        everything = search(Criteria(), today=TODAY)
        assert everything.total == len(catalogue.items) - len(hidden)
        assert sum(counts(everything, "kind").values()) == everything.total
        for text in ("refugees", "housing", "health", "migrants", "réfugiés", "logement"):
            assert not found_by(text) & hidden, text

    def test_hostile_text_is_answered_without_error(self, catalogue):
        for text in HOSTILE:
            results = search(Criteria(text=text), facets=(), today=TODAY)
            assert results.total >= 0, text[:40]
