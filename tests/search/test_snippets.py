"""Snippets: the part of a text where the query's words are, marked."""

from crossroads.search.snippets import WIDTH, Highlighter
from crossroads.search.text import parse_query


def snippet(text: str, query: str, language: str) -> str:
    return Highlighter(parse_query(query)).snippet(text, language)


def test_without_a_match_the_text_starts_the_snippet():
    text = "word " * 100

    shown = snippet(text, "water", "en")

    assert shown == " ".join(["word"] * (WIDTH // 5)) + " …"  # no word cut in two
    assert snippet("Short text.", "", "en") == "Short text."


def test_the_snippet_is_cut_around_the_first_match_and_marks_every_match_in_it():
    text = "filler " * 200 + "Refugees and a refugee camp " + "filler " * 200 + "refugees"

    shown = snippet(text, "refugee", "en")

    assert shown.startswith("… filler filler") and shown.endswith("filler …")
    assert "<mark>Refugees</mark> and a <mark>refugee</mark> camp" in shown
    assert shown.count("<mark>") == 2  # the last one is beyond the snippet
    assert len(shown) < WIDTH + 50


def test_forms_prefixes_and_accents_match():
    text = "Les réfugiés s'installent; une réfugiée parle de logements."

    shown = snippet(text, "refugie loge", "fr")

    assert shown.count("<mark>") == 3
    assert "<mark>réfugiés</mark>" in shown and "<mark>logements</mark>" in shown


def test_markup_is_stripped_and_text_escaped():
    text = "**Water** <script>alert(1)</script> & [more](https://example.org/water)"

    shown = snippet(text, "water", "en")

    assert shown == "<mark>Water</mark> &lt;script alert 1 &lt;/script &amp; more"


def test_one_highlighter_reads_each_text_in_its_own_language():
    highlighter = Highlighter(parse_query('"cheval"'))

    french = highlighter.snippet("Des chevaux.", "fr")
    english = highlighter.snippet("Des chevaux.", "en")  # English stems no French plural
    again = highlighter.snippet("Trois chevaux.", "fr")

    assert french == "Des <mark>chevaux</mark>."
    assert english == "Des chevaux."
    assert again == "Trois <mark>chevaux</mark>."
