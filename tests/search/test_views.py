"""The /search/ page: a GET form over the search engine, with facets, chips and snippets.

The event, news and resource lists render through the same view; their own tests check
what they fix (the kind, upcoming events) and say when they are empty.
"""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from crossroads.search.bitmaps import current_index
from tests.content.builders import build_world, full_event, full_resource, full_story
from tests.content.pages import (
    card_titles,
    chips,
    facets,
    html,
    more_links,
    permalink,
    result_count,
    snippets,
)
from tests.factories import (
    CityFactory,
    CountryFactory,
    EventFactory,
    ItemActorFactory,
    OrganisationFactory,
    ResourceFactory,
    StoryFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

NOTHING = "<p>Nothing matches all these criteria. Remove one of them, or try other words.</p>"


def at(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 12))


def search_box(value):
    return (
        f'<input id="q" type="search" name="q" value="{value}" maxlength="300" '
        'placeholder="Words, names, places…">'
    )


def sort_select(chosen):
    options = "".join(
        f'<option value="{value}"{" selected" if value == chosen else ""}>{value}</option>'
        for value in ("relevance", "date")
    )
    return f'<select name="sort">{options}</select>'


# -- what is listed -----------------------------------------------------------------
def test_without_criteria_every_public_item_is_listed_newest_first(client):
    StoryFactory(title="Story", published_at=at(2024, 3, 10))
    ResourceFactory(title="Resource", published_at=at(2024, 3, 5))
    EventFactory(title="Event", start_date=dt.date(2024, 3, 1), published_at=at(2023, 12, 1))
    StoryFactory(title="Draft", status="draft", published_at=None)
    StoryFactory(title="Scheduled", published_at=timezone.now() + dt.timedelta(days=1))

    response = client.get("/search/")

    assert response.status_code == 200
    assert card_titles(response) == ["Story", "Resource", "Event"]
    assert result_count(response) == 3
    assert chips(response) == []
    page = html(response)
    assert "<title>Search · Crossroads</title>" in page
    assert search_box("") in page
    assert sort_select("date") in page


def test_words_find_items_shown_with_their_matches_highlighted(client):
    EventFactory(
        title="Lake forum",
        summary="Mayors of Kisumu and Homa Bay meet.",
        published_at=at(2024, 3, 1),
    )
    StoryFactory(
        title="News from Kisumu",
        summary="",
        body="Read **more** about Kisumu & its lake.",
        published_at=at(2024, 3, 2),
    )
    StoryFactory(title="Elsewhere", summary="Mayors of Mombasa meet.")

    response = client.get("/search/", {"q": "kisumu"})

    assert card_titles(response) == ["News from Kisumu", "Lake forum"]
    assert snippets(response) == [
        "Read more about <mark>Kisumu</mark> &amp; its lake.",
        "Mayors of <mark>Kisumu</mark> and Homa Bay meet.",
    ]
    assert result_count(response) == 2
    page = html(response)
    assert "<title>kisumu · Search · Crossroads</title>" in page
    assert search_box("kisumu") in page
    assert sort_select("relevance") in page


def test_stems_and_prefixes_are_highlighted_too(client):
    StoryFactory(title="Cities", summary="Refugees settle in cities; a refugee speaks.")

    response = client.get("/search/", {"q": "refugee cit"})

    assert snippets(response) == [
        "<mark>Refugees</mark> settle in <mark>cities</mark>; a <mark>refugee</mark> speaks."
    ]


def test_results_are_sorted_by_relevance_or_by_date(client):
    StoryFactory(
        title="Kisumu, Kisumu",
        summary="All about Kisumu: Kisumu in Kisumu.",
        published_at=at(2024, 1, 1),
    )
    StoryFactory(title="Lake news", summary="A word on Kisumu.", published_at=at(2024, 6, 1))

    by_relevance = client.get("/search/", {"q": "kisumu"})
    by_date = client.get("/search/", {"q": "kisumu", "sort": "date"})

    assert card_titles(by_relevance) == ["Kisumu, Kisumu", "Lake news"]
    assert card_titles(by_date) == ["Lake news", "Kisumu, Kisumu"]
    assert sort_select("date") in html(by_date)


