"""Parts of a page: the larger event, the programme and the documents."""

from __future__ import annotations

import re
from functools import cached_property

from crossroads.ingest import dates
from crossroads.ingest.directory import fold, words
from crossroads.ingest.extract.text import (
    INFERRED,
    LABEL,
    READ,
    STATED,
    Line,
    unique,
)
from crossroads.ingest.records import Span
from crossroads.ingest.vocabulary import (
    DOCUMENT_LANGUAGE,
    DOCUMENT_NOUN,
    DOWNLOAD,
    ENTITLED,
    FILE_FORMAT,
    LANGUAGE_NAMES,
    NOT_YET,
    OFFICE_PREFIXES,
    PART_OF,
)

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


class PartRules:
    """Rules on the parts of a page."""

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
        for _entry, start, _was_cued, end in self._city_mentions(ws, local, anywhere=True):
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
                    "participants": unique(participants),
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
            text = FILE_FORMAT.sub("", line.text).strip()
            download = DOWNLOAD.match(text)
            if download and DOCUMENT_NOUN.search(text):  # "Download the concept note (PDF)"
                text = text[download.end() :].strip()
                text = text[:1].upper() + text[1:]
            if NOT_YET.search(text) or len(text.split()) > 15 or text.endswith((".", ":")):
                continue
            language = DOCUMENT_LANGUAGE.search(text)
            noun = DOCUMENT_NOUN.search(text)
            if language:
                title = text[: language.start()].strip()
                code = language.group(1).lower()
                code = LANGUAGE_NAMES.get(code, code)
            elif noun and (
                download
                or ((noun.end() >= len(text) - 1 or noun.start() == 0) and len(text.split()) > 1)
            ):
                title, code = text, None
            else:
                continue
            if title and not LABEL.match(text):
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
