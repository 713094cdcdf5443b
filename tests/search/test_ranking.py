"""The BM25-style score that orders a window of matches."""

import pytest

from crossroads.search.backends.postgresql import TsvectorText, tsvector_literal
from crossroads.search.ranking import scores
from crossroads.search.text import index_terms, parse_query


def doc(text: str) -> str:
    return " ".join(index_terms(text, "en"))


def test_more_occurrences_for_the_length_score_higher():
    query = parse_query("water")
    found = scores(
        query,
        {
            1: doc("water trucking brings water to the camp"),
            2: doc("water for the camp and a long list of other services " * 3),
            3: doc("nothing about it"),
        },
    )

    assert found[1] > found[2] > found[3] == 0


def test_repeating_a_word_counts_less_and_less():
    query = parse_query("camp")
    found = scores(query, {n: doc("camp " * n + "x " * (10 - n)) for n in (1, 2, 4, 8)})

    gains = [found[2] - found[1], found[4] - found[2], found[8] - found[4]]
    assert gains[0] > 0 and gains[1] > 0 and gains[2] > 0
    assert gains[0] / 1 > gains[1] / 2 > gains[2] / 4


def test_stems_and_a_prefix_of_the_last_word_count():
    query = parse_query("refugees hous")

    found = scores(query, {1: doc("refugee housing"), 2: doc("refugee"), 3: doc("housing")})

    assert found[1] > found[2] and found[1] > found[3] > 0


def test_a_word_repeated_next_to_itself_counts_every_time():
    query = parse_query("camp")

    found = scores(query, {1: doc("camp camp x"), 2: doc("camp x camp"), 3: doc("camp x y")})

    assert found[1] == found[2] > found[3]


def test_a_stem_the_prefix_begins_counts_once():
    text = {1: doc("camp and more"), 2: doc("other words here")}

    assert scores(parse_query("camp"), text) == scores(parse_query('"camp"'), text)


def test_no_documents_no_scores():
    assert scores(parse_query("water"), {}) == {}


@pytest.mark.parametrize(
    "text", ["refugees hous", '"host communities" camp', "réfugiés logement", "water"]
)
def test_both_backends_stored_texts_score_the_same(text):
    """SQLite hands over its terms separated by spaces, PostgreSQL its ``tsvector``'s
    text: read each its own way, the same terms give the same scores."""
    texts = {
        1: "refugee housing refugee camp host communities",
        2: "host communities camp camp water water water housed",
        3: "les réfugiés et le logement des réfugiés",
        4: "nothing here",
        5: "",
    }
    terms = {pk: index_terms(value, "fr" if pk == 3 else "en") for pk, value in texts.items()}
    query = parse_query(text)

    spaced = scores(query, {pk: " ".join(found) for pk, found in terms.items()})
    tsvector = scores(
        query, {pk: tsvector_literal(found) for pk, found in terms.items()}, TsvectorText
    )

    assert spaced == tsvector
    assert any(spaced.values())