@pytest.mark.parametrize("text", ["états", "ÉTATS", "etats", "Etats"])
def test_accented_capitals_are_found_in_any_case(client, text):
    StoryFactory(title="États généraux des villes")

    assert card_titles(client.get("/search/", {"q": text})) == ["États généraux des villes"]


def test_a_search_without_results_says_so(client):
    StoryFactory(title="Kisumu")

    response = client.get("/search/", {"q": "Mombasa"})

    assert card_titles(response) == []
    assert result_count(response) == 0
    assert NOTHING in html(response)
    assert chips(response) == [("Words: “Mombasa”", "?")]


# -- facets ------------------------------------------------------------------------
def make_catalogue():
    """Items about Kisumu (Kenya) and Kampala (Uganda), with topics and organisations."""
    kisumu = CityFactory(name="Kisumu", slug="kisumu")
    kampala = CityFactory(
        name="Kampala",
        slug="kampala",
        country=CountryFactory(code="UG", name="Uganda", region="east_africa"),
    )
    inclusion = TopicFactory(name="Inclusion", slug="inclusion")
    housing = TopicFactory(name="Housing", slug="housing")
    habitat = OrganisationFactory(name="UN-Habitat", slug="un-habitat", acronym="")
    alliance = OrganisationFactory(name="Cities Alliance", slug="cities-alliance", acronym="CA")

    forum = EventFactory(
        title="Kisumu forum",
        city=kisumu,
        event_type="forum",
        attendance_mode="hybrid",
        start_date=dt.date(2024, 5, 17),
        published_at=at(2024, 1, 10),
    )
    forum.topics.add(inclusion, housing)
    ItemActorFactory(item=forum, organisation=habitat, role="partner")
    ItemActorFactory(item=forum, organisation=alliance, role="organiser")
    webinar = EventFactory(
        title="Kampala webinar",
        city=kampala,
        event_type="webinar",
        attendance_mode="virtual",
        start_date=dt.date(2023, 9, 1),
        published_at=at(2023, 6, 1),
    )
    webinar.topics.add(inclusion)
    ItemActorFactory(item=webinar, organisation=habitat, role="organiser")
    news = StoryFactory(title="Kisumu news", news_type="news", published_at=at(2024, 2, 1))
    news.topics.add(housing)
    news.cities.add(kisumu)
    report = ResourceFactory(
        title="Kampala report", resource_type="report", language="fr", published_at=at(2023, 3, 1)
    )
    report.cities.add(kampala)
    ItemActorFactory(item=report, organisation=alliance, role="publisher")


def test_every_facet_counts_the_results_each_value_would_give(client):
    make_catalogue()

    response = client.get("/search/")

    assert result_count(response) == 4
    assert facets(response) == {
        "Kind": [
            ("event", "Event", 2, False),
            ("resource", "Resource", 1, False),
            ("story", "News", 1, False),
        ],
        "Type": [
            ("forum", "Forum", 1, False),
            ("news", "News", 1, False),
            ("report", "Report", 1, False),
            ("webinar", "Webinar", 1, False),
        ],
        "Topic": [("housing", "Housing", 2, False), ("inclusion", "Inclusion", 2, False)],
        "Region": [("east_africa", "East Africa", 4, False)],
        "Country": [("KE", "Kenya", 2, False), ("UG", "Uganda", 2, False)],
        "City": [("kampala", "Kampala", 2, False), ("kisumu", "Kisumu", 2, False)],
        "Organisation": [
            ("cities-alliance", "Cities Alliance (CA)", 2, False),
            ("un-habitat", "UN-Habitat", 2, False),
        ],
        "Attendance": [("hybrid", "Hybrid", 1, False), ("virtual", "Online", 1, False)],
        "Language": [("en", "English", 3, False), ("fr", "Français", 1, False)],
        "Year": [("2023", "2023", 2, False), ("2024", "2024", 2, False)],
    }


