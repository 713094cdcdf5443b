"""Pledge pages: the list with its status facet, a pledge's page and its match forms,
the tracker; hostile input; bounded queries at two sizes."""

import datetime as dt
from collections import Counter

import pytest

from crossroads.content.models import Item
from crossroads.engagement.models import Pledge, PledgeMatch
from crossroads.engagement.pledges import services
from crossroads.events.models import Event
from tests.content.pages import card_titles, facets, html, result_count
from tests.engagement.pledging import editor_of, make_place, organisation, pledge
from tests.factories import EventFactory, ResourceFactory

pytestmark = pytest.mark.django_db

PROGRESS = ["planning", "in_progress", "fulfilled", "withdrawn"]


def make_pledges(count: int, place) -> list[Pledge]:
    grf = Event.objects.filter(slug="grf-2023").first()
    forums = [grf or EventFactory(title="Global Refugee Forum 2023", slug="grf-2023"), None]
    topics, frameworks = list(place.topics.values()), list(place.frameworks.values())
    made = []
    for n in range(count):
        made.append(
            pledge(
                title=f"Pledge {n:03d}",
                slug=f"p-{n:03d}",
                pledge_type=["commitment", "offer", "need"][n % 3],
                progress=PROGRESS[n % 4 if n % 5 else 1],
                forum=forums[n % 2],
                starts_on=dt.date(2023 + n % 3, 1, 1) if n % 4 else None,
                topics=topics[: n % 3 + 1],
                frameworks=frameworks[n % 2 : n % 2 + 1],
                cities=[place.kampala] if n % 2 else [],
                countries=[place.kenya] if n % 3 == 0 else [],
            )
        )
    return made


def test_the_status_facet_counts_equal_counted_pledges(client):
    made = make_pledges(14, make_place())
    expected = Counter(p.progress for p in made)

    for url in ("/pledges/", "/search/"):
        shown = {value: count for value, _, count, _ in facets(client.get(url))["Status"]}
        assert shown == dict(expected)

    response = client.get("/pledges/", {"status": ["fulfilled", "withdrawn"]})
    assert result_count(response) == expected["fulfilled"] + expected["withdrawn"]
    shown = {value: count for value, _, count, _ in facets(response)["Status"]}
    assert shown == dict(expected)  # disjunctive: its own selection is ignored
    titles = {p.title for p in made if p.progress in ("fulfilled", "withdrawn")}
    assert set(card_titles(response)) <= titles


def test_a_change_of_progress_moves_the_pledge_in_the_facet(client):
    made = pledge(title="Moving pledge")
    services.change_progress(pledge=made, progress="in_progress")

    shown = facets(client.get("/pledges/"))["Status"]
    assert [(value, count) for value, _, count, _ in shown] == [("in_progress", 1)]


def test_the_detail_page_shows_pledgers_forum_updates_evidence_and_matches(client):
    place = make_place()
    forum = EventFactory(title="Global Refugee Forum 2023", slug="grf-2023")
    report = ResourceFactory(title="School census", slug="census")
    need = pledge(
        title="Kampala classrooms",
        slug="kampala-classrooms",
        pledge_type="need",
        forum=forum,
        budget=250000,
        currency="USD",
    )
    services.set_pledgers(pledge=need, entities=[place.kampala, place.kisumu])
    services.change_progress(pledge=need, progress="in_progress", date=dt.date(2024, 2, 1))
    services.add_update(
        pledge=need, date=dt.date(2024, 9, 1), text="Ten classrooms built", evidence_resource=report
    )
    offer = pledge(title="Funding for classrooms", pledge_type="offer")
    now = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    PledgeMatch.objects.create(
        offer=offer, need=need, confirmed_by_offer_at=now, confirmed_by_need_at=now
    )
    unconfirmed = pledge(title="Half a match", pledge_type="offer")
    PledgeMatch.objects.create(offer=unconfirmed, need=need, confirmed_by_offer_at=now)

    page = html(client.get("/pledges/kampala-classrooms/"))

    assert "Kampala</a>, <a" in page and "Kisumu</a>" in page
    assert "Global Refugee Forum 2023" in page and "250,000 USD" in page
    assert "Ten classrooms built" in page
    assert f'href="{report.get_absolute_url()}">School census</a>' in page
    assert "<strong>In progress</strong>" in page
    assert "Funding for classrooms" in page and "Half a match" not in page
    assert "Kampala classrooms" in html(client.get(offer.get_absolute_url()))


@pytest.fixture
def sides(django_user_model):
    place = make_place()
    giver, taker, other = organisation("giver"), organisation("taker"), organisation("other")
    health = place.topics["health"]
    offer = pledge(giver, pledge_type="offer", title="Offer", slug="offer", topics=[health])
    need = pledge(taker, pledge_type="need", title="Need", slug="need", topics=[health])
    return {
        "offer": offer,
        "need": need,
        "giver": editor_of(django_user_model, giver, "giver"),
        "taker": editor_of(django_user_model, taker, "taker"),
        "stranger": editor_of(django_user_model, other, "stranger"),
    }


