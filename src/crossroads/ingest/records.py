"""The extraction record (``../shared/ingest/SCHEMA.md``) and what the importer needs
beside it: a confidence and the evidence for each field, and what names resolved to."""

from __future__ import annotations

from dataclasses import dataclass, field

from crossroads.ingest.pages import Page

#: The record's fields, in the order ``crossroads ingest extract`` prints them.
FIELDS = (
    "source",
    "kind",
    "title",
    "start",
    "end",
    "attendance",
    "city",
    "country",
    "organizers",
    "partners",
    "parent_event",
    "program",
    "documents",
    "frameworks",
    "organizations_mentioned",
    "cities_mentioned",
)

#: Framework codes the record uses, as in SCHEMA.md (our taxonomy's Framework codes).
FRAMEWORK_CODES = ("GCM", "GCR", "CRRF", "RC1951", "MMD", "ALMC", "SDG", "NUA")


def empty_record(source: str) -> dict:
    """A record stating nothing: null scalars and empty lists."""
    lists = {"organizers", "partners", "program", "documents", "frameworks"}
    lists |= {"organizations_mentioned", "cities_mentioned"}
    return {name: ([] if name in lists else None) for name in FIELDS} | {"source": source}


@dataclass(frozen=True)
class Span:
    """Where in the page's text a field's value was read: ``page.text[start:end]``."""

    start: int
    end: int


@dataclass(frozen=True)
class PlaceMatch:
    """A city named on the page, resolved: to a City of the directory (``city_id``), or
    only to the gazetteer (``geonameid``, ``city_id`` None), or to neither."""

    name: str
    country: str | None
    city_id: int | None = None
    geonameid: int | None = None


@dataclass
class Extraction:
    """One page's record, with what editors and the importer need to trust and use it.

    - ``record``: exactly the SCHEMA.md record (what ``ingest extract`` prints);
    - ``confidence``: per record field, from 0 (a guess) to 1 (stated in a labelled
      field or by the format); fields the page does not state are absent;
    - ``evidence``: per record field, the spans of ``page.text`` it was read from;
    - ``organisations``: every canonical organisation name in the record, mapped to its
      Organisation's id, or None for an organisation the directory lacks (proposed new);
    - ``places``: every city name in the record, resolved;
    - ``language``: the page's language ("en", "fr");
    - ``summary``: the lead paragraph; ``body``: the rest of the readable text;
    - ``timezone``: an IANA name when the page states times in a known zone.
    """

    page: Page
    record: dict
    language: str
    confidence: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    organisations: dict[str, int | None] = field(default_factory=dict)
    places: dict[str, PlaceMatch] = field(default_factory=dict)
    summary: str = ""
    body: str = ""
    timezone: str | None = None