def test_a_facets_counts_ignore_its_own_selection_and_respect_the_others(client):
    make_catalogue()

    response = client.get("/search/", {"kind": "event", "topic": "housing"})

    assert card_titles(response) == ["Kisumu forum"]
    shown = facets(response)
    # Choosing News as well would add one story about housing; Kampala's events are
    # not about housing.
    assert shown["Kind"] == [("event", "Event", 1, True), ("story", "News", 1, False)]
    assert shown["Topic"] == [
        ("housing", "Housing", 1, True),
        ("inclusion", "Inclusion", 2, False),
    ]
    assert shown["Type"] == [("forum", "Forum", 1, False)]


def test_values_of_one_facet_are_alternatives_and_facets_combine(client):
    make_catalogue()

    either = client.get("/search/", {"city": ["kisumu", "kampala"]})
    both = client.get("/search/", {"city": ["kisumu", "kampala"], "kind": "event"})

    assert card_titles(either) == [
        "Kisumu forum",
        "Kisumu news",
        "Kampala webinar",
        "Kampala report",
    ]
    assert card_titles(both) == ["Kisumu forum", "Kampala webinar"]


def make_topics(count: int) -> list[str]:
    """``count`` topics, the first the most used: topic n is on ``count - n`` stories."""
    slugs = [f"topic-{number:02}" for number in range(count)]
    topics = [TopicFactory(slug=slug, name=slug.title()) for slug in slugs]
    for number in range(count):
        StoryFactory(title=f"Story {number}").topics.add(*topics[: number + 1])
    return slugs


def test_a_facet_offers_its_ten_commonest_values_and_the_rest_on_request(client):
    slugs = make_topics(12)

    first = client.get("/search/", {"kind": "story"})
    more = client.get("/search/", {"kind": "story", "more": "topic"})

    assert [value for value, *_rest in facets(first)["Topic"]] == slugs[:10]
    assert more_links(first)["Topic"] == ("Show more", "?kind=story&more=topic#facet-topic")
    assert [value for value, *_rest in facets(more)["Topic"]] == slugs
    assert more_links(more)["Topic"] == ("Show fewer", "?kind=story#facet-topic")
    # Other facets stay as they were; ``more`` is how the page shows, not a criterion:
    # the permalink, the canonical address and the feeds leave it out.
    assert facets(more)["Kind"] == facets(first)["Kind"]
    assert card_titles(more) == card_titles(first)
    assert chips(more) == chips(first) and permalink(more) == "/search/?kind=story"
    assert '<link rel="canonical" href="/search/?kind=story">' in html(more)
    assert 'href="/search/feed.atom?kind=story"' in html(more)


def test_chosen_values_are_offered_however_rare(client):
    slugs = make_topics(12)

    response = client.get("/search/", {"topic": [slugs[11], slugs[10]]})

    shown = facets(response)["Topic"]
    assert [value for value, _label, _count, chosen in shown if chosen] == [slugs[10], slugs[11]]
    assert len(shown) == 10 and "Topic" in more_links(response)


def test_a_facet_with_ten_values_or_fewer_has_no_link(client):
    make_topics(10)

    response = client.get("/search/", {"more": "topic"})

    assert len(facets(response)["Topic"]) == 10
    assert more_links(response) == {}


@pytest.mark.parametrize("more", ["<script>", "nothing", "", "q", "topic\x00"])
def test_more_of_an_unknown_facet_expands_nothing(client, more):
    slugs = make_topics(12)

    response = client.get("/search/", {"more": more})

    assert response.status_code == 200
    assert [value for value, *_rest in facets(response)["Topic"]] == slugs[:10]
    assert "<script>" not in html(response)


def test_an_organisation_can_be_chosen_in_a_role(client):
    make_catalogue()

    any_role = client.get("/search/", {"organisation": "un-habitat"})
    as_partner = client.get("/search/", {"organisation": "un-habitat", "role": "partner"})

    assert card_titles(any_role) == ["Kisumu forum", "Kampala webinar"]
    assert card_titles(as_partner) == ["Kisumu forum"]
    # In a role, organisations are counted in that role only.
    assert facets(as_partner)["Organisation"] == [("un-habitat", "UN-Habitat", 1, True)]
    assert '<option value="partner" selected>Partner</option>' in html(as_partner)
    assert '<select name="role">' not in html(client.get("/search/"))


