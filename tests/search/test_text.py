"""Text as the index sees it: folding, stemming in English and French, parsing queries."""

import re
import sys
import threading

import pytest
import snowballstemmer

from crossroads.search.text import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    Query,
    Term,
    fold,
    index_terms,
    parse_query,
    stem,
    stemmer,
    words,
)

WORD = re.compile(r"\w+")


# -- folding and stemming ----------------------------------------------------
@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("États", "etats"),
        ("RÉFUGIÉS", "refugies"),
        ("Bogotá", "bogota"),
        ("Cúcuta", "cucuta"),
        ("Straße", "strasse"),
        ("ﬁnance", "finance"),
        ("مُهَاجِر", "مهاجر"),
    ],
)
def test_fold_lowercases_and_removes_accents(word, folded):
    assert fold(word) == folded


@pytest.mark.parametrize(
    ("language", "forms", "expected"),
    [
        ("en", ["refugees", "refugee"], "refuge"),
        ("en", ["cities", "city"], "citi"),
        ("en", ["housing", "houses"], "hous"),
        ("fr", ["villes", "ville"], "vill"),
        ("fr", ["réfugiés", "réfugié", "refugies", "refugie"], "refug"),
        ("fr", ["logements", "logement"], "log"),
    ],
)
def test_inflected_forms_share_a_stem(language, forms, expected):
    assert [stem(fold(form), language) for form in forms] == [expected] * len(forms)


def test_an_unknown_language_keeps_the_word():
    assert stem("refugees", "sw") == "refugees"


def test_index_terms_are_folded_stems_in_order():
    assert index_terms("Refugees in cities", "en") == ["refuge", "in", "citi"]
    assert index_terms("Les réfugiés dans les villes", "fr") == [
        "le",
        "refug",
        "dan",
        "le",
        "vill",
    ]


def test_words_split_on_punctuation_and_underscores():
    assert words("États-Unis: l'accueil, snake_case") == [
        "etats",
        "unis",
        "l",
        "accueil",
        "snake",
        "case",
    ]


# -- parsing queries ----------------------------------------------------------
def test_every_word_is_a_term_and_only_the_last_one_a_prefix():
    query = parse_query("Refugees in cit")

    assert query.terms == [
        Term(stems=("refuge", "refuge", "refugees", "refugees"), prefix=""),
        Term(stems=("in", "in", "in", "in"), prefix=""),
        Term(stems=("cit", "cit", "cit", "cit"), prefix="cit"),
    ]
    assert query.phrases == []
    assert query.words == ["refugees", "in", "cit"]


def test_a_term_holds_its_stem_in_every_language_then_the_word():
    (term,) = parse_query("réfugiés").terms

    assert term.stems[:2] == ("refugi", "refug")  # English, French
    assert term.stems[-1] == "refugies"
    assert term.alternatives == sorted(set(term.stems))


def test_a_one_letter_last_word_is_no_prefix():
    assert parse_query("housing a").terms[-1] == Term(stems=("a", "a", "a", "a"), prefix="")
    assert parse_query("ab").terms[-1].prefix == "ab"


def test_quoted_words_are_a_phrase_of_unprefixed_terms():
    query = parse_query('"refugees in cities" hous')

    assert query.phrases == [
        [
            Term(stems=("refuge", "refuge", "refugees", "refugees")),
            Term(stems=("in", "in", "in", "in")),
            Term(stems=("citi", "cit", "cities", "cities")),
        ]
    ]
    assert query.terms == [Term(stems=("hous", "hous", "hous", "hous"), prefix="hous")]
    assert query.words == ["refugees", "in", "cities", "hous"]


def test_a_quoted_single_word_is_a_plain_term_without_prefix():
    query = parse_query('"housing"')

    assert query.phrases == []
    assert query.terms == [Term(stems=("hous", "housing", "housing", "housing"))]


def test_a_quoted_word_is_not_the_prefixed_last_word():
    query = parse_query('housing "refugees"')

    assert [(term.stems[-1], term.prefix) for term in query.terms] == [
        ("refugees", ""),
        ("housing", "housing"),
    ]


