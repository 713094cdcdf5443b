"""Where: the place of an event, how people attend it, and every city named."""

from __future__ import annotations

from functools import cached_property

from crossroads.ingest.directory import Entry, fold, gazetteer, words
from crossroads.ingest.extract.text import (
    INFERRED,
    READ,
    STATED,
    Mention,
    sentences,
)
from crossroads.ingest.records import PlaceMatch, Span
from crossroads.ingest.vocabulary import (
    EVENT_ANNOUNCEMENT,
    HYBRID,
    ONLY_VIRTUAL,
    ORGANISING_VERBS,
    PLACE_CUES,
    VENUE_CUES,
    VIRTUAL,
)

_BIG_CITY = 1_000_000


class PlaceRules:
    """Rules on places."""

    @cached_property
    def place(self) -> PlaceMatch | None:
        """Where the event takes place: the labelled location, a stated location, the
        title, then "in <city>" in the lead."""
        sources: list[tuple[str, int, float, bool | None]] = []
        if "location" in self.labels:
            value, span = self.labels["location"]
            sources.append((value, span.start, STATED, False))
        if self.facts.get("location"):
            sources.append((self.facts["location"], -1, STATED, False))
        if self.facts.get("title"):
            sources.append((self.facts["title"], -1, READ, None))
        if self.title_line is not None:
            sources.append((self.title_line.text, self.title_line.start, READ, None))
        for line in self.lead[1:]:
            for sentence, offset in sentences(line):
                if EVENT_ANNOUNCEMENT.search(sentence) or ORGANISING_VERBS.search(sentence):
                    sources.append((sentence, offset, INFERRED, True))
        for text, offset, confidence, needs_cue in sources:
            found = self._place_in(text, max(offset, 0), needs_cue)
            if found:
                place, span = found
                self.note("city", confidence, *([span] if offset >= 0 else []))
                self.note("country", confidence, *([span] if offset >= 0 else []))
                return place
        return None

    def _place_in(
        self, text: str, offset: int, needs_cue: bool | None
    ) -> tuple[PlaceMatch, Span] | None:
        """The first place named in ``text``: anywhere in a location field
        (``needs_cue`` False), after "in"/"à" in a sentence (True), or as any mention
        is recognised (None: a title)."""
        ws = words(text, offset)
        local = " " * offset + text  # offsets stay those of the page
        for mention in self._city_mentions(ws, local, anywhere=needs_cue is False):
            if needs_cue and not cued(local, mention[1], VENUE_CUES):
                continue
            entry, start, _was_cued, end = mention
            return _place(entry), Span(start, end)
        for match in self.directory.countries.find(ws, local):
            if needs_cue and not cued(local, match.start, VENUE_CUES):
                continue
            return PlaceMatch(name="", country=match.entry.country), Span(match.start, match.end)
        return None

    @cached_property
    def attendance(self) -> str | None:
        stated = self.facts.get("attendance")
        if stated:
            self.note("attendance", STATED)
            return stated
        if "location" in self.labels:
            value, span = self.labels["location"]
            mode = _attendance(value, has_place=self.place is not None and bool(self.place.name))
            if mode:
                self.note("attendance", STATED, span)
                return mode
        lead = " ".join(line.text for line in self.lead)
        if HYBRID.search(lead):
            self.note("attendance", INFERRED)
            return "hybrid"
        has_place = self.place is not None
        if VIRTUAL.search(lead) and not has_place:
            self.note("attendance", INFERRED)
            return "virtual"
        if has_place:
            self.note("attendance", INFERRED, *self.evidence.get("city", []))
            return "hybrid" if VIRTUAL.search(lead) else "in_person"
        return None

    @cached_property
    def cities(self) -> list[Mention]:
        """Every city the page names, in page order."""
        found = sorted(
            (
                Mention(entry.canonical, start, end, entry)
                for entry, start, cued, end in self._city_mentions(self.words, self.text)
            ),
            key=lambda mention: mention.start,
        )
        for mention in found:
            self.note("cities_mentioned", READ, Span(mention.start, mention.end))
        return found

    def _city_mentions(self, ws, text: str, anywhere: bool = False):
        """(entry, start, cued, end) for each city named in ``ws``: a city of our directory
        wherever it is named; a city of the gazetteer after a cue ("in", "Mayor of"),
        or anywhere when large; never inside the name of an organisation or a
        framework ("Marrakech Mayoral Declaration")."""
        taken = [(m.start, m.end) for m in self.organisation_matches]
        taken += [(s, e) for _code, s, e in self.framework_spans]
        taken += self.date_spans
        lowercase = self.lowercase_words
        for index in (self.directory.cities, gazetteer()):
            for match in index.find(ws, text):
                if any(s <= match.start < e for s, e in taken):
                    continue
                is_cued = cued(text, match.start)
                entry = match.entry
                written = text[match.start : match.end]
                if written.isupper() and len(written) <= 3 and not entry.canonical.isupper():
                    continue  # an acronym ("UN"), not a place ("Un"); "NAIROBI" is a place
                if not entry.from_directory:
                    if fold(written) in lowercase:
                        continue  # a word of the page, not a place ("Reading")
                    if not (is_cued or anywhere) and entry.population < _BIG_CITY:
                        continue
                    if self.directory.countries.lookup(entry.canonical):
                        continue  # "Uganda" is the country
                taken.append((match.start, match.end))
                yield entry, match.start, is_cued, match.end

    @cached_property
    def lowercase_words(self) -> set[str]:
        return {w.text for w in self.words if w.text.islower()}

    def resolved_places(self, record: dict) -> dict[str, PlaceMatch]:
        places = {m.name: _place(m.entry) for m in self.cities if m.entry}
        if record["city"] and record["city"] not in places:
            places[record["city"]] = self.place
        return places


def _place(entry: Entry) -> PlaceMatch:
    return PlaceMatch(
        name=entry.canonical,
        country=entry.country,
        city_id=entry.ident if entry.from_directory else None,
        geonameid=entry.geonameid,
    )


def _attendance(location: str, *, has_place: bool) -> str | None:
    if HYBRID.search(location):
        return "hybrid"
    if ONLY_VIRTUAL.match(location):
        return "virtual"
    if VIRTUAL.search(location):
        return "hybrid" if has_place else "virtual"
    return "in_person" if has_place else None


def cued(text: str, start: int, cues: frozenset[str] = PLACE_CUES) -> bool:
    """Whether a name at ``start`` follows words that make it a place ("in", "of")."""
    before = text[max(0, start - 20) : start].lower().split()
    if not before:
        return False
    return before[-1] in cues or " ".join(before[-2:]) in cues
