"""`crossroads matching …`, and the demo's profiles."""

import datetime as dt
import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from crossroads.demo.dataset import DATA_DIR, DemoDataError, read_records
from crossroads.demo.services import load_demo
from crossroads.matching.models import CityNeed, DisplacementFigure, Experience, NeedReading
from crossroads.matching.services import rebuild_experience
from tests.demo.conftest import TODAY
from tests.factories import CityFactory, EventFactory, TopicFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("matching", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_rebuild_says_what_it_counted():
    held = EventFactory(city=CityFactory(), start_date=dt.date(2024, 5, 6))
    held.topics.set([TopicFactory(), TopicFactory()])

    output = run("rebuild")

    assert output.startswith(
        "Peer matching rebuilt: 2 topics of experience for the cities and organisations, "
        "and 0 needs read from surveys and pledges, in "
    )
    assert Experience.objects.count() == 2


def test_refresh_recent_needs_a_positive_number_of_days():
    assert run("refresh-recent").startswith(
        "Counted again around 0 items published in the past 2 days ("
    )
    with pytest.raises(CommandError, match=r"--days must be 1 or more\."):
        run("refresh-recent", "--days", "0")


def test_the_demo_profiles_are_illustrative_and_load_twice_the_same():
    records = read_records(DATA_DIR, "profiles.json")
    cities = [record for record in records if "city" in record]

    load_demo(today=TODAY)
    counts = (
        DisplacementFigure.objects.count(),
        CityNeed.objects.count(),
        NeedReading.objects.count(),
        Experience.objects.count(),
    )
    load_demo(today=TODAY)

    assert counts[0] == sum(len(record["hosts"]) for record in cities)
    assert set(DisplacementFigure.objects.values_list("source_name", flat=True)) == {
        "Illustrative figure for the demo"
    }
    assert CityNeed.objects.filter(source="editor").count() == sum(
        len(record["needs"]) for record in cities
    )
    assert CityNeed.objects.filter(source="survey").exists()
    assert CityNeed.objects.filter(source="pledge").exists()
    assert counts[2] == 11
    assert counts[3] == rebuild_experience() > 300
    assert (
        DisplacementFigure.objects.count(),
        CityNeed.objects.count(),
        NeedReading.objects.count(),
        Experience.objects.count(),
    ) == counts


def test_a_reading_of_an_unknown_answer_is_explained(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    records = read_records(folder, "profiles.json")
    records[-1]["readings"].append(
        {"question": "main_constraint", "choice": "dragons", "topic": "housing"}
    )
    (folder / "profiles.json").write_text(json.dumps(records))

    with pytest.raises(DemoDataError) as caught:
        load_demo(today=TODAY, data_dir=folder)

    assert str(caught.value) == (
        "profiles.json, record 'network hmln': no survey of the network asks "
        "'main_constraint' with choice 'dragons'"
    )
    assert not DisplacementFigure.objects.exists()
