"""`crossroads ingest extract`: the contract other tools read, and its messages."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import OrganisationFactory
from tests.ingest.conftest import DEVSET, OWN_PAGES

pytestmark = pytest.mark.django_db


def extract(*paths, format="jsonl"):
    out, err = StringIO(), StringIO()
    try:
        call_command("ingest", "extract", *map(str, paths), format=format, stdout=out, stderr=err)
        failed = None
    except CommandError as error:
        failed = str(error)
    return out.getvalue(), err.getvalue(), failed


def test_one_record_per_line_in_input_order_with_its_source():
    paths = sorted(OWN_PAGES.glob("*.txt"))[:3]
    out, _err, failed = extract(*paths)
    records = [json.loads(line) for line in out.splitlines()]
    assert failed is None
    assert [r["source"] for r in records] == [str(p) for p in paths]
    assert all(r["kind"] in ("event", "news") for r in records)


def test_names_resolve_against_the_sites_directory():
    swiss = OrganisationFactory(name="Direction du développement et de la coopération")
    swiss.aliases.create(name="Swiss Agency for Development and Cooperation", language="en")
    OrganisationFactory(name="Mayors Migration Council")
    out, err, _failed = extract(OWN_PAGES / "en_side_event_wuf.txt")
    record = json.loads(out)
    assert "demo directory" not in err
    assert record["partners"] == [
        "Direction du développement et de la coopération",
        "Mayors Migration Council",
    ]
    # Cities Alliance is not in this site's directory: kept as the page writes it.
    assert record["organizers"] == ["Cities Alliance"]


def test_an_empty_directory_falls_back_on_the_demo_directory_and_says_so():
    out, err, _failed = extract(OWN_PAGES / "en_side_event_wuf.txt")
    assert "names are resolved against the demo directory" in err
    assert json.loads(out)["partners"] == [
        "Swiss Agency for Development and Cooperation",
        "Mayors Migration Council",
    ]


def test_json_format_is_one_list():
    out, _err, _failed = extract(*sorted(OWN_PAGES.glob("*.txt"))[:2], format="json")
    assert len(json.loads(out)) == 2


@pytest.mark.skipif(not DEVSET.exists(), reason="../shared/ingest is not beside the project")
def test_the_devset_through_the_command():
    out, _err, failed = extract(*sorted(DEVSET.glob("*.txt")))
    assert failed is None
    assert len(out.splitlines()) == 5


def test_bad_inputs_get_a_message_each_and_do_not_stop_the_batch(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    good = OWN_PAGES / "en_news_hargeisa.txt"
    missing = tmp_path / "missing.txt"
    out, err, failed = extract(empty, binary, good, missing, tmp_path)
    assert [json.loads(line)["source"] for line in out.splitlines()] == [str(good)]
    for path in (empty, binary, missing, tmp_path):
        assert f"{path}: " in err
    assert failed == "4 of 5 inputs could not be read (see the messages above)."


def run_import(*paths):
    out, err = StringIO(), StringIO()
    try:
        call_command("ingest", "import", *map(str, paths), stdout=out, stderr=err)
        failed = None
    except CommandError as error:
        failed = str(error)
    return out.getvalue(), err.getvalue(), failed


def test_import_makes_drafts_and_a_second_run_changes_nothing():
    from crossroads.content.models import Item, Status
    from crossroads.ingest.models import Source

    pages = [OWN_PAGES / "fr_atelier_sousse.txt", OWN_PAGES / "en_news_hargeisa.txt"]
    out, _err, failed = run_import(*pages)
    assert failed is None
    assert out.strip() == "Pages imported from 2 of 2 inputs. drafts created: 2"
    drafts = Item.objects.filter(status=Status.DRAFT)
    assert sorted(drafts.values_list("kind", flat=True)) == [
        "event",
        "resource",
        "resource",
        "story",
    ]
    assert set(Source.objects.values_list("location", flat=True)) == {str(p) for p in pages}

    out, _err, failed = run_import(*pages)
    assert "already imported: 2" in out
    assert Item.objects.count() == 4 and Source.objects.count() == 2


def test_import_reports_each_refused_or_unreadable_input_and_goes_on(tmp_path):
    from crossroads.ingest.models import Source

    undated = tmp_path / "undated.txt"
    undated.write_text("Workshop on housing\n\nThis workshop brings together mayors.\n")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    good = OWN_PAGES / "en_webinar_data.txt"
    out, err, failed = run_import(undated, empty, good)
    assert f"{undated}: The page announces an event but gives no date" in err
    assert f"{empty}: " in err
    assert "drafts created: 1" in out and "refused (see the messages above): 1" in out
    assert failed == "1 of 3 inputs could not be read (see the messages above)."
    assert list(Source.objects.values_list("location", flat=True)) == [str(good)]
