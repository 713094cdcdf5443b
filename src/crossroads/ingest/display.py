"""How the review pages show an import: its fields, their confidence in words, and the
page's text with the evidence for each field marked."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.content.dates import format_date
from crossroads.events.models import AttendanceMode
from crossroads.ingest import dedup
from crossroads.ingest.models import Source

#: The record's fields as the review page names them, in the order it shows them.
FIELD_LABELS = {
    "kind": gettext_lazy("Kind"),
    "title": gettext_lazy("Title"),
    "start": gettext_lazy("Start"),
    "end": gettext_lazy("End"),
    "attendance": gettext_lazy("Attendance"),
    "city": gettext_lazy("City"),
    "country": gettext_lazy("Country"),
    "organizers": gettext_lazy("Organisers"),
    "partners": gettext_lazy("Partners"),
    "parent_event": gettext_lazy("Part of"),
    "program": gettext_lazy("Programme"),
    "documents": gettext_lazy("Documents"),
    "frameworks": gettext_lazy("Frameworks"),
    "organizations_mentioned": gettext_lazy("Organisations mentioned"),
    "cities_mentioned": gettext_lazy("Cities mentioned"),
}
KIND_LABELS = {"event": gettext_lazy("Event"), "news": gettext_lazy("News")}


# -- confidence ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Confidence:
    """A field's confidence as a level editors read: high, medium or low."""

    level: str
    label: str

    @classmethod
    def of(cls, value) -> Confidence | None:
        if not isinstance(value, int | float):
            return None
        if value >= 0.8:
            return cls("high", _("high confidence"))
        if value >= 0.5:
            return cls("medium", _("medium confidence"))
        return cls("low", _("low confidence"))


def lowest_confidence(source: Source) -> tuple[str, Confidence] | None:
    """The label and level of the field read with the least confidence."""
    known = {
        field: value
        for field, value in source.confidence.items()
        if field in FIELD_LABELS and isinstance(value, int | float)
    }
    if not known:
        return None
    field = min(known, key=lambda name: (known[name], list(FIELD_LABELS).index(name)))
    return str(FIELD_LABELS[field]), Confidence.of(known[field])


def record_date(record: dict) -> str:
    """The record's start at its precision ("12 March 2024", "March 2024"), or ""."""
    moment = dedup.read_moment(record.get("start"))
    return format_date(moment.date, moment.precision) if moment else ""


# -- the fields of one import ---------------------------------------------------------
@dataclass(frozen=True)
class FieldRow:
    name: str
    label: str
    values: list[str]
    confidence: Confidence | None
    has_evidence: bool


def field_rows(source: Source, marked: set[str]) -> list[FieldRow]:
    """The record's fields as the review page shows them."""
    return [
        FieldRow(
            name=name,
            label=str(label),
            values=shown_values(name, source.record.get(name)),
            confidence=Confidence.of(source.confidence.get(name)),
            has_evidence=name in marked,
        )
        for name, label in FIELD_LABELS.items()
    ]


def shown_values(name: str, value) -> list[str]:
    """A record field's value as lines of text."""
    if value in (None, "", []):
        return []
    if name == "kind":
        return [str(KIND_LABELS.get(value, value))]
    if name == "attendance" and value in AttendanceMode.values:
        return [str(AttendanceMode(value).label)]
    if name == "program":
        return [_programme_line(entry) for entry in value if isinstance(entry, dict)]
    if name == "documents":
        return [
            f"{entry.get('title') or ''} [{entry.get('language') or '?'}]"
            for entry in value
            if isinstance(entry, dict)
        ]
    if isinstance(value, list):
        return [str(entry) for entry in value]
    return [str(value)]


def _programme_line(entry: dict) -> str:
    times = "–".join(str(time) for time in (entry.get("start"), entry.get("end")) if time)
    people = "; ".join(str(name) for name in entry.get("participants") or [])
    line = " ".join(part for part in (times, str(entry.get("title") or "")) if part)
    return f"{line} ({people})" if people else line


def mark_evidence(text: str, evidence: dict) -> tuple[SafeString, set[str]]:
    """``text`` as safe HTML with each field's evidence spans in ``<mark>`` elements
    (titled with the fields they support) and an anchor where each field's evidence
    starts; line breaks kept. Spans are clipped to the text; empty, reversed, malformed
    ones and unknown fields are left out; overlapping ones split into pieces. Returns the
    HTML and the fields marked."""
    spans = []
    for field, pairs in evidence.items():
        if field not in FIELD_LABELS or not isinstance(pairs, list):
            continue
        for pair in pairs:
            try:
                start, end = max(0, int(pair[0])), min(len(text), int(pair[1]))
            except (TypeError, ValueError, IndexError, KeyError):
                continue
            if start < end:
                spans.append((start, end, field))
    cuts = sorted({0, len(text)} | {start for start, *_ in spans} | {end for _, end, _ in spans})
    order = list(FIELD_LABELS)
    anchored: set[str] = set()
    pieces = []
    for start, end in pairwise(cuts):
        chunk = mark_safe(escape(text[start:end]).replace("\n", "<br>\n"))
        fields = sorted({f for s, e, f in spans if s <= start and end <= e}, key=order.index)
        if not fields:
            pieces.append(chunk)
            continue
        anchors = [field for field in fields if field not in anchored]
        anchored.update(anchors)
        for field in anchors:
            pieces.append(format_html('<span id="evidence-{}"></span>', field))
        title = ", ".join(str(FIELD_LABELS[field]) for field in fields)
        pieces.append(format_html('<mark title="{}">{}</mark>', title, chunk))
    return mark_safe("".join(pieces)), anchored
