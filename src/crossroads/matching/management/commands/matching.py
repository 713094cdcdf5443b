"""`crossroads matching rebuild`: count every city's and organisation's experience again and
read the needs from surveys and pledges again, with progress bars.
`crossroads matching refresh-recent [--days N]`: count items whose publication date came,
and events that started, in the past days (run daily)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from crossroads.content.models import Item, Status
from crossroads.matching import services, upkeep


class Command(BaseCommand):
    help = "Peer matching: `rebuild` counts everything again; `refresh-recent` counts new items."

    def add_arguments(self, parser):
        tasks = parser.add_subparsers(dest="task", required=True, metavar="TASK")
        tasks.add_parser(
            "rebuild",
            help="Count again what every city and organisation did on each topic, and read "
            "the cities' needs from their survey answers and pledges again.",
        )
        recent = tasks.add_parser(
            "refresh-recent",
            help="Count the items whose publication date came in the past days (run daily).",
        )
        recent.add_argument("--days", type=int, default=2, help="how many days back (default 2)")

    def handle(self, *args, task, days=2, **options):
        quiet = not self.stdout.isatty()
        started = time.perf_counter()
        if task == "refresh-recent":
            if days < 1:
                raise CommandError("--days must be 1 or more.")
            count = services.refresh_recent(days=days)
            self.stdout.write(
                f"Counted again around {count} items published in the past {days} days "
                f"({time.perf_counter() - started:.1f} s)."
            )
            return
        items = Item.objects.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())
        cities = services.cities_with_read_needs()
        with (
            tqdm(total=items.count(), unit="item", desc="Counting experience", disable=quiet) as a,
            tqdm(total=len(cities), unit="city", desc="Reading needs", disable=quiet) as b,
        ):
            rows, needs = services.rebuild(progress_items=a.update, progress_cities=b.update)
        upkeep.forget()
        self.stdout.write(
            f"Peer matching rebuilt: {rows} topics of experience for the cities and "
            f"organisations, and {needs} needs read from surveys and pledges, "
            f"in {time.perf_counter() - started:.1f} s."
        )
