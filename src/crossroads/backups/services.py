"""Backing up everything people entered (content, directory, users and their roles,
registrations, signatures, pledges, survey answers, API tokens, media files) into one file,
and restoring it into an empty database of either backend.

Left out, because Crossroads rebuilds them: the search index (the ``search`` app), peer
matching's experience and the needs it reads from surveys and pledges, sessions (people
sign in again), and content types and permissions (``migrate`` creates them; rows naming
them use natural keys, so their ids need not match).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from crossroads.backups import archive
from crossroads.backups.archive import NATURAL, BackupError, Manifest
from crossroads.content.models import Item, Status
from crossroads.matching import services as matching
from crossroads.matching import upkeep
from crossroads.matching.models import CityNeed, NeedSource
from crossroads.search.services import rebuild as rebuild_index

#: Apps whose tables are all derived.
DERIVED_APPS = {"search"}
#: Models derived, or recreated by ``migrate``.
LEFT_OUT = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "matching.experience",
}

#: Called with a stage's name and its total; returns what to call with each step's count.
Progress = Callable[[str, int], Callable[[int], None]]


def _quiet(stage: str, total: int) -> Callable[[int], None]:
    return lambda count: None


@dataclass
class BackupSummary:
    path: Path
    size: int
    rows: dict[str, int]
    media: int


@dataclass
class RestoreSummary:
    rows: dict[str, int]
    media: int
    indexed: int
    experience: int
    needs: int


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows a backup holds (many-to-many link tables included), by label."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
        and model._meta.managed
        and model._meta.app_label not in DERIVED_APPS
        and model._meta.label_lower not in LEFT_OUT
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def _rows(model: type[models.Model]) -> models.QuerySet:
    """The rows of ``model`` a backup holds, by primary key, with what their natural keys
    read joined in."""
    query = model._base_manager.order_by("pk")
    if model is CityNeed:
        query = query.filter(source=NeedSource.EDITOR)  # the others are read again
    joined = []
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model in NATURAL:
            joined.append(field.name)
            if field.related_model is Permission:
                joined.append(f"{field.name}__content_type")
    return query.select_related(*joined) if joined else query


# -- migration state ---------------------------------------------------------------------
def _recorded() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = defaultdict(list)
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied[app].append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _in_code() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations:
        found[app].append(name)
    return {app: sorted(names) for app, names in sorted(found.items())}


def _differences(state: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """The apps where ``state`` has migrations the code lacks, and those where the code has
    migrations ``state`` lacks."""
    code = _in_code()
    ahead = sorted(app for app, names in state.items() if set(names) - set(code.get(app, ())))
    behind = sorted(app for app, names in code.items() if set(names) - set(state.get(app, ())))
    return ahead, behind


# -- backing up --------------------------------------------------------------------------
def default_path() -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"crossroads-{stamp}.tar.gz"


@contextmanager
def _snapshot() -> Iterator[None]:
    """Read in one consistent state of the database. PostgreSQL: a REPEATABLE READ, READ
    ONLY transaction (what pg_dump uses). SQLite: a deferred transaction, a snapshot in
    WAL mode that blocks no writer (Django's ``atomic`` would start an IMMEDIATE one,
    holding the write lock). Inside a caller's transaction, that one."""
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    else:
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")


def _counted(objects: Iterable, step: Callable[[int], None]) -> Iterator:
    """``objects``, calling ``step`` every 500 of them and at the end."""
    pending = 0
    for obj in objects:
        yield obj
        pending += 1
        if pending == 500:
            step(pending)
            pending = 0
    step(pending)


def _media_names() -> list[str]:
    names: list[str] = []
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        folders += [f"{folder}{name}/" for name in subfolders]
        names += [f"{folder}{name}" for name in files]
    return sorted(names)