def test_editors_of_both_sides_confirm_a_match_through_the_page(client, sides):
    client.force_login(sides["giver"])
    page = html(client.get("/pledges/offer/"))
    assert "Suggested matches" in page and "1 topic in common" in page

    response = client.post("/pledges/offer/matches/propose/", {"other": sides["need"].pk})
    assert response.status_code == 302
    match = PledgeMatch.objects.get()
    assert not match.confirmed
    assert "No confirmed match." in html(client.get("/pledges/offer/"))

    client.force_login(sides["stranger"])
    response = client.post("/pledges/need/matches/confirm/", {"match": match.pk})
    assert response.status_code == 403
    client.force_login(sides["taker"])
    response = client.post("/pledges/need/matches/confirm/", {"match": match.pk})
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.confirmed
    client.logout()
    assert 'href="/pledges/offer/">Offer</a>' in html(client.get("/pledges/need/"))


def test_visitors_see_no_match_forms_and_cannot_post(client, sides):
    page = html(client.get("/pledges/offer/"))
    assert "Propose this match" not in page
    response = client.post("/pledges/offer/matches/propose/", {"other": sides["need"].pk})
    assert response.status_code == 403
    assert not PledgeMatch.objects.exists()


HOSTILE = ["", "0", "-1", "abc", "1e9", "9" * 40, "1; DROP TABLE x", "\x00", "null", "<b>"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_form_values_never_fail(client, sides, value):
    client.force_login(sides["giver"])
    for path, name in (("propose", "other"), ("confirm", "match")):
        response = client.post(f"/pledges/offer/matches/{path}/", {name: value})
        assert response.status_code in (400, 404), (path, value, response.status_code)
    assert client.get("/pledges/offer/matches/propose/").status_code == 405
    assert client.post("/pledges/nope/matches/propose/", {"other": 1}).status_code == 404


@pytest.mark.parametrize("value", [*HOSTILE, "planning" * 50, "fulfilled"])
def test_hostile_query_parameters_never_fail(client, value):
    make_pledges(3, make_place())
    for name in ("status", "q", "type", "page", "framework", "year", "from", "sort", "role"):
        for url in ("/pledges/", "/pledges/tracker/", "/search/"):
            assert client.get(url, {name: value}).status_code == 200, (url, name, value)
    assert client.get("/pledges/%00/").status_code == 404


def test_a_commitment_cannot_be_matched_from_the_page(client, sides):
    commitment = pledge(pledge_type="commitment", title="Commitment")
    client.force_login(sides["giver"])
    response = client.post("/pledges/offer/matches/propose/", {"other": commitment.pk})
    assert response.status_code == 302
    assert not PledgeMatch.objects.exists()


def _table(page: str, key: str) -> dict[str, int]:
    import re

    start = page.index(f'id="table-{key}"')
    body = page[start : page.index("</table>", start)]
    rows = re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]*)(?:</a>)?</th><td>(\d+)</td>', body)
    return {label: int(count) for label, count in rows}


def test_tracker_numbers_equal_independent_counts(client):
    place = make_place()
    made = make_pledges(17, place)
    pledge(title="Draft", status="draft", progress="fulfilled")

    page = html(client.get("/pledges/tracker/"))

    labels = dict(Pledge._meta.get_field("progress").choices)
    by_status = Counter(str(labels[p.progress]) for p in made)
    assert _table(page, "status") == {
        str(labels[k]): by_status.get(str(labels[k]), 0) for k in PROGRESS
    }
    assert _table(page, "forum") == dict(
        Counter(p.forum.title if p.forum else "No forum" for p in made)
    )
    frameworks = Counter(f.short_name for p in made for f in p.frameworks.all())
    assert _table(page, "framework") == dict(frameworks)
    regions = sum(1 for p in made if p.cities.exists() or p.countries.exists())
    assert _table(page, "region") == {"East Africa": regions}
    years = Counter(str((p.starts_on or p.published_at).year) for p in made)
    assert _table(page, "year") == dict(years)
    assert f"{len(made)} published pledges" in page
    assert page.count('<svg class="chart"') == 5


@pytest.mark.parametrize(
    ("url", "budget"),
    [("/pledges/", 16), ("/pledges/p-001/", 22), ("/pledges/tracker/", 12)],
)
def test_pages_run_a_bounded_number_of_queries(client, django_assert_max_num_queries, url, budget):
    place = make_place()
    make_pledges(4, place)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200
    Item.objects.filter(kind="pledge").delete()
    made = make_pledges(40, place)
    for p in made[:10]:
        services.add_update(pledge=p, text="More", date=dt.date(2025, 1, 1))
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_editor_detail_page_is_bounded_at_two_sizes(client, sides, django_assert_max_num_queries):
    client.force_login(sides["giver"])
    with django_assert_max_num_queries(30) as small:
        client.get("/pledges/offer/")
    health = sides["offer"].topics.get()
    for n in range(30):
        pledge(pledge_type="need", title=f"Need {n}", topics=[health])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/pledges/offer/")


def test_a_pledge_is_found_by_its_updates_and_in_the_sitemap_and_feed(client):
    made = pledge(title="Market stalls", slug="market-stalls", pledge_type="offer")
    services.add_update(pledge=made, text="Lottery for stalls held in Gaziantep")

    response = client.get("/search/", {"q": "lottery"})
    assert card_titles(response) == ["Market stalls"]
    assert "Offer of support" in html(response)
    assert "/pledges/market-stalls/" in client.get("/sitemap-items.xml").content.decode()
    assert "/pledges/market-stalls/" in client.get("/search/feed.atom").content.decode()
