"""`crossroads ingest extract` prints what partner pages say, as extraction records;
`crossroads ingest import` turns them into draft items in the review queue."""

from __future__ import annotations

import json
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from crossroads.demo.dataset import directory_records
from crossroads.directory.models import Organisation
from crossroads.ingest import services
from crossroads.ingest.directory import Directory
from crossroads.ingest.extract import extract
from crossroads.ingest.fetch import FetchError, fetcher_for
from crossroads.ingest.pages import UnreadableInput
from crossroads.ingest.readers import read

#: The summary's counts, by outcome, in the order they are printed.
SUMMARY = (
    (services.Outcome.CREATED, "drafts created"),
    (services.Outcome.LINKED, "linked to an existing item"),
    (services.Outcome.TRANSLATION, "added as translations"),
    (services.Outcome.SAME_BYTES, "already imported"),
    (services.Outcome.SAME_ADDRESS, "address imported before"),
    (services.Outcome.REJECTED_BEFORE, "rejected before"),
    ("refused", "refused (see the messages above)"),
)


class Command(BaseCommand):
    help = (
        "Read partner pages (HTML, text, iCalendar, RSS/Atom; files or web addresses). "
        "`extract` prints one record per page; `import` creates drafts for editors to review."
    )

    def add_arguments(self, parser):
        tasks = parser.add_subparsers(dest="task", required=True, metavar="TASK")
        extracting = tasks.add_parser(
            "extract",
            help="Print the record of each page (see ../shared/ingest/SCHEMA.md).",
        )
        extracting.add_argument("locations", nargs="+", metavar="PATH")
        extracting.add_argument(
            "--format",
            choices=["jsonl", "json"],
            default="jsonl",
            help="jsonl: one record per line (default); json: one indented list, to read",
        )
        importing = tasks.add_parser(
            "import", help="Create a draft item from each page, for editors to review."
        )
        importing.add_argument("locations", nargs="+", metavar="PATH|URL")

    def handle(self, *args, task, locations, **options):
        directory = self.directory()
        if task == "extract":
            failed = self.extract(locations, directory, options["format"])
        else:
            failed = self.import_all(locations, directory)
        if failed:
            raise CommandError(
                f"{failed} of {len(locations)} inputs could not be read (see the messages above)."
            )

    def directory(self) -> Directory:
        """The site's directory of organisations and cities; on a site that has none yet
        (or no database), the demo dataset's, so that well-known names still resolve."""
        try:
            if Organisation.objects.exists():
                return Directory.from_database()
            reason = "The directory of organisations is empty"
        except DatabaseError:
            reason = "The database is not set up (run `crossroads migrate`)"
        self.stderr.write(f"{reason}: names are resolved against the demo directory.")
        return Directory.from_records(*directory_records())

    def pages(self, location: str):
        """The pages at ``location``, or None after saying why there are none."""
        try:
            fetched = fetcher_for(location).fetch(location)
            return fetched, read(fetched.data, source=location, content_type=fetched.content_type)
        except (FetchError, UnreadableInput) as error:
            self.stderr.write(f"{location}: {error}")
            return None

    def extract(self, locations: list[str], directory: Directory, format: str) -> int:
        failed, records = 0, []
        for location in locations:
            found = self.pages(location)
            if found is None:
                failed += 1
                continue
            for page in found[1]:
                record = extract(page, directory).record
                if format == "jsonl":
                    self.stdout.write(json.dumps(record, ensure_ascii=False))
                else:
                    records.append(record)
        if format == "json":
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
        return failed

    def import_all(self, locations: list[str], directory: Directory) -> int:
        """Import every page of every location, with a progress bar and a summary."""
        counts: Counter[str] = Counter()
        failed = 0
        with tqdm(
            total=len(locations), unit="input", desc="Importing", disable=not self.stderr.isatty()
        ) as bar:
            for location in locations:
                try:
                    results = services.import_location(location, directory=directory)
                except (FetchError, UnreadableInput) as error:
                    self.stderr.write(f"{location}: {error}")
                    failed += 1
                else:
                    for result in results:
                        if result.error:
                            self.stderr.write(f"{result.source}: {result.error}")
                            counts["refused"] += 1
                        else:
                            counts[result.outcome.outcome] += 1
                bar.update()
        summary = ", ".join(f"{label}: {counts[key]}" for key, label in SUMMARY if counts[key])
        self.stdout.write(
            f"Pages imported from {len(locations) - failed} of {len(locations)} inputs. "
            f"{summary or 'No pages.'}"
        )
        return failed
