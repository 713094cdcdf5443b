"""`crossroads restore PATH`: restore a backup into an empty database, then rebuild the
search index and peer matching, with progress bars."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crossroads.backups.management.progress import Bars
from crossroads.backups.services import BackupError, describe, restore


class Command(BaseCommand):
    help = (
        "Restore a file written by `crossroads backup` into an empty database (SQLite or "
        "PostgreSQL), then rebuild the search index and peer matching."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the backup file")

    def handle(self, *args, path, **options):
        try:
            with Bars(self.stdout) as bars:
                done = restore(path=path, progress=bars)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored from {path}: {describe(done.rows)}; {done.media} media files. "
            f"Search index rebuilt ({done.indexed} items); peer matching rebuilt "
            f"({done.experience} topics of experience, {done.needs} needs)."
        )
