"""The backup file: a gzipped tar holding, in this order, one JSON Lines member per model
(``data/<app>.<model>.jsonl``, Django's serialisation), every media file
(``media/<name>``) and last ``manifest.json`` (format, creation time, migration state,
rows per model, media files, and the size and SHA-256 of every other member).

The manifest comes last because the checksums are known only once everything is written;
reading checks every member against it before anything is restored (``read_manifest``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tarfile
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JsonLinesSerializer

FORMAT = "crossroads-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATA = "data/"
MEDIA = "media/"

#: Rows of these are named by their natural key (app label, model, codename): migrate
#: creates them afresh in another database, with other ids.
NATURAL = (ContentType, Permission)


class BackupError(Exception):
    """A backup or a restore that could not be done, in a plain message for people."""


@dataclass
class Manifest:
    created: str
    database: str
    #: Applied migrations per app, sorted.
    migrations: dict[str, list[str]]
    #: Rows per model label, in the order they are stored.
    rows: dict[str, int]
    media: int = 0
    #: Member name -> {"size": bytes, "sha256": hex digest}.
    members: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_json(self) -> bytes:
        body = {"format": FORMAT, "version": VERSION, **self.__dict__}
        return json.dumps(body, indent=1, sort_keys=True).encode()


def data_member(label: str) -> str:
    return f"{DATA}{label}.jsonl"


class _Encoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds (for JavaScript); a backup keeps them whole."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class RowSerializer(JsonLinesSerializer):
    """One JSON object a line, natural keys only for content types and permissions, and no
    many-to-many lists: their link tables are stored as models of their own (streamed like
    any table, and loaded without ``m2m_changed`` signals)."""

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.related_model in NATURAL
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        pass


class _Hashing:
    """A writable or readable wrapper counting the bytes through it and hashing them."""

    def __init__(self, stream: IO[bytes]):
        self.stream = stream
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, text: str) -> None:
        data = text.encode()
        self.sha256.update(data)
        self.size += len(data)
        self.stream.write(data)

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data

    def summary(self) -> dict[str, Any]:
        return {"size": self.size, "sha256": self.sha256.hexdigest()}


class Writer:
    """Writes a backup to ``path`` + ``.partial`` and renames it once the manifest is in:
    an interrupted backup leaves no file that looks whole."""

    def __init__(self, path: Path, manifest: Manifest):
        self.path = path
        self.partial = path.with_name(path.name + ".partial")
        self.manifest = manifest
        self.mtime = dt.datetime.fromisoformat(manifest.created).timestamp()
        self.tar = tarfile.open(self.partial, "w:gz")  # noqa: SIM115 (closed by finish or abandon)

    def _info(self, name: str, size: int) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, self.mtime, 0o600
        return info

    def add_rows(self, label: str, objects: Iterable) -> None:
        """Serialise ``objects`` (rows of the model ``label``, streamed) into a temporary
        file, then into the archive."""
        name = data_member(label)
        with tempfile.TemporaryFile(dir=self.partial.parent) as spool:
            hashing = _Hashing(spool)
            RowSerializer().serialize(objects, stream=hashing, cls=_Encoder)
            spool.seek(0)
            self.tar.addfile(self._info(name, hashing.size), spool)
        self.manifest.members[name] = hashing.summary()

    def add_media(self, name: str, size: int, stream: IO[bytes]) -> None:
        hashing = _Hashing(stream)
        self.tar.addfile(self._info(MEDIA + name, size), hashing)
        self.manifest.members[MEDIA + name] = hashing.summary()
        self.manifest.media += 1

    def finish(self) -> None:
        body = self.manifest.as_json()
        self.tar.addfile(self._info(MANIFEST, len(body)), io.BytesIO(body))
        self.tar.close()
        self.partial.rename(self.path)

    def abandon(self) -> None:
        self.tar.close()
        self.partial.unlink(missing_ok=True)


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:gz")
    except FileNotFoundError:
        raise BackupError(f"There is no file {path}.") from None
    except (tarfile.TarError, OSError, EOFError, zlib.error):
        raise BackupError(f"{path} is not a Crossroads backup (not a .tar.gz archive).") from None


def read_manifest(path: Path) -> Manifest:
    """Read the whole archive once, checking every member's size and SHA-256 against the
    manifest. Raises BackupError when the file is not one of ours or is damaged."""
    digests: dict[str, dict[str, Any]] = {}
    body = None
    damaged = f"{path} is damaged (its contents do not match their checksums): use another copy."
    try:
        with _open(path) as tar:
            for member in tar:
                stream = tar.extractfile(member)
                if stream is None:
                    raise BackupError(damaged)
                if member.name == MANIFEST:
                    body = stream.read()
                    continue
                hashing = _Hashing(stream)
                while hashing.read(1 << 20):
                    pass
                digests[member.name] = hashing.summary()
    except (tarfile.TarError, OSError, EOFError, zlib.error):
        raise BackupError(damaged) from None
    manifest = _parse(body, path)
    if digests != manifest.members:
        raise BackupError(damaged)
    return manifest


def _parse(body: bytes | None, path: Path) -> Manifest:
    not_ours = f"{path} is not a Crossroads backup (it has no Crossroads manifest)."
    try:
        data = json.loads(body) if body is not None else None
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(not_ours)
    if data.get("version") != VERSION:
        raise BackupError(
            f"{path} was written in backup format {data.get('version')}, which this version "
            f"of Crossroads does not read (it reads format {VERSION})."
        )
    fields = ("created", "database", "migrations", "rows", "media", "members")
    try:
        manifest = Manifest(**{name: data[name] for name in fields})
    except KeyError:
        raise BackupError(not_ours) from None
    expected = {data_member(label) for label in manifest.rows}
    for name in manifest.members:
        if name not in expected and not _safe_media(name):
            raise BackupError(not_ours)
    return manifest


def _safe_media(name: str) -> bool:
    parts = name.removeprefix(MEDIA).split("/")
    return name.startswith(MEDIA) and all(part not in {"", ".", ".."} for part in parts)


def members(path: Path) -> Iterator[tuple[str, IO[bytes]]]:
    """Each member's name and contents, in order (the manifest left out)."""
    with _open(path) as tar:
        for member in tar:
            if member.name != MANIFEST:
                yield member.name, tar.extractfile(member)