def backup(*, output: Path | None = None, progress: Progress = _quiet) -> BackupSummary:
    """Write every backed-up row (``backed_up_models``), read in one snapshot, and every
    file of the default storage into one archive (``archive``), at ``output`` or under
    ``DATA_DIR/backups/``. Raises BackupError when the file exists already or the database
    is not migrated to this version of Crossroads.

    Side effects: writes the archive (and its folder); nothing in the database changes.
    """
    path = Path(output) if output else default_path()
    if path.exists():
        raise BackupError(f"{path} exists already: choose another file name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    chosen = backed_up_models()
    with _snapshot():
        recorded = _recorded()
        ahead, behind = _differences(recorded)
        if ahead:
            raise BackupError(
                f"The database was migrated by a newer version of Crossroads ({', '.join(ahead)})"
                ": back it up with that version."
            )
        if behind:
            raise BackupError(
                f"The database is not up to date ({', '.join(behind)}): run "
                "`crossroads migrate` first."
            )
        rows = {model._meta.label_lower: _rows(model).count() for model in chosen}
        manifest = Manifest(
            created=timezone.now().astimezone(dt.UTC).isoformat(),
            database=connection.vendor,
            migrations=recorded,
            rows=rows,
        )
        writer = archive.Writer(path, manifest)
        try:
            step = progress("Rows", sum(rows.values()))
            for model in chosen:
                objects = _rows(model).iterator(chunk_size=2000)
                writer.add_rows(model._meta.label_lower, _counted(objects, step))
        except BaseException:
            writer.abandon()
            raise
    try:
        names = _media_names()
        step = progress("Media files", len(names))
        for name in names:
            try:
                size = default_storage.size(name)
                with default_storage.open(name, "rb") as stream:
                    writer.add_media(name, size, stream)
            except FileNotFoundError:
                pass  # deleted since it was listed
            step(1)
        writer.finish()
    except BaseException:
        writer.abandon()
        raise
    return BackupSummary(path=path, size=path.stat().st_size, rows=rows, media=manifest.media)


# -- restoring ---------------------------------------------------------------------------
def _check_migrations(manifest: Manifest) -> None:
    ahead, behind = _differences(manifest.migrations)
    problems = []
    if ahead:
        problems.append(
            f"it was made by a newer version of Crossroads ({', '.join(ahead)}): "
            "upgrade Crossroads, then restore it"
        )
    if behind:
        problems.append(
            f"it was made by an older version of Crossroads ({', '.join(behind)}): restore "
            "it with that version, then upgrade and run `crossroads migrate`"
        )
    if problems:
        raise BackupError(f"This backup does not match this version: {'; '.join(problems)}.")


def describe(rows: dict[str, int]) -> str:
    """The count of each model with rows ("items: 40, …"), by label; link tables left out."""
    named = []
    for label, count in rows.items():
        model = apps.get_model(label)
        if count and not model._meta.auto_created:
            named.append(f"{model._meta.verbose_name_plural}: {count}")
    return ", ".join(named) or "no rows"


def _check_empty() -> None:
    """Refuse a database holding any row a restore would write (its tables may not exist
    yet: a new database)."""
    tables = set(connection.introspection.table_names())
    held = {
        model._meta.label_lower: model._base_manager.count()
        for model in backed_up_models()
        if model._meta.db_table in tables and model._base_manager.exists()
    }
    if held:
        raise BackupError(
            f"The database already holds data ({describe(held)}). Restore only into an "
            "empty database: create a new one and point DATABASE_URL at it."
        )


def _load_rows(stream: IO[bytes], step: Callable[[int], None]) -> None:
    lines = (line.decode() for line in stream)
    for obj in _counted(serializers.deserialize("jsonl", lines), step):
        # raw: as stored, without the models' save() and with receivers told so.
        obj.save(force_insert=True)


def _write_media(name: str, stream: IO[bytes], written: list[str]) -> None:
    if default_storage.exists(name):
        default_storage.delete(name)  # left by an earlier install: the backup's copy wins
    saved = default_storage.save(name, File(stream, name=name))
    written.append(saved)
    if saved != name:
        raise BackupError(f"The media file {name} could not be written under its own name.")


def restore(*, path: Path, progress: Progress = _quiet) -> RestoreSummary:
    """Restore the backup at ``path`` into an empty database: check it whole (checksums,
    migration state, the database empty) before changing anything, migrate the database,
    load every row in one transaction with the media files, then rebuild the search index
    and peer matching. Raises BackupError when a check fails or the rows cannot be loaded
    (nothing changed then, but for the tables created), or when rebuilding fails after the
    data was committed (the message says which commands to run).

    Side effects: creates the tables; inserts every row (raw saves: no model's save(),
    receivers skip them, so no mail, task or log entry); resets PostgreSQL's sequences;
    writes the media files (removed again if loading fails); rebuilds the search index
    and matching's experience and read needs.
    """
    path = Path(path)
    manifest = archive.read_manifest(path)
    _check_migrations(manifest)
    _check_empty()
    tables = progress("Tables", 1)
    call_command("migrate", interactive=False, verbosity=0)
    tables(1)
    written: list[str] = []
    rows = progress("Rows", sum(manifest.rows.values()))
    files = progress("Media files", manifest.media)
    try:
        with transaction.atomic():
            for name, stream in archive.members(path):
                if name.startswith(archive.MEDIA):
                    _write_media(name.removeprefix(archive.MEDIA), stream, written)
                    files(1)
                else:
                    _load_rows(stream, rows)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), backed_up_models()):
                    cursor.execute(sql)
    except (DatabaseError, DeserializationError) as error:
        _remove(written)
        raise BackupError(
            f"The backup could not be loaded ({error}). Nothing was restored."
        ) from error
    except BaseException:
        _remove(written)
        raise
    try:
        rebuilt = _rebuild(progress)
    except Exception as error:
        raise BackupError(
            f"Everything was restored, but rebuilding failed ({error}): run `crossroads "
            "search rebuild` and `crossroads matching rebuild`."
        ) from error
    return RestoreSummary(rows=manifest.rows, media=manifest.media, **rebuilt)


def _remove(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _rebuild(progress: Progress) -> dict[str, int]:
    """What ``crossroads search rebuild`` and ``crossroads matching rebuild`` do."""
    published = Item.objects.filter(status=Status.PUBLISHED)
    indexed = rebuild_index(progress=progress("Search index", published.count()))
    counted = published.filter(published_at__lte=timezone.now()).count()
    experience, needs = matching.rebuild(
        progress_items=progress("Peer matching", counted),
        progress_cities=progress("Needs", len(matching.cities_with_read_needs())),
    )
    upkeep.forget()
    return {"indexed": indexed, "experience": experience, "needs": needs}
