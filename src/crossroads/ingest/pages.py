"""What readers hand to extractors: pages of text with the facts their format states.

A reader turns bytes (an HTML page, a text file, an iCalendar file, a feed) into one or
more :class:`Page` objects; the extractor turns each page into an extraction record
(``../shared/ingest/SCHEMA.md``). Nothing here knows where the bytes came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class UnreadableInput(Exception):
    """Input that cannot be read. The message is shown to editors as it is: say plainly
    what is wrong with the file or page ("The file is empty.")."""


@dataclass(frozen=True)
class Page:
    """One readable unit: a web page, a text file, one calendar event or one feed entry.

    ``text`` is the readable text, one paragraph or list item per line, with no markup;
    extractors find everything in it and point back into it by character offsets.
    ``facts`` holds what the format itself states, keyed like the extraction record
    (only keys a format states are present):

    - ``kind``: "event" (a calendar event, a schema.org Event) or "news" (a feed entry,
      a schema.org NewsArticle or BlogPosting);
    - ``title``: the stated title (an HTML page's <h1> or og:title, a feed entry's title,
      an event's SUMMARY or schema.org name);
    - ``start``, ``end``: ISO 8601 as stated (a date, or a datetime with its offset);
    - ``timezone``: an IANA name when the format states one (an iCalendar TZID);
    - ``published``: the publication date or datetime, ISO 8601;
    - ``location``: the stated place as text ("Marseille with virtual connections");
    - ``attendance``: "in_person", "virtual" or "hybrid" when stated (schema.org
      eventAttendanceMode);
    - ``organizers``: names of organisers as stated;
    - ``url``: the page's own address (canonical link, feed entry link, event URL);
    - ``documents``: ``[{"title": str, "language": str | None, "url": str | None}]``,
      documents the markup links to (a PDF link, an enclosure).
    """

    source: str
    text: str
    language: str | None = None
    facts: dict = field(default_factory=dict)