def test_a_query_keeps_at_most_max_terms_words():
    query = parse_query(" ".join(f"word{number}" for number in range(30)))

    assert len(query.terms) == MAX_TERMS
    assert [term.stems[-1] for term in query.terms] == [f"word{n}" for n in range(MAX_TERMS)]


@pytest.mark.parametrize("text", ["", "   ", "!!!", '""', "\x00\x01", "-:^*()"])
def test_a_query_without_words_is_empty(text):
    query = parse_query(text)

    assert query == Query()
    assert not query


# -- hostile input --------------------------------------------------------------
HOSTILE = [
    '"foo* AND (',
    "foo* AND (",
    "NEAR(refugees cities, 2)",
    "NEAR/3 refugees",
    "refugees NOT cities OR housing",
    "-housing -",
    "title:housing : terms:",
    "^housing ^",
    "l'accueil ' '' '''",
    "O'Brien's \"'\"",
    "back\\slash \\ \\\\ \\'",
    '"unbalanced',
    'un"balanced"quotes"',
    '"""',
    "'&|!:*<->",
    "refug:* & !housing | (a <-> b)",
    "( ( ( ) ) ) ( (",
    "{col1 col2}: housing",
    "%_% _ __init__",
    "x" * 10_000,
    "réfugiés " * 1_200,
    '"' + "a " * 5_000,
    "refugees\x00housing",
    "\x00",
    "\x01\x02\x1b[31m\x7f\x9f",
    "\u200b\u202e\ufeff housing",
    "\ud800 lone surrogate",
    "😀 refugees 🏠",
    ".,;:!?()[]{}<>*^~-+=|&%$#@`",
    "   \t\n\r  ",
    'السلام عليكم "اللاجئون',
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: repr(text[:24]))
def test_hostile_input_gives_word_character_terms_only(text):
    query = parse_query(text)

    terms = [*query.terms, *(term for phrase in query.phrases for term in phrase)]
    for term in terms:
        for part in (*term.stems, *term.alternatives):
            assert WORD.fullmatch(part), (text[:40], part)
        assert term.prefix == "" or WORD.fullmatch(term.prefix)
    for word in query.words:
        assert WORD.fullmatch(word)
    assert len(query.terms) <= MAX_TERMS
    assert len(query.phrases) <= MAX_TERMS
    assert sum(len(word) for word in query.words) <= MAX_QUERY_CHARS


def test_control_characters_separate_words():
    assert parse_query("refugees\x00housing\x1fcities").words == ["refugees", "housing", "cities"]


def test_a_long_query_is_cut_at_max_query_chars():
    query = parse_query("xy " * 10_000)

    assert query.words == ["xy"] * (MAX_QUERY_CHARS // 3)


def test_words_longer_than_any_language_has_are_left_out():
    assert parse_query("a" * 61 + " housing " + "b" * 60).words == ["housing", "b" * 60]


@pytest.mark.parametrize("text", ["⑴ housing", "½", "ͺ", "Ŀ"])
def test_folding_never_makes_non_word_terms(text):
    query = parse_query(text)

    assert all(WORD.fullmatch(part) for term in query.terms for part in term.alternatives)


def test_stemming_from_several_threads_gives_each_word_its_own_stem():
    """Indexing runs in request threads, and a Snowball stemmer holds the word it stems."""
    endings = ("alement", "ations", "erons", "issement", "ais")
    many = [f"{root}{ending}" for root in map(_letters, range(3000)) for ending in endings]
    snowball = snowballstemmer.stemmer("french")
    expected = {word: snowball.stemWord(word) for word in many}
    stemmer.cache_clear()
    found: list[dict[str, str]] = []
    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns as often as they can
    try:
        threads = [
            threading.Thread(target=lambda: found.append({w: stem(w, "fr") for w in many}))
            for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(switching)

    assert found == [expected] * 4


def _letters(number: int) -> str:
    """A made-up root word for ``number``: "bab", "bac"…"""
    letters = "bcdfglmnprstv"
    root = ""
    while True:
        number, digit = divmod(number, len(letters))
        root += letters[digit] + "a"
        if not number:
            return root
