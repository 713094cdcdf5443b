"""What the matching tests share: upkeep that runs as after a commit, and profiles built
row by row."""

import datetime as dt
from contextlib import contextmanager

import pytest
from django.utils import timezone

from crossroads.matching import upkeep
from crossroads.matching.models import CityNeed, DisplacementFigure, Experience
from tests.factories import CountryFactory

#: An activity of this year earns its weight in points as of this year.
THIS_YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _nothing_pending():
    """Each test starts with no upkeep noted by earlier tests' changes (their transactions
    never commit)."""
    upkeep.forget()
    yield
    upkeep.forget()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A block whose changes are followed as after a commit (upkeep runs at its end)."""

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return block


@pytest.fixture
def kenya():
    return CountryFactory(code="KE", name="Kenya", region="east_africa")


@pytest.fixture
def uganda():
    return CountryFactory(code="UG", name="Uganda", region="east_africa")


@pytest.fixture
def jordan():
    return CountryFactory(code="JO", name="Jordan", region="middle_east")


def host(city, group, people=1000, year=2024, source="Illustrative figure for the demo"):
    return DisplacementFigure.objects.create(
        city=city, group=group, people=people, year=year, source_name=source
    )


def need(city, topic, source="editor", year=2024, note=""):
    return CityNeed.objects.create(city=city, topic=topic, source=source, year=year, note=note)


def day(year: int, month: int = 3, day_: int = 10) -> dt.date:
    return dt.date(year, month, day_)


def moment(year: int, month: int = 3, day_: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day_, 9, 0, tzinfo=dt.UTC)


def experience_of(*, city=None, organisation=None):
    """The rows of an actor as {topic slug: (hosted, spoke, published, pledged, signed)}."""
    rows = Experience.objects.filter(city=city, organisation=organisation).select_related("topic")
    return {
        row.topic.slug: (row.hosted, row.spoke, row.published, row.pledged, row.signed)
        for row in rows
    }