def test_an_unknown_facet_value_finds_nothing_and_can_be_removed(client):
    make_catalogue()

    response = client.get("/search/", {"kind": "petition", "q": "kisumu"})

    assert card_titles(response) == []
    assert NOTHING in html(response)
    assert facets(response)["Kind"] == [
        ("petition", "petition", 0, True),
        ("event", "Event", 1, False),
        ("story", "News", 1, False),
    ]
    assert chips(response) == [
        ("Words: “kisumu”", "?kind=petition"),
        ("Kind: petition", "?q=kisumu"),
    ]


# -- chips, permalink, pages ---------------------------------------------------------
CRITERIA = [
    ("q", "kisumu"),
    ("kind", "event"),
    ("kind", "story"),
    ("topic", "housing"),
    ("organisation", "un-habitat"),
    ("role", "partner"),
    ("from", "2020-01-01"),
    ("to", "2030-12-31"),
    ("sort", "date"),
]


def test_each_chip_removes_exactly_its_criterion(client):
    make_catalogue()

    response = client.get("/search/?" + urlencode(CRITERIA))

    labels = [
        "Words: “kisumu”",
        "Kind: Event",
        "Kind: News",
        "Topic: Housing",
        "Organisation: UN-Habitat",
        "Role: Partner",
        "From 2020-01-01",
        "Until 2030-12-31",
    ]
    assert chips(response) == [
        (label, "?" + urlencode(CRITERIA[:number] + CRITERIA[number + 1 :]))
        for number, label in enumerate(labels)
    ]
    assert card_titles(response) == ["Kisumu forum"]
    assert '<a class="clear" href="?">Clear all</a>' in html(response)
    without_partner = client.get("/search/" + chips(response)[5][1])
    assert card_titles(without_partner) == ["Kisumu forum"]
    without_topic = client.get("/search/" + chips(response)[3][1])
    assert card_titles(without_topic) == ["Kisumu forum"]
    without_habitat = client.get("/search/" + chips(response)[4][1])
    assert card_titles(without_habitat) == ["Kisumu forum", "Kisumu news"]


def test_upcoming_or_past_on_the_search_page_is_a_removable_chip(client):
    make_catalogue()

    response = client.get("/search/", {"q": "kisumu", "when": "past"})

    assert card_titles(response) == ["Kisumu forum"]
    assert [href for _label, href in chips(response)] == ["?when=past", "?q=kisumu"]


def test_the_permalink_keeps_every_criterion_but_the_page(client):
    make_catalogue()

    response = client.get(
        "/search/",
        {"q": "kisumu", "city": "kisumu", "sort": "date", "page": "1", "utm_source": "mail"},
    )

    link = "/search/?q=kisumu&city=kisumu&sort=date"
    assert permalink(response) == link
    assert f'<link rel="canonical" href="{link.replace("&", "&amp;")}">' in html(response)
    assert card_titles(client.get(link)) == card_titles(response) == ["Kisumu forum", "Kisumu news"]


def test_pages_keep_the_criteria(client):
    for number in range(23):
        StoryFactory(title=f"Kisumu story {number:02}", published_at=at(2024, 1, number + 1))
    EventFactory(title="Kisumu forum")

    first = client.get("/search/", {"q": "kisumu", "kind": "story", "sort": "date"})
    second = client.get("/search/", {"q": "kisumu", "kind": "story", "sort": "date", "page": 2})

    assert result_count(first) == result_count(second) == 23
    assert card_titles(first) == [f"Kisumu story {number:02}" for number in range(22, 2, -1)]
    assert card_titles(second) == ["Kisumu story 02", "Kisumu story 01", "Kisumu story 00"]
    assert '<a rel="next" href="?q=kisumu&amp;kind=story&amp;sort=date&amp;page=2">Next</a>' in (
        html(first)
    )
    assert (
        '<a rel="prev" href="?q=kisumu&amp;kind=story&amp;sort=date&amp;page=1">Previous</a>'
    ) in html(second)
    assert chips(second) == [
        ("Words: “kisumu”", "?kind=story&sort=date"),
        ("Kind: News", "?q=kisumu&sort=date"),
    ]


