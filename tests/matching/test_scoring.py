"""The arithmetic of scores and the words that explain them."""

import pytest

from crossroads.matching import scoring
from crossroads.matching.scoring import Clause, PeerMatch


@pytest.mark.parametrize(
    ("population", "label"),
    [
        (0, "under 100,000 people"),
        (99_999, "under 100,000 people"),
        (100_000, "100,000 to 300,000 people"),
        (299_999, "100,000 to 300,000 people"),
        (300_000, "300,000 to 1 million people"),
        (999_999, "300,000 to 1 million people"),
        (1_000_000, "1 to 5 million people"),
        (5_000_000, "5 million people or more"),
        (40_000_000, "5 million people or more"),
    ],
)
def test_size_classes(population, label):
    assert str(scoring.size_class(population)) == label


def test_an_unknown_population_has_no_size():
    assert scoring.size_class(None) is None


def test_points_halve_every_three_years_and_are_exact_multiples():
    assert scoring.activity_points("hosted", 2025) == 3.0
    assert scoring.activity_points("signed", 2022) == 0.5
    assert scoring.activity_points("spoke", 2028) == 4.0
    assert scoring.activity_points("published", 2024) * 1024 == round(3 * 2 ** (-1 / 3) * 1024)
    assert scoring.points_now(6.0, year=2028) == 3.0


def test_scores_keep_their_order_as_years_pass():
    older = scoring.activity_points("hosted", 2019) + scoring.activity_points("hosted", 2020)
    newer = scoring.activity_points("spoke", 2024)
    for year in (2024, 2030, 2040):
        assert (scoring.points_now(older, year=year) < scoring.points_now(newer, year=year)) is (
            older < newer
        )


@pytest.mark.parametrize(
    ("clause", "text"),
    [
        (Clause("hosted", 1, 2021, "Housing"), "hosted 1 event on Housing in 2021"),
        (Clause("hosted", 2, 2019, "Housing"), "hosted 2 events on Housing since 2019"),
        (Clause("spoke", 3, 2022, "Housing"), "spoke at 3 events on Housing since 2022"),
        (Clause("spoke", 1, 2022, "Water"), "spoke at 1 event on Water in 2022"),
        (
            Clause("published", 4, 2020, "Health"),
            "published 4 resources or stories on Health since 2020",
        ),
        (Clause("pledged", 1, 2023, "Health"), "made 1 pledge on Health in 2023"),
        (Clause("signed", 2, 2024, "Health"), "signed 2 campaigns on Health since 2024"),
    ],
)
def test_clauses_say_the_count_and_the_first_year(clause, text):
    assert str(clause) == text


def test_an_explanation_names_the_deepest_clauses_and_counts_the_rest():
    clauses = [
        Clause("spoke", 3, 2022, "Housing"),
        Clause("hosted", 2, 2019, "Housing"),
        Clause("signed", 1, 2024, "Water"),
        Clause("pledged", 1, 2023, "Water"),
    ]

    assert scoring.explain(clauses) == (
        "spoke at 3 events on Housing since 2022; hosted 2 events on Housing since 2019; "
        "signed 1 campaign on Water in 2024 (and 1 more activity)"
    )
    assert scoring.explain(clauses[:2]) == (
        "spoke at 3 events on Housing since 2022; hosted 2 events on Housing since 2019"
    )
    assert scoring.explain([]) == ""


def test_a_peer_match_adds_the_points_of_what_is_shared():
    match = PeerMatch(
        city=None,
        same_region="east_africa",
        same_country=True,
        size="adjacent",
        size_label="100,000 to 300,000 people",
        both_intermediary=True,
        groups=["refugees", "returnees"],
        networks=["Lake network"],
        needs=["Housing", "Health", "Water"],
    )

    assert match.score == 3 + 2 + 1 + 1 + 2 * 2 + 1 + 3
    assert match.explanation == (
        "both host refugees and returnees; 3 needs in common: Housing, Health and Water; "
        "a network in common: Lake network; same country; same region (East Africa); "
        "similar size (100,000 to 300,000 people); both intermediary cities"
    )


def test_a_match_on_place_alone_scores_its_place():
    match = PeerMatch(
        city=None,
        same_region="east_africa",
        same_country=True,
        size="same",
        size_label="under 100,000 people",
    )

    assert (match.score, match.explanation) == (
        7,
        "same country; same region (East Africa); same size (under 100,000 people)",
    )
