"""From a page to an extraction record (``../shared/ingest/SCHEMA.md``).

The rules read what partner pages have in common, never one site's layout: labelled
fields ("Starts:", "Lieu :"), a title line, a lead sentence saying who hosts what where,
lines of times for a programme, lines naming documents, and names our directory knows.
Each value keeps the spans of text it was read from and a confidence, so that editors
check what matters. Facts a format states (a calendar's DTSTART, a page's schema.org
Event) come first; the text fills in the rest. Nothing is guessed: what the page does
not state stays null or empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from crossroads.ingest import dates
from crossroads.ingest.directory import Directory, Entry, Match, fold, gazetteer, words
from crossroads.ingest.pages import Page
from crossroads.ingest.records import Extraction, PlaceMatch, Span, empty_record
from crossroads.ingest.vocabulary import (
    CHROME,
    DOCUMENT_LANGUAGE,
    DOCUMENT_NOUN,
    ENTITLED,
    EVENT_ANNOUNCEMENT,
    FRAMEWORK_PATTERNS,
    HYBRID,
    KIND_CHROME,
    LABELS,
    LANGUAGE_HINTS,
    LANGUAGE_NAMES,
    NOT_YET,
    OFFICE_PREFIXES,
    ONLY_VIRTUAL,
    ORDINAL,
    ORGANISATION_WORDS,
    ORGANISED_BY,
    ORGANISING_VERBS,
    PART_OF,
    PARTNERSHIP,
    PLACE_CUES,
    TITLE_TYPE,
    VENUE_CUES,
    VIRTUAL,
)

#: Confidence by where a value came from.
STATED = 0.95  # a labelled field, or a fact the format states
READ = 0.8  # a rule that rarely errs (a title line, a programme line, a known name)
INFERRED = 0.5  # a rule that may err (the date of a flyer's name, an implied date)
GUESSED = 0.3

_LABEL = re.compile(
    r"^(?P<label>"
    + "|".join(
        sorted(
            (re.escape(label) for labels in LABELS.values() for label in labels),
            key=len,
            reverse=True,
        )
    )
    + r")\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
#: "Published on 3 March 2025", "Publié le 3 mars 2025": a date label needs no colon.
_PUBLISHED = re.compile(
    r"^(?:published|posted|publié|mis en ligne)(?:\s+(?:on|le))?\s+(?P<value>\d.*|\w+ \d.*)$",
    re.IGNORECASE,
)
_LABEL_FIELD = {label: name for name, labels in LABELS.items() for label in labels}
_BULLET = re.compile(r"^[•◦▪·*\-–]\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“«])")
_TIME = r"(?:[01]?\d|2[0-3])(?:[:h.][0-5]\d)?\s*(?:[ap]\.?m\.?)?"
_PROGRAM_LINE = re.compile(
    rf"^(?P<start>{_TIME})(?:\s*(?:-|–|—|to|à|au)\s*(?P<end>{_TIME}))?\s*(?:[:|\-–—]\s*)?"
    r"(?P<title>\S.*)$",
    re.IGNORECASE,
)
_PARTICIPANTS_INTRO = re.compile(
    r"[,:;–-]?\s*(?:(?:with\s+)?contributions?\s+(?:by|from)|speakers?|panell?ists?|"
    r"with|featuring|moderated by|chaired by|intervenants?|avec|modéré par|animé par)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
#: The place that opens a news agency's paragraph: "NAIROBI, 4 April 2024 –".
_DATELINE = re.compile(r"^[A-Z][A-Z' -]{2,40}(?:\([A-Za-z. ]+\))?\s*[,–-]\s*$")
_LIST_SPLIT = re.compile(r"\s*(?:,|;|\band\s+and\b|\band\b|&|\bet\b)\s*", re.IGNORECASE)
_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9&-]{1,11})\s*\)")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|of|for|on|and|the|de|la|le|du|des|et|pour|d|l)$")


@dataclass(frozen=True)
class Line:
    text: str  # without its indentation and bullet
    start: int  # offsets of ``text`` in the page
    end: int
    indent: int
    bullet: bool

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True)
class Mention:
    """A name found in the text, resolved to a directory entry or standing alone."""

    name: str  # canonical
    start: int
    end: int
    entry: Entry | None = None


def extract(page: Page, directory: Directory) -> Extraction:
    """The extraction record of ``page``, names resolved against ``directory``."""
    return Reading(page, directory).extraction()


class Reading:
    """One page being read: each property is one rule, computed once."""

    def __init__(self, page: Page, directory: Directory) -> None:
        self.page = page
        # No-break and thin spaces read as spaces; one character each, so offsets hold.
        self.text = page.text.translate(_SPACES)
        self.facts = page.facts
        self.directory = directory
        self.confidence: dict[str, float] = {}
        self.evidence: dict[str, list[Span]] = {}

    # -- the record ----------------------------------------------------------------
    def extraction(self) -> Extraction:
        record = empty_record(self.page.source)
        record["kind"] = self.kind
        record["title"] = self.title
        is_event = self.kind == "event"
        record["start"], record["end"] = self.event_dates if is_event else self.news_date
        if is_event:
            record["attendance"] = self.attendance
            place = self.place
            record["city"] = (place.name or None) if place else None
            record["country"] = place.country if place else None
            record["organizers"], record["partners"] = self.actors
            record["parent_event"] = self.parent_event
            record["program"] = self.program
        record["documents"] = self.documents
        record["frameworks"] = list(self.frameworks)
        record["organizations_mentioned"] = _unique(m.name for m in self.organisations)
        record["cities_mentioned"] = _unique(m.name for m in self.cities)
        return Extraction(
            page=self.page,
            record=record,
            language=self.language,
            confidence={k: v for k, v in self.confidence.items() if _stated(record.get(k))},
            evidence={k: v for k, v in self.evidence.items() if _stated(record.get(k))},
            organisations=self.resolved_organisations(record),
            places=self.resolved_places(record),
            summary=self.summary,
            body=self.body,
            timezone=self.facts.get("timezone"),
        )

    def note(self, field: str, confidence: float, *spans: Span) -> None:
        self.confidence[field] = max(confidence, self.confidence.get(field, 0.0))
        self.evidence.setdefault(field, []).extend(spans)

    # -- lines, labels, language ---------------------------------------------------
    @cached_property
    def lines(self) -> list[Line]:
        """The page's non-empty lines, furniture ("Share", "Related Items") left out."""
        found, offset = [], 0
        for raw in self.text.split("\n"):
            stripped = raw.strip()
            if stripped:
                indent = len(raw) - len(raw.lstrip())
                bullet = _BULLET.match(stripped)
                content = stripped[bullet.end() :] if bullet else stripped
                start = offset + indent + (bullet.end() if bullet else 0)
                if _fold_line(content) not in _CHROME:
                    found.append(Line(content, start, start + len(content), indent, bool(bullet)))
            offset += len(raw) + 1
        return found

    @cached_property
    def chrome(self) -> set[str]:
        return {_fold_line(line) for line in self.text.split("\n")} & _KIND_CHROME

    @cached_property
    def labels(self) -> dict[str, tuple[str, Span]]:
        """Labelled fields ("Starts: Feb 27, 2019"), the first of each."""
        found: dict[str, tuple[str, Span]] = {}
        for line in self.lines:
            match = _LABEL.match(line.text) or _PUBLISHED.match(line.text)
            if match and match.group("value").strip():
                label = match.groupdict().get("label")
                field = _LABEL_FIELD[label.lower()] if label else "published"
                value_start = line.start + match.start("value")
                span = Span(value_start, value_start + len(match.group("value").rstrip()))
                found.setdefault(field, (match.group("value").strip(), span))
        return found

    @cached_property
    def content(self) -> list[Line]:
        """Lines of prose and lists: not labelled fields."""
        return [
            line
            for line in self.lines
            if not _LABEL.match(line.text) and not _PUBLISHED.match(line.text)
        ]

    @cached_property
    def language(self) -> str:
        if self.page.language in ("en", "fr"):
            return self.page.language
        counts = {language: 0 for language in LANGUAGE_HINTS}
        for word in re.findall(r"[a-zà-ÿ']+", self.text[:5000].lower()):
            for language, hints in LANGUAGE_HINTS.items():
                counts[language] += word in hints
        return max(counts, key=counts.get)

    @cached_property
    def words(self):
        return words(self.text)

    # -- title, summary, kind --------------------------------------------------------
    @cached_property
    def title_line(self) -> Line | None:
        """The first line of two words or more that is not a date alone (one word above
        a title is a menu or a section: "Events", "Actualités")."""
        for line in self.content:
            if len(line.text.split()) < 2:
                continue
            if not dates.find_dates(line.text, self.language) or len(line.text) > 60:
                return line
        return None

    @cached_property
    def title(self) -> str | None:
        stated = self.facts.get("title")
        if stated:
            self.note("title", STATED)
            return _clean_title(stated)
        line = self.title_line
        if line is None:
            return None
        text = line.text
        if len(text) > 200:
            text = _SENTENCE_END.split(text)[0]
        self.note(
            "title", READ if len(text) < 120 else INFERRED, Span(line.start, line.start + len(text))
        )
        return _clean_title(text)

    @cached_property
    def lead(self) -> list[Line]:
        """The title line and the two paragraphs after it: where pages say who, what,
        where and when."""
        if self.title_line is None:
            return []
        index = self.content.index(self.title_line)
        return self.content[index : index + 3]

    @cached_property
    def summary(self) -> str:
        prose = [line for line in self.lead[1:] if len(line.text) > 80]
        if prose:
            return prose[0].text
        return self.lead[0].text if self.lead and len(self.lead[0].text) > 80 else ""

    @cached_property
    def body(self) -> str:
        start = self.title_line.end if self.title_line else 0
        return self.text[start:].strip()

    @cached_property
    def kind(self) -> str:
        stated = self.facts.get("kind")
        if stated in ("event", "news"):
            self.note("kind", STATED)
            return stated
        if self.chrome & {fold(phrase) for phrase in KIND_CHROME["news"]}:
            self.note("kind", READ)
            return "news"
        if self.chrome & {fold(phrase) for phrase in KIND_CHROME["event"]} or {
            "start",
            "location",
        } & set(self.labels):
            self.note("kind", STATED if self.labels else READ)
            return "event"
        if self.program_lines:
            self.note("kind", READ)
            return "event"
        for line in self.lead:
            match = EVENT_ANNOUNCEMENT.search(line.text)
            if match:
                self.note(
                    "kind", INFERRED, Span(line.start + match.start(), line.start + match.end())
                )
                return "event"
        self.note("kind", INFERRED)
        return "news"

    # -- dates --------------------------------------------------------------------
    @cached_property
    def event_dates(self) -> tuple[str | None, str | None]:
        start, end = self._stated_dates()
        if start is None:
            start, end = self._read_dates()
        if start is not None and end is None:
            end = start[:10]  # one day; its end time is not stated
            self.note(
                "end", self.confidence.get("start", INFERRED), *self.evidence.get("start", [])
            )
        return start, end

    def _stated_dates(self) -> tuple[str | None, str | None]:
        start = end = None
        if "start" in self.labels:
            value, span = self.labels["start"]
            found = dates.find_dates(value, self.language) or dates.find_years(value)
            if found:
                start, end = found[0].start, found[0].end
                self.note("start", STATED, span)
                if end:
                    self.note("end", STATED, span)
        if "end" in self.labels and end is None:
            value, span = self.labels["end"]
            end = dates.parse(value, self.language)
            if end:
                self.note("end", STATED, span)
        if start is None and self.facts.get("start"):
            start, end = self.facts["start"], self.facts.get("end")
            self.note("start", STATED)
            if end:
                self.note("end", STATED)
        return start, end

    def _read_dates(self) -> tuple[str | None, str | None]:
        """The dates of an event without labelled dates: in its title, then in short
        lines naming it (a flyer's name), then in a sentence announcing it."""
        title = self.title_line
        candidates: list[tuple[Line, float, bool]] = []
        if title is not None:
            candidates.append((title, READ, True))
        candidates += [
            (line, INFERRED, False)
            for line in self.content
            if line is not title and len(line.text.split()) <= 15 and not line.text.endswith(".")
        ]
        for line, confidence, years_too in candidates:
            found = dates.find_dates(line.text, self.language, line.start)
            if not found and years_too:
                found = dates.find_years(line.text, line.start)
            if found:
                date = found[0]
                self.note("start", confidence, Span(date.offset, date.end_offset))
                if date.end:
                    self.note("end", confidence, Span(date.offset, date.end_offset))
                return date.start, date.end
        for line in self.lead[1:]:
            for sentence, offset in _sentences(line):
                if not EVENT_ANNOUNCEMENT.search(sentence):
                    continue
                found = dates.find_dates(sentence, self.language, offset)
                if found:
                    date = found[0]
                    self.note("start", INFERRED, Span(date.offset, date.end_offset))
                    return date.start, date.end
        return None, None

    @cached_property
    def news_date(self) -> tuple[str | None, None]:
        """When news was published: stated, or a date standing alone near the top, or
        implied by the latest date it reports (to the month only)."""
        if "published" in self.labels:
            value, span = self.labels["published"]
            stated = dates.parse(value, self.language)
            if stated:
                self.note("start", STATED, span)
                return stated, None
        if self.facts.get("published"):
            self.note("start", STATED)
            return self.facts["published"], None
        for line in self.lines[:6]:
            found = dates.find_dates(line.text, self.language, line.start)
            if not found:
                continue
            alone = found[0].end_offset - found[0].offset >= len(line.text) - 3
            if alone or _DATELINE.match(line.text[: found[0].offset - line.start]):
                self.note("start", READ, Span(found[0].offset, found[0].end_offset))
                return found[0].start, None
        reported = [
            date
            for date in dates.find_dates(self.text, self.language)
            if date.precision in ("day", "month", "time")
        ]
        if not reported:
            return None, None
        latest = max(reported, key=lambda d: (d.end or d.start)[:10])
        self.note("start", GUESSED, Span(latest.offset, latest.end_offset))
        return (latest.end or latest.start)[:7], None

    # -- place and attendance ----------------------------------------------------------
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
        if self.title_line is not None:
            sources.append((self.title_line.text, self.title_line.start, READ, None))
        for line in self.lead[1:]:
            for sentence, offset in _sentences(line):
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
            if needs_cue and not _cued(local, mention[1], VENUE_CUES):
                continue
            entry, start, _was_cued, end = mention
            return _place(entry), Span(start, end)
        for match in self.directory.countries.find(ws, local):
            if needs_cue and not _cued(local, match.start, VENUE_CUES):
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

    # -- names -------------------------------------------------------------------------
    @cached_property
    def framework_spans(self) -> list[tuple[str, int, int]]:
        found = []
        for code, pattern in _FRAMEWORKS:
            for match in pattern.finditer(self.text):
                found.append((code, match.start(), match.end()))
        return sorted(found, key=lambda f: f[1])

    @cached_property
    def frameworks(self) -> list[str]:
        codes = _unique(code for code, _start, _end in self.framework_spans)
        for _code, start, end in self.framework_spans:
            self.note("frameworks", READ, Span(start, end))
        return codes

    @cached_property
    def organisation_matches(self) -> list[Match]:
        return list(self.directory.organisations.find(self.words, self.text))

    @cached_property
    def defined_acronyms(self) -> dict[str, Mention]:
        """Organisations the directory lacks, as the page defines them: "Full Name
        (ACRONYM)" where the name reads like an organisation's."""
        found: dict[str, Mention] = {}
        known = {(m.start, m.end) for m in self.organisation_matches}
        for match in _ACRONYM_AFTER.finditer(self.text):
            acronym = match.group(1)
            if (
                self.directory.organisations.lookup(acronym)
                or (
                    match.start(1),
                    match.end(1),
                )
                in known
            ):
                continue
            name_start = _name_before(self.text, match.start())
            name = self.text[name_start : match.start()].strip()
            name = re.sub(r"^(?:the|la|le|les|l')\s+", "", name, flags=re.IGNORECASE)
            if len(name.split()) < 2 or not ORGANISATION_WORDS.search(name):
                continue
            if self.directory.organisations.lookup(name):
                continue
            found[acronym] = Mention(name, name_start, match.end())
        return found

    @cached_property
    def organisations(self) -> list[Mention]:
        """Every organisation the page names, in page order: those of the directory
        (not as an edition of an event: "the 13th Global Forum…"), those it defines,
        and those its labelled fields and programme name."""
        mentions: list[Mention] = []
        for match in self.organisation_matches:
            if self._is_edition(match.start):
                continue
            mentions.append(Mention(match.entry.canonical, match.start, match.end, match.entry))
        defined = self.defined_acronyms
        mentions += defined.values()
        if defined:
            pattern = re.compile(r"\b(" + "|".join(map(re.escape, defined)) + r")\b")
            mentions += [
                Mention(defined[m.group()].name, m.start(), m.end())
                for m in pattern.finditer(self.text)
            ]
        organizers, partners = self.actors if self.kind == "event" else ([], [])
        for name in organizers + partners:
            mentions.append(Mention(name, -1, -1))
        for item in self.program if self.kind == "event" else ():
            for name in item["participants"]:
                if self.directory.organisations.lookup(name):
                    mentions.append(Mention(name, -1, -1))
        for mention in mentions:
            if mention.start >= 0:
                self.note("organizations_mentioned", READ, Span(mention.start, mention.end))
        return sorted(mentions, key=lambda m: m.start if m.start >= 0 else len(self.text))

    def _is_edition(self, start: int) -> bool:
        before = self.text[max(0, start - 20) : start].split()
        return bool(before) and bool(ORDINAL.match(before[-1]))

    def resolve_organisation(self, name: str) -> str:
        """The canonical name of one organisation named in a list ("By: CMI and
        UN-Habitat"), near misses ("GMFD Mayors Mechanism") included; or the name as
        written when the directory does not know it."""
        name = name.strip(" .:;")
        defined = _ACRONYM_AFTER.search(name)
        if defined and defined.end() == len(name):  # "Full Name (ACRONYM)"
            acronym, name = defined.group(1), name[: defined.start()].strip()
            entry = self.directory.organisations.lookup(acronym)
            if entry:
                return entry.canonical
        entry = self.directory.organisations.lookup(name)
        if entry:
            return entry.canonical
        if name in self.defined_acronyms:
            return self.defined_acronyms[name].name
        near = self.directory.organisations.near(name)
        return near.canonical if near else name

    @cached_property
    def actors(self) -> tuple[list[str], list[str]]:
        """Organisers and partners: from "By:" and "Partners:" fields, else from the
        lead ("IGAD and Cities Alliance, in partnership with the EU, host …")."""
        organizers: list[str] = []
        partners: list[str] = []
        if "by" in self.labels:
            value, span = self.labels["by"]
            split = PARTNERSHIP.search(value)
            lead_part = value[: split.start()] if split else value
            organizers = self._name_list(lead_part)
            self.note("organizers", STATED, span)
            if split:
                partners = self._name_list(value[split.end() :])
                self.note("partners", STATED, span)
        if "partners" in self.labels:
            value, span = self.labels["partners"]
            partners += self._name_list(value)
            self.note("partners", STATED, span)
        if not organizers and self.facts.get("organizers"):
            organizers = [self.resolve_organisation(n) for n in self.facts["organizers"]]
            self.note("organizers", STATED)
        if not organizers and not partners:
            organizers, partners = self._actors_in_lead()
        elif not partners:
            partners = self._partners_in_lead()
        return _unique(organizers), _unique(p for p in partners if p not in organizers)

    def _name_list(self, value: str) -> list[str]:
        names = [part for part in _LIST_SPLIT.split(value) if part and part.strip(" .:;")]
        resolved = [self.resolve_organisation(name) for name in names]
        return [name for name in resolved if name]

    def _partners_in_lead(self) -> list[str]:
        """Partners named in the lead ("It is held in partnership with X and Y.")."""
        for line in self.lead:
            for sentence, offset in _sentences(line):
                partnership = PARTNERSHIP.search(sentence)
                if not partnership:
                    continue
                start = offset + partnership.end()
                end = offset + _clause_end(sentence, partnership.end())
                found = [m for m in self.organisation_matches if start <= m.start < end]
                if found:
                    self.note("partners", INFERRED, Span(start, end))
                    return [m.entry.canonical for m in found]
        return []

    def _actors_in_lead(self) -> tuple[list[str], list[str]]:
        organizers: list[str] = []
        partners: list[str] = []
        matches = self.organisation_matches + [
            Match(Entry(m.name, None), m.start, m.end, -1, -1)
            for m in self.defined_acronyms.values()
        ]
        for line in self.lead:
            for sentence, offset in _sentences(line):
                end = offset + len(sentence)
                inside = [m for m in matches if offset <= m.start < end]
                if not inside:
                    continue
                partnership = PARTNERSHIP.search(sentence)
                p_start = offset + partnership.start() if partnership else end
                p_end = offset + _clause_end(sentence, partnership.end()) if partnership else end
                by = ORGANISED_BY.search(sentence)
                verb = ORGANISING_VERBS.search(sentence)
                if by:
                    after = offset + by.end()
                    chosen = [
                        m for m in inside if m.start >= after and not p_start <= m.start < p_end
                    ]
                elif verb:
                    before = offset + verb.start()
                    chosen = [
                        m for m in inside if m.start < before and not p_start <= m.start < p_end
                    ]
                else:
                    continue
                if not chosen:
                    continue
                organizers += [m.entry.canonical for m in chosen]
                partners += [m.entry.canonical for m in inside if p_start <= m.start < p_end]
                self.note("organizers", INFERRED, *(Span(m.start, m.end) for m in chosen))
                if partners:
                    self.note("partners", INFERRED, Span(p_start, p_end))
                return organizers, partners
        return organizers, partners

    @cached_property
    def cities(self) -> list[Mention]:
        """Every city the page names, in page order."""
        found = sorted(
            (
                Mention(entry.canonical, start, end, entry)
                for entry, start, _cued, end in self._city_mentions(self.words, self.text)
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
                cued = _cued(text, match.start)
                entry = match.entry
                written = text[match.start : match.end]
                if written.isupper() and len(written) <= 3 and not entry.canonical.isupper():
                    continue  # an acronym ("UN"), not a place ("Un"); "NAIROBI" is a place
                if not entry.from_directory:
                    if fold(written) in lowercase:
                        continue  # a word of the page, not a place ("Reading")
                    if not (cued or anywhere) and entry.population < _BIG_CITY:
                        continue
                    if self.directory.countries.lookup(entry.canonical):
                        continue  # "Uganda" is the country
                taken.append((match.start, match.end))
                yield entry, match.start, cued, match.end

    @cached_property
    def date_spans(self) -> list[tuple[int, int]]:
        return [(d.offset, d.end_offset) for d in dates.find_dates(self.text, self.language)]

    @cached_property
    def lowercase_words(self) -> set[str]:
        return {w.text for w in self.words if w.text.islower()}

    # -- parent event, programme, documents ---------------------------------------------
    @cached_property
    def parent_event(self) -> str | None:
        """The larger event: a title's "Africities Kisumu 2022: …" (its city dropped), or
        "part of the 13th Global Forum on Migration and Development"."""
        line = self.title_line
        if line is not None and ":" in line.text[:80]:
            prefix = line.text.split(":", 1)[0]
            if dates.find_years(prefix) and len(prefix.split()) <= 8:
                name = self._without_places(prefix, line.start)
                self.note("parent_event", READ, Span(line.start, line.start + len(prefix)))
                return name
        for match in PART_OF.finditer(self.text):
            name = _capitalised_phrase(self.text, match.end())
            if name and len(name.split()) >= 2:
                self.note("parent_event", INFERRED, Span(match.end(), match.end() + len(name)))
                return name
        return None

    def _without_places(self, text: str, offset: int) -> str:
        ws = words(text, offset)
        local = " " * offset + text
        for _entry, start, _cued, end in self._city_mentions(ws, local, anywhere=True):
            local = local[:start] + " " * (end - start) + local[end:]
        return re.sub(r"\s+", " ", local).strip(" ,–-")

    @cached_property
    def program_lines(self) -> list[tuple[Line, re.Match]]:
        found = []
        for line in self.lines:
            match = _PROGRAM_LINE.match(line.text)
            if match and (match.group("end") or re.search(r"[:h.]", match.group("start"))):
                found.append((line, match))
        return found if len(found) >= 2 else []

    @cached_property
    def program(self) -> list[dict]:
        """Programme items in page order, each with the participants listed under it
        (indented lines after "contributions by:") or named in it ("Presentation MMC")."""
        items = []
        timed = {line.start for line, _match in self.program_lines}
        for line, match in self.program_lines:
            title = match.group("title").strip()
            lists_below = bool(_PARTICIPANTS_INTRO.search(title)) or title.endswith(":")
            title = _PARTICIPANTS_INTRO.sub("", title).strip(" :–-")
            participants = []
            if lists_below:
                for below in self.lines[self.lines.index(line) + 1 :]:
                    if below.start in timed or (below.indent <= line.indent and not below.bullet):
                        break
                    participants.append(self._participant(below.text))
            else:
                participants = self.organisations_in(line.start + match.start("title"), line.end)
            items.append(
                {
                    "start": _hhmm(match.group("start")),
                    "end": _hhmm(match.group("end")) if match.group("end") else None,
                    "title": title,
                    "participants": _unique(participants),
                }
            )
            self.note("program", READ, line.span)
        return items

    def organisations_in(self, start: int, end: int) -> list[str]:
        return [
            m.entry.canonical
            for m in self.organisation_matches
            if start <= m.start < end and not self._is_edition(m.start)
        ]

    def _participant(self, text: str) -> str:
        text = OFFICE_PREFIXES.sub(r"\1 ", text.strip(" .;,"))
        entry = self.directory.organisations.lookup(text)
        return entry.canonical if entry else text

    @cached_property
    def documents(self) -> list[dict]:
        """Documents the page offers ("Flyer [EN]", "… March 2024 flyer") or announces
        ("a policy brief entitled …"); not those still to come ("Agenda (Coming Soon)")."""
        found: list[dict] = []
        for document in self.facts.get("documents", ()):
            found.append({"title": document["title"], "language": document.get("language")})
            self.note("documents", STATED)
        for line in self.content:
            text = line.text
            if NOT_YET.search(text) or len(text.split()) > 15 or text.endswith((".", ":")):
                continue
            language = DOCUMENT_LANGUAGE.search(text)
            noun = DOCUMENT_NOUN.search(text)
            if language:
                title = text[: language.start()].strip()
                code = language.group(1).lower()
                code = LANGUAGE_NAMES.get(code, code)
            elif (
                noun
                and (noun.end() >= len(text) - 1 or noun.start() == 0)
                and len(text.split()) > 1
            ):
                title, code = text, None
            else:
                continue
            if title and not _LABEL.match(text):
                found.append({"title": title, "language": code})
                self.note("documents", READ, line.span)
        for match in ENTITLED.finditer(self.text):
            title = _quoted_or_sentence(self.text, match.end())
            if title:
                found.append({"title": title, "language": None})
                self.note("documents", INFERRED, Span(match.start(), match.end() + len(title)))
        unique: dict[str, dict] = {}
        for document in found:
            unique.setdefault(fold(document["title"]), document)
        return list(unique.values())

    # -- what the names resolved to -----------------------------------------------------
    def resolved_organisations(self, record: dict) -> dict[str, int | None]:
        ids: dict[str, int | None] = {}
        names = record["organizers"] + record["partners"] + record["organizations_mentioned"]
        for item in record["program"]:
            names += item["participants"]
        for name in names:
            entry = self.directory.organisations.lookup(name)
            if entry or name in record["organizations_mentioned"]:
                ids[name] = entry.ident if entry else None
        return ids

    def resolved_places(self, record: dict) -> dict[str, PlaceMatch]:
        places = {m.name: _place(m.entry) for m in self.cities if m.entry}
        if record["city"] and record["city"] not in places:
            places[record["city"]] = self.place
        return places


_BIG_CITY = 1_000_000
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003"), " ")
_FRAMEWORKS = [
    (code, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE))
    for code, patterns in FRAMEWORK_PATTERNS.items()
    for pattern in patterns
]
_CHROME = frozenset(fold(phrase) for phrase in CHROME)
_KIND_CHROME = frozenset(fold(p) for phrases in KIND_CHROME.values() for p in phrases)


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


def _cued(text: str, start: int, cues: frozenset[str] = PLACE_CUES) -> bool:
    """Whether a name at ``start`` follows words that make it a place ("in", "of")."""
    before = text[max(0, start - 20) : start].lower().split()
    if not before:
        return False
    return before[-1] in cues or " ".join(before[-2:]) in cues


def _sentences(line: Line):
    """(sentence, offset in the page) for each sentence of a line."""
    position = 0
    for sentence in _SENTENCE_END.split(line.text):
        position = line.text.index(sentence, position)
        yield sentence, line.start + position
        position += len(sentence)


def _clause_end(sentence: str, start: int) -> int:
    """Where a clause that starts at ``start`` ends: the next comma after a name, or the
    next verb, or the end of the sentence."""
    rest = sentence[start:]
    stop = re.search(r",\s+(?=[a-z])|,\s*$|\.\s*$", rest)
    verb = ORGANISING_VERBS.search(rest)
    ends = [m.start() for m in (stop, verb) if m]
    return start + (min(ends) if ends else len(rest))


def _name_before(text: str, end: int) -> int:
    """Where a capitalised name ending at ``end`` starts ("… the Mixed Migration Centre
    (MMC)" → the offset of "Mixed")."""
    tokens = list(re.finditer(r"[\w'’.-]+|[^\w\s]", text[max(0, end - 200) : end]))
    base = max(0, end - 200)
    start = end
    for token in reversed(tokens):
        word = token.group()
        if not _NAME_WORD.match(word) and word not in (",",):
            break
        if word == "," and not (start < end and text[start : start + 1].isupper()):
            break
        start = base + token.start()
    while start < end and not text[start].isupper():
        start = text.find(" ", start, end) + 1 or end
    return start


def _capitalised_phrase(text: str, start: int) -> str | None:
    """A name starting at ``start``: capitalised words and the small words inside names,
    up to a bracket, a comma or a full stop ("13th Global Forum on Migration and
    Development")."""
    match = re.match(
        r"((?:\d+(?:st|nd|rd|th|e|ème)\s+)?[A-Z][\w'’-]*(?:\s+(?:[A-Z0-9][\w'’-]*|of|on|for|and|"
        r"the|de|la|du|des|et|sur|pour))*)",
        text[start : start + 200],
    )
    if not match:
        return None
    return re.sub(r"\s+(?:of|on|for|and|the|de|la|du|des|et|sur|pour)$", "", match.group(1))


def _quoted_or_sentence(text: str, start: int) -> str | None:
    rest = text[start : start + 300]
    quoted = re.match(r"\s*[\"“«]\s*([^\"”»]+?)\s*[\"”»]", rest)
    if quoted:
        return quoted.group(1).strip()
    plain = re.match(r"([^.\n]+)", rest)
    return plain.group(1).strip() if plain else None


def _clean_title(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = TITLE_TYPE.sub("", text)
    return text.rstrip(" .")


def _hhmm(value: str) -> str:
    """ "9:00", "09h00", "2 pm", "14.30" → "HH:MM" (24 hours)."""
    value = value.lower().replace(".", ":").replace("h", ":").replace(" ", "")
    pm = "pm" in value or "p:m" in value
    am = "am" in value or "a:m" in value
    digits = re.match(r"(\d{1,2})(?::(\d{2}))?", value)
    hour, minute = int(digits.group(1)), int(digits.group(2) or 0)
    if pm and hour < 12:
        hour += 12
    if am and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def _fold_line(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text).strip(" .:")).strip()


def _unique(values) -> list:
    seen: dict = {}
    for value in values:
        if value:
            seen.setdefault(value, None)
    return list(seen)


def _stated(value) -> bool:
    return value not in (None, "", [])
