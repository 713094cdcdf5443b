"""`crossroads events send-reminders` and `crossroads events anonymise`: the registration
tasks to run every day (see docs/operations.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from crossroads.events import services


class Command(BaseCommand):
    help = (
        "Registration tasks. `send-reminders` writes to confirmed participants of events "
        "starting tomorrow; `anonymise` erases the details of past events' registrations."
    )

    def add_arguments(self, parser):
        tasks = parser.add_subparsers(dest="task", required=True, metavar="TASK")
        tasks.add_parser(
            "send-reminders",
            help="Remind confirmed participants of events starting tomorrow (each once).",
        )
        anonymising = tasks.add_parser(
            "anonymise",
            help="Erase names, addresses and needs from registrations of events that ended "
            "long enough ago (counts are kept).",
        )
        anonymising.add_argument(
            "--days",
            type=int,
            default=None,
            help="days after an event's end (default: CROSSROADS_REGISTRATION_RETENTION_DAYS, "
            f"now {settings.REGISTRATION_RETENTION_DAYS})",
        )

    def handle(self, *args, task, days=None, **options):
        if task == "send-reminders":
            count = services.send_reminders()
            self.stdout.write(f"Reminders sent: {count}.")
            return
        days = settings.REGISTRATION_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        count = services.anonymise_past(days=days)
        self.stdout.write(
            f"Registrations anonymised: {count} (events that ended more than {days} days ago)."
        )
