"""`crossroads search rebuild`: index every published item again, with a progress bar."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from crossroads.content.models import Item
from crossroads.search.services import rebuild


class Command(BaseCommand):
    help = "Search index tasks. `rebuild` indexes every published item again."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="task", required=True, metavar="TASK")
        rebuilding = commands.add_parser(
            "rebuild", help="Empty the search index and index everything again."
        )
        rebuilding.add_argument(
            "--workers",
            type=int,
            help="other processes preparing items while this one writes (default: one "
            "per core, for catalogues of 20,000 items or more; 0: none)",
        )

    def handle(self, *args, task, workers=None, **options):
        if workers is not None and workers < 0:
            raise CommandError("--workers must be 0 or more.")
        total = Item.objects.filter(status="published").count()
        started = time.perf_counter()
        with tqdm(
            total=total,
            unit="item",
            desc="Indexing",
            disable=not self.stdout.isatty(),
        ) as bar:
            written = rebuild(progress=bar.update, workers=workers)
        self.stdout.write(
            f"Search index rebuilt: {written} published items indexed "
            f"in {time.perf_counter() - started:.1f} s."
        )