# -- hostile and malformed input ------------------------------------------------------
def test_malformed_criteria_are_ignored(client):
    StoryFactory(title="Story", published_at=at(2024, 3, 10))
    EventFactory(title="Event", start_date=dt.date(2024, 3, 1))

    response = client.get(
        "/search/",
        {
            "from": "not a date",
            "to": "2024-13-45",
            "sort": "newest",
            "role": "king",
            "when": "someday",
            "page": "abc",
            "kind": ["", "  "],
        },
    )

    assert card_titles(response) == ["Story", "Event"]
    assert chips(response) == []
    assert permalink(response) == "/search/"


def test_the_query_is_shown_escaped(client):
    page = client.get("/search/", {"q": '"><script>alert(1)</script>'}).content.decode()

    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert "<script" not in page


SCRIPT = "<script>alert(1)</script>"
HOSTILE = {
    "fts syntax": {"q": '"foo* AND ( NEAR(a b) OR -c ^d: {terms}: refug:* & !x | (a <-> b)'},
    "unbalanced quotes": {"q": "\"kisumu 'forum"},
    "only quotes": {"q": '"""'},
    "10 kB": {"q": "kisumu " * 1500},
    "10 kB of one word": {"q": "x" * 10_000},
    "nul and controls": {"q": "kisumu\x00forum\x1b[31m\u202e", "topic": "\x00"},
    "sql": {"q": "%' OR '1'='1' -- %_\\", "city": "' OR 1=1 --"},
    "markup everywhere": {
        name: SCRIPT for name in ("q", "kind", "type", "topic", "country", "role", "sort")
    },
    "long facet values": {"topic": "t" * 5000, "organisation": "o" * 5000},
    "many values": {"kind": [f"kind{number}" for number in range(500)]},
    "far dates": {"from": "0001-01-01", "to": "9999-12-31"},
    "reversed dates": {"from": "2030-01-01", "to": "2020-01-01"},
    "huge page": {"page": "9" * 400},
    "arabic": {"q": 'السلام عليكم "اللاجئون'},
    "emoji": {"q": "😀 kisumu 🏠"},
}


@pytest.mark.parametrize("params", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_is_answered_without_error(client, params):
    world = build_world()
    full_event(world, title="Kisumu forum")
    full_story(world, title="Kisumu news")

    response = client.get("/search/", params)

    assert response.status_code == 200
    assert "<script" not in response.content.decode()
    assert result_count(response) == len(card_titles(response))


# -- queries ---------------------------------------------------------------------------
def build_results(size):
    """``size`` full events (each with an agenda), stories and resources about Kisumu."""
    world = build_world()
    for number in range(size):
        full_event(world, title=f"Kisumu event {number}")
        full_story(world, title=f"Kisumu story {number}")
        full_resource(world, title=f"Kisumu resource {number}")


#: The index's version (1), the page's ids in order (1), the cards with their
#: translations and organisations (3), the facet values of a few results (1; many are
#: counted in memory) and the names of topics, frameworks, countries, cities and
#: organisations (1).
SEARCH_QUERIES = 7 + 1  # and the ranked window's terms (words are matched in memory)


@pytest.mark.parametrize("query", [{"q": "kisumu"}, {"q": "kisumu (fr)", "kind": "event"}])
@pytest.mark.parametrize("size", [3, 30])
def test_queries_are_bounded(client, django_assert_max_num_queries, size, query):
    build_results(size)

    current_index()
    with django_assert_max_num_queries(SEARCH_QUERIES):
        response = client.get("/search/", query, HTTP_ACCEPT_LANGUAGE="fr", follow=True)

    titles = card_titles(response)
    assert len(titles) == min(size * (1 if "kind" in query else 4), 20)
    assert all(title.endswith(" (fr)") for title in titles)
