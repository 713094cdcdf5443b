"""`crossroads search rebuild` on a real SQLite file, in processes of its own: with
other processes building documents it writes exactly what one process writes."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TABLES = {
    "entries": "SELECT item_id, kind, start_date, end_date, published_at FROM search_searchentry",
    "facets": "SELECT entry_id, facet, value FROM search_searchfacet",
    "texts": "SELECT rowid, terms FROM search_text",
    "postings": "SELECT term, block, entries FROM search_searchposting",
}


def run(folder: Path, *args: str) -> str:
    env = {**os.environ, "CROSSROADS_DATA_DIR": str(folder)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def index_of(folder: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(folder / "crossroads.sqlite3") as database:
        return {name: sorted(database.execute(sql)) for name, sql in TABLES.items()}


def test_the_rebuild_command_shares_the_work_on_sqlite(tmp_path):
    run(tmp_path, "crossroads", "migrate", "--verbosity", "0")
    run(tmp_path, "bench.catalogue", "generate", "--size", "1200", "--seed", "3")
    alone = run(tmp_path, "crossroads", "search", "rebuild", "--workers", "0")
    expected = index_of(tmp_path)

    shared = run(tmp_path, "crossroads", "search", "rebuild", "--workers", "2")

    assert shared.startswith("Search index rebuilt: ")
    assert alone.split(" in ")[0] == shared.split(" in ")[0]
    assert len(expected["entries"]) > 1000
    assert index_of(tmp_path) == expected


def test_a_negative_number_of_workers_is_refused_plainly(tmp_path):
    run(tmp_path, "crossroads", "migrate", "--verbosity", "0")
    env = {**os.environ, "CROSSROADS_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "crossroads", "search", "rebuild", "--workers", "-1"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )

    assert done.returncode == 1
    assert "--workers must be 0 or more." in done.stderr
    assert "Traceback" not in done.stderr
