"""When: an event's dates, or when news was published."""

from __future__ import annotations

import re
from functools import cached_property

from crossroads.ingest import dates
from crossroads.ingest.extract.text import (
    GUESSED,
    INFERRED,
    READ,
    STATED,
    Line,
    sentences,
)
from crossroads.ingest.records import Span
from crossroads.ingest.vocabulary import (
    EVENT_ANNOUNCEMENT,
)

#: The place that opens a news agency's paragraph: "NAIROBI, 4 April 2024 –".
_DATELINE = re.compile(r"^[A-Z][A-Z' -]{2,40}(?:\([A-Za-z. ]+\))?\s*[,–-]\s*$")


class DateRules:
    """Rules on dates."""

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
                start, end = self._with_times(start, end, value)
        if "end" in self.labels and end is None:
            value, span = self.labels["end"]
            end = dates.parse(value, self.language)
            if end:
                self.note("end", STATED, span)
        if start is None and self.facts.get("start"):
            start, end = dates.normalise(self.facts["start"]), self.facts.get("end")
            end = dates.normalise(end) if end else None
            self.note("start", STATED)
            if end:
                self.note("end", STATED)
        return start, end

    def _with_times(self, start: str, end: str | None, label: str) -> tuple[str, str | None]:
        """A one-day event's start and end moments, when its date's label or a "Time:"
        label states times with their zone ("5 November 2024, 14:00–16:00 EAT")."""
        if dates.precision(start) != "day" or (end and end != start):
            return start, end
        stated = [(label, None)]
        if "time" in self.labels:
            stated.append(self.labels["time"])
        for text, span in stated:
            moments = dates.at_times(start, text, self.language)
            if moments:
                if span:
                    self.note("start", STATED, span)
                return moments[0], moments[1] or end
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
            for sentence, offset in sentences(line):
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
            return dates.normalise(self.facts["published"]), None
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

    @cached_property
    def date_spans(self) -> list[tuple[int, int]]:
        return [(d.offset, d.end_offset) for d in dates.find_dates(self.text, self.language)]
