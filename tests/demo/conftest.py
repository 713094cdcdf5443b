"""The demo dataset in tests: a fixed "today", copies of the data to break, the rows it makes."""

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from crossroads.content.models import Item, ItemActor, ItemTranslation
from crossroads.demo.dataset import DATA_DIR
from crossroads.directory.models import (
    City,
    CityAlias,
    Country,
    Membership,
    Network,
    Office,
    Organisation,
    OrganisationAlias,
    Person,
    Tenure,
)
from crossroads.events.models import Event, EventDocument, Participant, Session
from crossroads.library.models import Resource, ResourceVersion
from crossroads.news.models import Story
from crossroads.taxonomy.models import Framework, Objective, Topic

#: The day relative dates ("+30d") count from in these tests: not the real today.
TODAY = dt.date(2031, 3, 10)

#: Every table the loader writes, with the many-to-many tables of items.
DEMO_MODELS = [
    Country,
    Topic,
    Framework,
    Objective,
    Organisation,
    OrganisationAlias,
    City,
    CityAlias,
    Person,
    Office,
    Tenure,
    Network,
    Membership,
    Item,
    ItemTranslation,
    ItemActor,
    Resource,
    ResourceVersion,
    Event,
    EventDocument,
    Session,
    Participant,
    Story,
    Item.topics.through,
    Item.frameworks.through,
    Item.framework_objectives.through,
    Item.cities.through,
    Item.countries.through,
    Story.events.through,
]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in DEMO_MODELS}


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


class DataCopy:
    """A copy of the dataset in a folder of the test's own, to edit before loading."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        shutil.copytree(DATA_DIR, folder)

    def records(self, name: str) -> list[dict]:
        return json.loads((self.folder / name).read_text(encoding="utf-8"))

    def write(self, name: str, records: list[dict]) -> None:
        (self.folder / name).write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def data_copy(tmp_path) -> DataCopy:
    return DataCopy(tmp_path / "data")
