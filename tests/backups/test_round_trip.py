"""A backup restored gives back every row and every media file, in the same database's
backend and in the other one (SQLite ↔ PostgreSQL, through the `crossroads` command)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from crossroads.backups.services import backed_up_models, backup, restore
from crossroads.matching import services as matching
from crossroads.search.criteria import Criteria
from crossroads.search.engine import search
from tests.backups.world import (
    archive_contents,
    build_rich_world,
    derived,
    media_files,
    snapshot,
)
from tests.factories import TopicFactory

POSTGRES = "postgresql://postgres@127.0.0.1:5432"


def found(text: str) -> list[str]:
    results = search(Criteria(text=text), per_page=100, facets=())
    return sorted(item.title for item in results.page)


@pytest.mark.django_db(transaction=True)
def test_round_trip_gives_back_every_row_and_file(settings, tmp_path):
    build_rich_world()
    matching.rebuild()  # the source counted whole, as a restore counts it
    rows, rebuilt, files = snapshot(), derived(), media_files(settings.MEDIA_ROOT)
    kisumu = found("Kisumu")
    assert kisumu == [
        "Agenda of Peer learning in Kisumu",
        "Housing report",
        "Mayors meet in Kisumu",
        "Peer learning in Kisumu",
    ]
    assert len(files) == 3 and rebuilt["experience"] and rebuilt["needs"]

    done = backup(output=tmp_path / "site.tar.gz")
    assert done.rows == {label: len(found_rows) for label, found_rows in rows.items()}
    assert done.rows["events.registration"] == 3 and done.rows["auth.user_groups"] == 1
    assert done.media == 3

    call_command("flush", interactive=False, verbosity=0)  # an empty, migrated database
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not any(snapshot().values()) and found("Kisumu") == []

    restored = restore(path=tmp_path / "site.tar.gz")
    assert restored.rows == done.rows and restored.media == 3 and restored.indexed == 7
    assert snapshot() == rows
    assert derived() == rebuilt
    assert media_files(settings.MEDIA_ROOT) == files
    assert found("Kisumu") == kisumu
    assert mail.outbox == []
    highest = max(row["id"] for row in rows["taxonomy.topic"])
    assert TopicFactory().pk == highest + 1  # PostgreSQL's sequences were moved on


def _target_database(tmp_path: Path):
    """Where the other backend's copy goes: the SQLite file of a fresh data folder when
    tests run on PostgreSQL, else a PostgreSQL database made for this test."""
    if connection.vendor == "postgresql":
        return "", None
    name = f"crossroads_backups_target_{os.getpid()}"
    try:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=3) as pg:
            pg.execute(f"DROP DATABASE IF EXISTS {name}")
            pg.execute(f"CREATE DATABASE {name}")
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is not reachable at 127.0.0.1:5432 ({error})")
    return f"{POSTGRES}/{name}", name


def _drop(name: str) -> None:
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as pg:
        pg.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _crossroads(*args: str, url: str, data: Path) -> str:
    env = {**os.environ, "DATABASE_URL": url, "CROSSROADS_DATA_DIR": str(data)}
    command = Path(sys.executable).with_name("crossroads")
    ran = subprocess.run(
        [command, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


@pytest.mark.django_db(transaction=True)
def test_restore_into_the_other_backend(tmp_path):
    build_rich_world()
    backup(output=tmp_path / "source.tar.gz")
    url, database = _target_database(tmp_path)
    try:
        restored = _crossroads("restore", str(tmp_path / "source.tar.gz"), url=url, data=tmp_path)
        _crossroads("backup", "--output", str(tmp_path / "copy.tar.gz"), url=url, data=tmp_path)
    finally:
        if database:
            _drop(database)
    assert restored.startswith(f"Restored from {tmp_path / 'source.tar.gz'}: ")
    assert "registrations: 3" in restored and "; 3 media files. " in restored

    source, source_data = archive_contents(tmp_path / "source.tar.gz")
    copy, copy_data = archive_contents(tmp_path / "copy.tar.gz")
    assert {source["database"], copy["database"]} == {"sqlite", "postgresql"}
    assert copy["rows"] == source["rows"] and copy["migrations"] == source["migrations"]
    assert copy_data == source_data  # every row (ids too) and every file's bytes
    labels = {model._meta.label_lower for model in backed_up_models()}
    assert {name.removeprefix("data/").removesuffix(".jsonl") for name in source_data} >= labels
