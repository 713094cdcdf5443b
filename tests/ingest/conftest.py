"""Fixtures of the importer's tests: the demo directory, read without a database."""

from pathlib import Path

import pytest

from crossroads.demo.dataset import directory_records
from crossroads.ingest.directory import Directory

#: The shared extraction records: five partner pages and their gold records.
DEVSET = Path(__file__).resolve().parents[3] / "shared" / "ingest" / "devset"
SCORER = DEVSET.parent / "score.py"
#: Pages we wrote ourselves, in English and French, with their expected records.
OWN_PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


@pytest.fixture(scope="session")
def directory() -> Directory:
    return Directory.from_records(*directory_records())
