"""The page as lines: furniture left out, labelled fields, language, title, lead, kind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from crossroads.ingest import dates
from crossroads.ingest.directory import Entry, fold, words
from crossroads.ingest.records import Span
from crossroads.ingest.vocabulary import (
    CHROME,
    EVENT_ANNOUNCEMENT,
    EVENT_TITLE,
    KIND_CHROME,
    LABELS,
    LANGUAGE_HINTS,
    TITLE_TYPE,
)

#: Confidence by where a value came from.
STATED = 0.95  # a labelled field, or a fact the format states
READ = 0.8  # a rule that rarely errs (a title line, a programme line, a known name)
INFERRED = 0.5  # a rule that may err (the date of a flyer's name, an implied date)
GUESSED = 0.3

LABEL = re.compile(
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
SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003"), " ")
_CHROME = frozenset(fold(phrase) for phrase in CHROME)
_KIND_CHROME = frozenset(fold(p) for phrases in KIND_CHROME.values() for p in phrases)


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


class TextRules:
    """Rules on the page's lines."""

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
            match = LABEL.match(line.text) or _PUBLISHED.match(line.text)
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
            if not LABEL.match(line.text) and not _PUBLISHED.match(line.text)
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
        title = self.facts.get("title") or (self.title_line.text if self.title_line else "")
        if TITLE_TYPE.match(title) or EVENT_TITLE.match(title):
            self.note("kind", READ, *([] if self.facts.get("title") else [self.title_line.span]))
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


def sentences(line: Line):
    """(sentence, offset in the page) for each sentence of a line."""
    position = 0
    for sentence in _SENTENCE_END.split(line.text):
        position = line.text.index(sentence, position)
        yield sentence, line.start + position
        position += len(sentence)


def _clean_title(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = TITLE_TYPE.sub("", text)
    return text.rstrip(" .")


def _fold_line(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text).strip(" .:")).strip()


def unique(values) -> list:
    seen: dict = {}
    for value in values:
        if value:
            seen.setdefault(value, None)
    return list(seen)


def is_stated(value) -> bool:
    return value not in (None, "", [])
