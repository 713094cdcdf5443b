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

from crossroads.ingest.directory import Directory
from crossroads.ingest.extract.parts import PartRules
from crossroads.ingest.extract.text import SPACES, TextRules, is_stated, unique
from crossroads.ingest.extract.when import DateRules
from crossroads.ingest.extract.where import PlaceRules
from crossroads.ingest.extract.who import NameRules
from crossroads.ingest.pages import Page
from crossroads.ingest.records import Extraction, Span, empty_record


def extract(page: Page, directory: Directory) -> Extraction:
    """The extraction record of ``page``, names resolved against ``directory``."""
    return Reading(page, directory).extraction()


class Reading(TextRules, DateRules, PlaceRules, NameRules, PartRules):
    """One page being read: each property is one rule, computed once; the rules are
    grouped by what they read (text, when, where, who, parts)."""

    def __init__(self, page: Page, directory: Directory) -> None:
        self.page = page
        # No-break and thin spaces read as spaces; one character each, so offsets hold.
        self.text = page.text.translate(SPACES)
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
        record["organizations_mentioned"] = unique(m.name for m in self.organisations)
        # The event's own city is named by the page, if only in a field the format states.
        named = [record["city"]] if record["city"] else []
        record["cities_mentioned"] = unique([*(m.name for m in self.cities), *named])
        return Extraction(
            page=self.page,
            record=record,
            language=self.language,
            confidence={k: v for k, v in self.confidence.items() if is_stated(record.get(k))},
            evidence={k: v for k, v in self.evidence.items() if is_stated(record.get(k))},
            organisations=self.resolved_organisations(record),
            places=self.resolved_places(record),
            summary=self.summary,
            body=self.body,
            timezone=self.facts.get("timezone"),
        )

    def note(self, field: str, confidence: float, *spans: Span) -> None:
        self.confidence[field] = max(confidence, self.confidence.get(field, 0.0))
        self.evidence.setdefault(field, []).extend(spans)
