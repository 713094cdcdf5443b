"""Property-based: whatever the text, the extractor answers with a well-formed record."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossroads.ingest.extract import extract
from crossroads.ingest.pages import Page
from crossroads.ingest.records import FIELDS, FRAMEWORK_CODES

#: Pieces of real pages, so that generated text reaches the rules, not only the fallbacks.
FRAGMENTS = [
    "Starts: ",
    "Ends: ",
    "Location: ",
    "By: ",
    "in partnership with: ",
    "Début : ",
    "Lieu : ",
    "Feb 27, 2019",
    "5-7 December 2018",
    "27 février 2019 à 10h00 EAT",
    "2022",
    "09:00 – 09:15: ",
    "14h00 - 14h30 : ",
    "  • ",
    "\n",
    "\n\n",
    "Marseille with Virtual Connections",
    "Virtual",
    "IGAD and Cities Alliance host a workshop in Djibouti",
    "Mayor of Kumasi",
    "World Health Organization (WHO)",
    "the 13th Global Forum on Migration and Development",
    "This session is part of the ",
    "Global Compacts for Migration and Refugees",
    "Flyer [EN]",
    "Agenda (Coming Soon)",
    "a policy brief entitled ",
    "“",
    "(",
    ":",
    "[SIDE EVENT] ",
    "Africities Kisumu 2022: ",
    "contributions by:",
    "News Type",
    "\u00a0",
]

texts = st.one_of(
    st.text(max_size=2000),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=60).map("".join),
)
ISO = re.compile(r"^\d{4}(-\d\d(-\d\d(T\d\d:\d\d[+-]\d\d:\d\d)?)?)?$")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, language=st.sampled_from([None, "en", "fr", "ar"]))
def test_any_text_gives_a_well_formed_record(directory, text, language):
    extraction = extract(Page(source="x.txt", text=text, language=language), directory)
    record = extraction.record
    assert tuple(record) == FIELDS
    assert record["kind"] in ("event", "news")
    assert record["attendance"] in (None, "in_person", "virtual", "hybrid")
    for field in ("start", "end"):
        assert record[field] is None or ISO.match(record[field]), record[field]
    assert set(record["frameworks"]) <= set(FRAMEWORK_CODES)
    for item in record["program"]:
        assert set(item) == {"start", "end", "title", "participants"}
        assert re.match(r"^\d\d:\d\d$", item["start"])
    for document in record["documents"]:
        assert document["title"]
    for spans in extraction.evidence.values():
        assert all(0 <= span.start <= span.end <= len(text) for span in spans)
    assert all(0 <= value <= 1 for value in extraction.confidence.values())
