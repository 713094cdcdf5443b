"""The extractor scored by the shared scorer: on the devset, and on pages we wrote."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crossroads.ingest.extract import extract
from crossroads.ingest.pages import Page
from tests.ingest.conftest import DEVSET, OWN_PAGES, SCORER


def score(folder: Path, directory, tmp_path: Path) -> float:
    predictions = tmp_path / "predictions.jsonl"
    with predictions.open("w") as out:
        for path in sorted(folder.glob("*.txt")):
            page = Page(source=str(path), text=path.read_text(encoding="utf-8"))
            out.write(json.dumps(extract(page, directory).record, ensure_ascii=False) + "\n")
    result = subprocess.run(
        [sys.executable, str(SCORER), str(predictions), str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout.strip().splitlines()[-1].split()[1])


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/ingest is not beside the project")
def test_the_devset_scores_at_least_095(directory, tmp_path):
    assert score(DEVSET, directory, tmp_path) >= 0.95


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/ingest is not beside the project")
def test_pages_the_rules_were_not_written_for_score_at_least_09(directory, tmp_path):
    """Our own pages, in English and French, with layouts the devset does not have."""
    assert len(list(OWN_PAGES.glob("*.txt"))) >= 5
    assert score(OWN_PAGES, directory, tmp_path) >= 0.9
