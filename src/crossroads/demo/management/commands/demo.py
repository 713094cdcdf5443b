"""``crossroads demo load``: fill the database with the demo dataset."""

import datetime as dt
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from crossroads.demo.dataset import DemoDataError
from crossroads.demo.services import STEPS, LoadReport, load_demo
from crossroads.events.models import Event


class Command(BaseCommand):
    help = "The demo dataset: `demo load` fills the database with it, or refreshes it."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = actions.add_parser(
            "load",
            help="Load the demo dataset; records already there are updated, never duplicated.",
        )
        load.add_argument(
            "--if-empty",
            action="store_true",
            help="Leave the database alone when it already has events.",
        )
        load.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help='The day that dates written "+30d" count from (default: today).',
        )

    def handle(self, *args, action: str, if_empty: bool, today: str | None, **options) -> None:
        day = self.parse_today(today)
        if if_empty and Event.objects.exists():
            self.stdout.write("The database already has events: the demo data was not loaded.")
            return
        started = time.monotonic()
        with tqdm(
            total=len(STEPS),
            desc="Loading the demo data",
            unit="step",
            file=sys.stderr,
            disable=None if options["verbosity"] else True,
        ) as bar:

            def progress(step: str) -> None:
                bar.set_postfix_str(step)
                bar.update()

            try:
                report = load_demo(today=day, progress=progress)
            except DemoDataError as error:
                problem = str(error).rstrip(".")
                raise CommandError(
                    f"The demo data could not be loaded, so nothing was changed. {problem}."
                ) from error
        self.stdout.write(
            self.style.SUCCESS(f"{summarise(report)} ({time.monotonic() - started:.1f} s).")
        )

    @staticmethod
    def parse_today(text: str | None) -> dt.date | None:
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise CommandError(
                f"--today takes a date written year-month-day, such as 2025-06-01; "
                f"{text!r} is not one."
            ) from None


def summarise(report: LoadReport) -> str:
    """ "Loaded 62 organisations, 52 cities, 41 events (12 with programmes), …" """
    return (
        f"Loaded {report.organisations} organisations, {report.cities} cities, "
        f"{report.events} events ({report.programmes} with programmes, "
        f"{report.sessions} sessions), {report.resources} resources "
        f"({report.versions} language versions), {report.stories} stories, "
        f"{report.networks} networks, {report.people} people, {report.topics} topics, "
        f"{report.frameworks} frameworks ({report.objectives} objectives) "
        f"and {report.countries} countries"
    )
