"""`crossroads campaigns erase-unconfirmed`: the campaigns' daily task (see
docs/operations.md)."""

from django.core.management.base import BaseCommand

from crossroads.engagement.campaigns import services


class Command(BaseCommand):
    help = "Campaign tasks. `erase-unconfirmed` deletes signatures never confirmed in time."

    def add_arguments(self, parser):
        tasks = parser.add_subparsers(dest="task", required=True, metavar="TASK")
        tasks.add_parser(
            "erase-unconfirmed",
            help="Delete the signatures whose address was not confirmed before the link "
            "expired (seven days).",
        )

    def handle(self, *args, task, **options):
        count = services.erase_unconfirmed()
        self.stdout.write(f"Signatures never confirmed, erased: {count}.")
