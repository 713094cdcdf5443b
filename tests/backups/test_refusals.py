"""A restore refuses, with a plain message and changing nothing, a database holding data,
a damaged archive, a file that is not a backup and a backup of another version."""

import gzip
import hashlib
import io
import json
import tarfile
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from crossroads.audit.models import AuditEntry
from crossroads.backups.services import BackupError, backup, restore
from tests.backups.world import media_files, snapshot
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved(tmp_path):
    """A backup of a topic, a user and a file; the database keeps them."""
    TopicFactory(name="Housing", slug="housing")
    User.objects.create_user("editor", "editor@example.org", "a long passphrase")
    default_storage.save("branding/logo.svg", ContentFile(b"<svg/>"))
    return backup(output=tmp_path / "site.tar.gz").path


def refused(path, settings) -> str:
    """The restore's message; asserts the database and the media files are as they were."""
    rows, files = snapshot(), media_files(settings.MEDIA_ROOT)
    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(path))
    assert snapshot() == rows
    assert media_files(settings.MEDIA_ROOT) == files
    return str(refusal.value)


def rewritten(source, target, change) -> None:
    """A copy of the archive ``source`` with ``change(name, data)`` applied to each member."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = change(member.name, old.extractfile(member).read())
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))


def resummed(source, target) -> None:
    """A copy of the archive ``source`` whose manifest holds its members' own checksums."""
    sums = {}
    with tarfile.open(source) as tar:
        for member in tar:
            data = tar.extractfile(member).read()
            sums[member.name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    del sums["manifest.json"]

    def summed(name, data):
        if name == "manifest.json":
            data = json.dumps({**json.loads(data), "members": sums}).encode()
        return data

    rewritten(source, target, summed)


def test_backup_command_says_where_and_what(tmp_path):
    TopicFactory(name="Housing", slug="housing")
    out = StringIO()
    call_command("backup", "--output", str(tmp_path / "a.tar.gz"), stdout=out)
    size = (tmp_path / "a.tar.gz").stat().st_size
    assert out.getvalue() == (
        f"Backup written to {tmp_path / 'a.tar.gz'} ({size / 1024:.1f}\u00a0KB): "
        f"audit log: {AuditEntry.objects.count()}, topics: 1; 0 media files.\n"
    )
    with pytest.raises(BackupError) as refusal:
        backup(output=tmp_path / "a.tar.gz")
    assert (
        str(refusal.value) == f"{tmp_path / 'a.tar.gz'} exists already: choose another file name."
    )


def test_backup_refuses_a_database_of_another_version(tmp_path):
    recorder = MigrationRecorder(connection)
    recorder.record_applied("content", "9999_from_the_future")
    with pytest.raises(BackupError) as refusal:
        backup(output=tmp_path / "a.tar.gz")
    assert str(refusal.value) == (
        "The database was migrated by a newer version of Crossroads (content): back it up "
        "with that version."
    )
    recorder.record_unapplied("content", "9999_from_the_future")
    recorder.record_unapplied("events", "0001_initial")
    with pytest.raises(BackupError) as refusal:
        backup(output=tmp_path / "a.tar.gz")
    assert str(refusal.value) == (
        "The database is not up to date (events): run `crossroads migrate` first."
    )
    assert not tmp_path.joinpath("a.tar.gz").exists()
    assert list(tmp_path.iterdir()) == []


def test_refuses_a_database_holding_data(saved, settings):
    assert refused(saved, settings) == (
        f"The database already holds data (audit log: {AuditEntry.objects.count()}, users: 1, "
        "topics: 1). Restore only into an empty "
        "database: create a new one and point DATABASE_URL at it."
    )


def test_refuses_a_damaged_archive(saved, settings, tmp_path):
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(saved.read_bytes()[:-200])
    tampered = tmp_path / "tampered.tar.gz"
    rewritten(
        saved,
        tampered,
        lambda name, data: (
            data.replace(b"Housing", b"Hous1ng") if name.startswith("data/") else data
        ),
    )
    for path in (truncated, tampered):
        assert refused(path, settings) == (
            f"{path} is damaged (its contents do not match their checksums): use another copy."
        )


def test_refuses_what_is_not_a_backup(saved, settings, tmp_path):
    text = tmp_path / "notes.tar.gz"
    text.write_text("Minutes of the meeting")
    other = tmp_path / "other.tar.gz"
    rewritten(saved, other, lambda name, data: b"{}" if name == "manifest.json" else data)
    plain = tmp_path / "plain.gz"
    plain.write_bytes(gzip.compress(b"just text"))
    assert refused(text, settings) == f"{text} is not a Crossroads backup (not a .tar.gz archive)."
    assert (
        refused(plain, settings) == f"{plain} is not a Crossroads backup (not a .tar.gz archive)."
    )
    assert refused(other, settings) == (
        f"{other} is not a Crossroads backup (it has no Crossroads manifest)."
    )
    missing = tmp_path / "missing.tar.gz"
    assert refused(missing, settings) == f"There is no file {missing}."


def test_refuses_a_backup_of_another_version(saved, settings, tmp_path):
    def other_version(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["events"].pop()
        manifest["migrations"]["content"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    other = tmp_path / "other.tar.gz"
    rewritten(saved, other, other_version)
    assert refused(other, settings) == (
        "This backup does not match this version: it was made by a newer version of "
        "Crossroads (content): upgrade Crossroads, then restore it; it was made by an older "
        "version of Crossroads (events): restore it with that version, then upgrade and run "
        "`crossroads migrate`."
    )
    with pytest.raises(BackupError):
        restore(path=other)  # the service refuses alike


@pytest.mark.django_db(transaction=True)
def test_a_failed_load_leaves_nothing(saved, settings, tmp_path):
    """Rows that cannot be loaded (a user's group that does not exist), in an archive whose
    checksums match: the restore stops, and nothing it wrote stays (rows, files)."""

    def broken(name, data):
        if name == "data/auth.user_groups.jsonl":
            data = b'{"model": "auth.user_groups", "pk": 1, "fields": {"user": 1, "group": 99}}\n'
        return data

    rewritten(saved, tmp_path / "broken.tar.gz", broken)
    resummed(tmp_path / "broken.tar.gz", tmp_path / "resummed.tar.gz")
    call_command("flush", interactive=False, verbosity=0)
    default_storage.delete("branding/logo.svg")
    message = refused(tmp_path / "resummed.tar.gz", settings)
    assert message.startswith("The backup could not be loaded (")
    assert message.endswith("). Nothing was restored.")
    assert not any(snapshot().values()) and media_files(settings.MEDIA_ROOT) == {}
