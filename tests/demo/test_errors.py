"""A dataset with a mistake is refused whole: a clear message, and nothing written."""

from pathlib import Path

import pytest

from crossroads.demo.dataset import DemoDataError
from crossroads.demo.services import load_demo

from .conftest import TODAY, files_under, row_counts


@pytest.mark.django_db(transaction=True)
def test_a_broken_reference_writes_nothing(data_copy, settings):
    """The last event names an unknown organisation: by then countries, the directory and
    the resources (with their PDF files) were written, and all of it is undone."""
    events = data_copy.records("events.json")
    events[-1]["actors"].append({"organisation": "no-such-organisation", "role": "partner"})
    data_copy.write("events.json", events)

    with pytest.raises(DemoDataError) as caught:
        load_demo(today=TODAY, data_dir=data_copy.folder)

    assert str(caught.value) == (
        f"events.json, record {events[-1]['slug']!r}: unknown organisation 'no-such-organisation'"
    )
    assert set(row_counts().values()) == {0}
    assert files_under(Path(settings.MEDIA_ROOT)) == []


# Each mistake is loaded on its own, up to the step that meets it: the cases are chosen to
# cover each kind of message without loading the whole dataset many times.
def _break_city(records):
    records[0]["local_government"] = "no-such-council"
    return (
        f"{records[0]['name']} ({records[0]['country']})",
        "unknown organisation 'no-such-council'",
    )


def _break_network(records):
    records[0]["memberships"].append(
        {"city": {"name": "Atlantis", "country": "KE"}, "organisation": None, "role": "member"}
    )
    return records[0]["slug"], "unknown city 'Atlantis' (KE)"


def _break_resource(records):
    records[0]["objectives"].append("GCM:99")
    return records[0]["slug"], "unknown framework objective 'GCM:99'"


def _break_date(records):
    records[0]["adopted_on"] = "2018-13-10"
    return records[0]["code"], (
        "'2018-13-10' is not a date like 2024-03-27, 2024-03, 2024 or +30d (days from today)"
    )


def _break_model_rule(records):
    event = next(e for e in records if len(e["start"]) == len("2024-03-27"))
    event["end"] = "1999-01-01"
    return event["slug"], "end_date: The end cannot be before the start."


def _duplicate_slug(records):
    records.append(dict(records[0]))
    return records[0]["slug"], "2 records share this slug"


@pytest.mark.parametrize(
    ("file", "mistake"),
    [
        ("topics.json", _duplicate_slug),
        ("frameworks.json", _break_date),
        ("cities.json", _break_city),
        ("networks.json", _break_network),
        ("resources.json", _break_resource),
        ("events.json", _break_model_rule),
    ],
)
def test_mistakes_are_named_with_their_file_and_record(db, data_copy, file, mistake):
    records = data_copy.records(file)
    record, problem = mistake(records)
    data_copy.write(file, records)

    with pytest.raises(DemoDataError) as caught:
        load_demo(today=TODAY, data_dir=data_copy.folder)

    assert str(caught.value) == f"{file}, record {record!r}: {problem}"
    assert set(row_counts().values()) == {0}


def test_a_missing_file_is_named(db, data_copy):
    (data_copy.folder / "topics.json").unlink()

    with pytest.raises(DemoDataError) as caught:
        load_demo(today=TODAY, data_dir=data_copy.folder)

    assert str(caught.value) == f"topics.json: the file is missing from {data_copy.folder}"
