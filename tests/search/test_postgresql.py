"""The text of PostgreSQL's ``tsvector`` values, written out by ``tsvector_literal``."""

from crossroads.search.backends.postgresql import MAX_POSITION, tsvector_literal


def test_each_term_is_written_once_with_its_positions_in_order():
    assert (
        tsvector_literal(["water", "city", "water", "refuge"]) == "'water':1,3 'city':2 'refuge':4"
    )


def test_an_empty_text_gives_an_empty_value():
    assert tsvector_literal([]) == ""


def test_words_past_the_last_position_share_it():
    words = ["filler"] * (MAX_POSITION - 1) + ["end", "late", "end", "late"]

    written = dict(part.split(":") for part in tsvector_literal(words).split())

    assert written["'late'"] == str(MAX_POSITION)
    assert written["'end'"] == str(MAX_POSITION)
    assert written["'filler'"].split(",")[:2] == ["1", "2"]


def test_a_term_keeps_its_first_256_positions():
    written = tsvector_literal(["water"] * 300)

    assert written == "'water':" + ",".join(str(position) for position in range(1, 257))
