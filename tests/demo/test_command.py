"""`crossroads demo load`: what it prints, and its plain errors."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from crossroads.directory.models import City, Organisation
from crossroads.events.models import Event

from .conftest import TODAY


def _run(*args: str) -> str:
    out = StringIO()
    call_command("demo", "load", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_if_empty_loads_once_then_skips(db):
    first = _run("--if-empty", "--today", TODAY.isoformat())
    counts = (Organisation.objects.count(), City.objects.count(), Event.objects.count())
    second = _run("--if-empty")

    with_sessions = Event.objects.filter(sessions__isnull=False).distinct().count()
    assert first.startswith(
        f"Loaded {counts[0]} organisations, {counts[1]} cities, "
        f"{counts[2]} events ({with_sessions} with programmes, "
    )
    assert "frameworks" in first
    assert first.rstrip().endswith(" s).")
    assert second == "The database already has events: the demo data was not loaded.\n"
    assert (Organisation.objects.count(), City.objects.count(), Event.objects.count()) == counts


@pytest.mark.parametrize("today", ["tomorrow", "2025-02-30", "01/06/2025"])
def test_an_invalid_today_is_explained(db, today):
    with pytest.raises(CommandError) as caught:
        _run("--today", today)

    assert str(caught.value) == (
        f"--today takes a date written year-month-day, such as 2025-06-01; {today!r} is not one."
    )
    assert not Event.objects.exists()


def test_a_broken_dataset_is_explained(db, data_copy, monkeypatch):
    topics = data_copy.records("topics.json")
    topics.append(dict(topics[0]))
    data_copy.write("topics.json", topics)
    monkeypatch.setattr("crossroads.demo.services.DATA_DIR", data_copy.folder)

    with pytest.raises(CommandError) as caught:
        _run()

    assert str(caught.value) == (
        "The demo data could not be loaded, so nothing was changed. "
        f"topics.json, record {topics[0]['slug']!r}: 2 records share this slug."
    )


def test_load_needs_saying(db):
    with pytest.raises(CommandError):
        call_command("demo", stdout=StringIO(), stderr=StringIO())
