"""Text as the index sees it: words folded (case and accents), then stemmed per language.

Both backends index and query these normalised words, so English and French stemming,
accent folding and prefix matching behave the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

import snowballstemmer

#: The stemmer of each content language.
STEMMERS = {"en": "english", "fr": "french", "ar": "arabic"}

#: Words shorter than this are not matched by prefix (a one-letter prefix matches too much).
MIN_PREFIX = 2
#: Words longer than this are not indexed (PostgreSQL refuses lexemes over 2 kB).
MAX_WORD = 60
#: A query keeps at most this many words and phrases, and this many characters.
MAX_TERMS = 12
MAX_QUERY_CHARS = 300

_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')


#: Every combining mark (accents, Arabic short vowels), mapped to nothing.
_MARKS = {code: None for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))}


def fold(text: str) -> str:
    """Lowercase without accents: "États" → "etats"; Arabic loses its short vowels."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text.casefold()).translate(_MARKS)


def _unchanged(word: str) -> str:
    return word


@cache
def stemmer(language: str) -> Callable[[str], str]:
    """What stems an already folded word in ``language`` (unknown languages: nothing),
    remembering the commonest words' stems. (One cache per language, keyed by the word
    alone: indexing looks up every word of every text.)"""
    if language not in STEMMERS:
        return _unchanged
    snowball, lock = snowballstemmer.stemmer(STEMMERS[language]), threading.Lock()

    def stem_word(word: str) -> str:
        with lock:  # a Snowball stemmer keeps the word being stemmed in itself
            return snowball.stemWord(word)

    return lru_cache(maxsize=200_000)(stem_word)


def stem(word: str, language: str) -> str:
    """The stem of an already folded word in ``language`` (unknown languages: the word)."""
    return stemmer(language)(word)


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order (underscores split words too). Folding comes
    first, so every word is made of word characters only; longer words than any language
    has (a pasted hash, a run of letters) are left out."""
    found = _WORD.findall(fold(text).replace("_", " "))
    if max(map(len, found), default=0) > MAX_WORD:
        return [word for word in found if len(word) <= MAX_WORD]
    return found


def index_terms(text: str, language: str) -> list[str]:
    """What the index stores for ``text`` written in ``language``: stems, in order."""
    return list(map(stemmer(language), words(text)))


@dataclass(frozen=True)
class Term:
    """One query word. ``stems`` holds its stem in each language of ``STEMMERS`` (in that
    order) and then the word itself; any of them matches, and ``prefix`` (when set) also
    matches longer words."""

    stems: tuple[str, ...]
    prefix: str = ""

    @property
    def alternatives(self) -> list[str]:
        return sorted(set(self.stems))


@dataclass
class Query:
    """A parsed query: every term and every phrase must match."""

    terms: list[Term] = field(default_factory=list)
    phrases: list[list[Term]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)


def _term(word: str, *, prefix: bool) -> Term:
    stems = (*(stem(word, language) for language in STEMMERS), word)
    return Term(stems=stems, prefix=word if prefix and len(word) >= MIN_PREFIX else "")


def parse_query(text: str) -> Query:
    """Words must all match (the last one also as a prefix, as people type); "quoted
    words" must match in sequence. Anything else (operators, brackets, stray quotes) is
    read as plain text, so no input can break the backend's query syntax."""
    text = "".join(char if char.isprintable() else " " for char in text)[:MAX_QUERY_CHARS]
    query = Query()
    for phrase in _PHRASE.findall(text):
        phrase_words = words(phrase)
        if len(phrase_words) == 1:
            query.terms.append(_term(phrase_words[0], prefix=False))
        elif phrase_words:
            query.phrases.append([_term(word, prefix=False) for word in phrase_words])
        query.words.extend(phrase_words)
    loose = words(_PHRASE.sub(" ", text))
    for position, word in enumerate(loose):
        query.terms.append(_term(word, prefix=position == len(loose) - 1))
    query.words.extend(loose)
    del query.terms[MAX_TERMS:]
    del query.phrases[MAX_TERMS:]
    return query
