"""Pledges' progress, updates, joint pledges and matches, through their services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from crossroads.engagement.models import Pledge, PledgeMatch, Pledger, PledgeUpdate
from crossroads.engagement.pledges import queries, services
from tests.engagement.pledging import editor_of, make_place, organisation, pledge
from tests.factories import NetworkFactory, ResourceFactory

pytestmark = pytest.mark.django_db

ALLOWED = [
    ("planning", "in_progress"),
    ("planning", "withdrawn"),
    ("in_progress", "fulfilled"),
    ("in_progress", "withdrawn"),
]
REFUSED = [
    ("planning", "fulfilled"),
    ("planning", "planning"),
    ("in_progress", "planning"),
    ("fulfilled", "in_progress"),
    ("fulfilled", "withdrawn"),
    ("withdrawn", "planning"),
    ("withdrawn", "in_progress"),
    ("withdrawn", "fulfilled"),
    ("planning", "done"),
]


@pytest.mark.parametrize(("current", "new"), ALLOWED)
def test_allowed_changes_are_dated_updates(current, new):
    made = pledge(progress=current)
    day = dt.date(2025, 3, 4)

    update = services.change_progress(pledge=made, progress=new, date=day, text="Council vote")

    made.refresh_from_db()
    assert (made.progress, made.progress_changed_on) == (new, day)
    assert (update.date, update.progress, update.text) == (day, new, "Council vote")


@pytest.mark.parametrize(("current", "new"), REFUSED)
def test_refused_changes_change_nothing(current, new):
    made = pledge(progress=current)

    with pytest.raises(ValidationError):
        services.change_progress(pledge=made, progress=new)

    made.refresh_from_db()
    assert made.progress == current
    assert not PledgeUpdate.objects.exists()


def test_a_pledge_goes_from_planning_to_fulfilled_through_progress():
    made = pledge()
    services.change_progress(pledge=made, progress="in_progress", date=dt.date(2024, 1, 2))
    services.change_progress(pledge=made, progress="fulfilled", date=dt.date(2025, 6, 1))

    assert list(made.updates.values_list("date", "progress")) == [
        (dt.date(2025, 6, 1), "fulfilled"),
        (dt.date(2024, 1, 2), "in_progress"),
    ]
    with pytest.raises(ValidationError):
        services.change_progress(pledge=made, progress="withdrawn")


def test_an_update_with_evidence_and_no_change_of_progress():
    made = pledge(progress="in_progress")
    report = ResourceFactory(title="Annual report")

    update = services.add_update(
        pledge=made, date=dt.date(2025, 1, 1), text="Half built", evidence_resource=report
    )

    made.refresh_from_db()
    assert made.progress == "in_progress" and made.progress_changed_on is None
    assert update.evidence_resource == report and update.progress == ""


def test_an_empty_update_is_refused():
    with pytest.raises(ValidationError):
        services.add_update(pledge=pledge(), text="   ")
    assert not PledgeUpdate.objects.exists()


def test_a_joint_pledge_names_cities_organisations_and_networks_in_order():
    place = make_place()
    giz = organisation("giz")
    network = NetworkFactory(slug="igad", name="IGAD network")
    made = pledge()

    services.set_pledgers(pledge=made, entities=[place.kampala, place.kisumu, giz, network])

    assert [str(p) for p in made.pledgers.all()] == ["Kampala", "Kisumu", "Giz", "IGAD network"]
    services.set_pledgers(pledge=made, entities=[place.kisumu])
    assert [p.city for p in made.pledgers.all()] == [place.kisumu]
    with pytest.raises(ValidationError):
        services.set_pledgers(pledge=made, entities=["Kampala"])


def test_a_pledger_is_exactly_one_entity():
    place = make_place()
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledger.objects.create(pledge=pledge(), city=place.kampala, organisation=organisation("x"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledger.objects.create(pledge=pledge())


@pytest.fixture
def sides(django_user_model):
    giver, taker, other = organisation("giver"), organisation("taker"), organisation("other")
    offer = pledge(giver, pledge_type="offer", title="Offer")
    need = pledge(taker, pledge_type="need", title="Need")
    return {
        "offer": offer,
        "need": need,
        "giver": editor_of(django_user_model, giver, "giver"),
        "taker": editor_of(django_user_model, taker, "taker"),
        "stranger": editor_of(django_user_model, other, "stranger"),
    }


def test_a_match_holds_once_both_sides_confirmed(sides):
    match = services.propose_match(pledge=sides["offer"], other=sides["need"], by=sides["giver"])

    assert match.confirmed_by_offer_at and match.confirmed_by_need_at is None
    assert not match.confirmed
    assert queries.matches_of(sides["offer"]) == [] == queries.matches_of(sides["need"])

    match = services.confirm_match(match=match, by=sides["taker"])

    assert match.confirmed
    assert [m.other for m in queries.matches_of(sides["offer"])] == [sides["need"]]
    assert [m.other for m in queries.matches_of(sides["need"])] == [sides["offer"]]


def test_the_same_side_confirming_again_is_not_a_match(sides):
    match = services.propose_match(pledge=sides["offer"], other=sides["need"], by=sides["giver"])
    match = services.confirm_match(match=match, by=sides["giver"])
    again = services.propose_match(pledge=sides["offer"], other=sides["need"], by=sides["giver"])

    assert not match.confirmed and not again.confirmed
    assert PledgeMatch.objects.count() == 1


def test_the_need_side_may_propose_too(sides):
    match = services.propose_match(pledge=sides["need"], other=sides["offer"], by=sides["taker"])

    assert (match.offer, match.need) == (sides["offer"], sides["need"])
    assert match.confirmed_by_need_at and not match.confirmed_by_offer_at


def test_an_editor_of_neither_side_is_refused(sides):
    with pytest.raises(PermissionDenied):
        services.propose_match(pledge=sides["offer"], other=sides["need"], by=sides["stranger"])
    match = services.propose_match(pledge=sides["offer"], other=sides["need"], by=sides["giver"])
    with pytest.raises(PermissionDenied):
        services.confirm_match(match=match, by=sides["stranger"])
    match.refresh_from_db()
    assert match.confirmed_by_need_at is None


def test_only_an_offer_and_a_need_match(sides):
    commitment = pledge(pledge_type="commitment")
    with pytest.raises(ValidationError):
        services.propose_match(pledge=sides["offer"], other=commitment, by=sides["giver"])
    other_offer = pledge(pledge_type="offer")
    with pytest.raises(ValidationError):
        services.propose_match(pledge=sides["offer"], other=other_offer, by=sides["giver"])
    assert not PledgeMatch.objects.exists()


def _overlap(a: Pledge, b: Pledge) -> dict:
    found = {}
    for name in ("topics", "cities", "countries", "frameworks"):
        mine = set(getattr(a, name).values_list("pk", flat=True))
        theirs = set(getattr(b, name).values_list("pk", flat=True))
        if mine & theirs:
            found[name] = len(mine & theirs)
    return found


def test_suggestions_are_scored_by_independent_overlaps(django_assert_max_num_queries):
    place = make_place()
    t, f = place.topics, place.frameworks
    offer = pledge(
        pledge_type="offer",
        topics=[t["health"], t["housing"]],
        frameworks=[f["GCR"], f["SDG"]],
        cities=[place.kampala],
        countries=[place.uganda, place.kenya],
    )
    needs = [
        pledge(pledge_type="need", title="A", topics=[t["health"]], countries=[place.uganda]),
        pledge(
            pledge_type="need",
            title="B",
            topics=[t["health"], t["housing"], t["education"]],
            frameworks=[f["GCR"]],
            cities=[place.kampala],
            countries=[place.kenya],
        ),
        pledge(pledge_type="need", title="C", frameworks=[f["GCM"]]),  # nothing in common
        pledge(pledge_type="need", title="D", topics=[t["health"]], progress="withdrawn"),
        pledge(pledge_type="commitment", title="E", topics=[t["health"]]),
    ]
    needs.append(pledge(pledge_type="need", title="F", topics=[t["health"]], status="draft"))

    with django_assert_max_num_queries(6):
        found = queries.suggestions(offer)

    assert [s.pledge.title for s in found] == ["B", "A"]
    for suggestion in found:
        assert suggestion.shared == _overlap(offer, suggestion.pledge)
        assert suggestion.score == sum(_overlap(offer, suggestion.pledge).values())
    assert found[0].explanation == "2 topics, 1 city, 1 country, 1 framework in common"
    assert found[1].explanation == "1 topic, 1 country in common"
    assert [s.pledge for s in queries.suggestions(needs[1])] == [offer]
    assert queries.suggestions(needs[4]) == []
