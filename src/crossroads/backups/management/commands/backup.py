"""`crossroads backup [--output PATH]`: write the content, the users, the registrations and
every media file into one archive, with progress bars."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from crossroads.backups.management.progress import Bars
from crossroads.backups.services import BackupError, backup, describe


class Command(BaseCommand):
    help = (
        "Back up everything (content, users, registrations, media files) into one file that "
        "`crossroads restore` reads."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="the file to write (default: DATA_DIR/backups/crossroads-<UTC time>.tar.gz)",
        )

    def handle(self, *args, output=None, **options):
        try:
            with Bars(self.stdout) as bars:
                done = backup(output=output, progress=bars)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backup written to {done.path} ({filesizeformat(done.size)}): "
            f"{describe(done.rows)}; {done.media} media files."
        )
