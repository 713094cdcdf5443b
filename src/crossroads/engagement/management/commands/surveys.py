"""``crossroads surveys invite <network> <year> --contacts contacts.csv [--send] [--again]``:
invite member cities to a survey (a CSV of ``city slug,email[,language]`` lines), and mail
them their links.
``crossroads surveys send <network> <year> [--again]``: mail the links not yet sent."""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from crossroads.directory.models import City
from crossroads.engagement.models import Survey
from crossroads.engagement.surveys import services


class Command(BaseCommand):
    help = "Invite a network's member cities to a survey and mail them their links."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        invite = sub.add_parser("invite", help="Invite cities listed in a CSV file.")
        send = sub.add_parser("send", help="Mail the links not yet sent.")
        for command in (invite, send):
            command.add_argument("network", help="The network's slug.")
            command.add_argument("year", type=int)
            command.add_argument("--again", action="store_true", help="Send to everyone.")
        invite.add_argument("--contacts", type=Path, required=True)
        invite.add_argument("--send", action="store_true", help="Mail the links at once.")

    def handle(self, *args, action, network, year, again=False, **options):
        survey = (
            Survey.objects.select_related("network")
            .filter(network__slug=network, year=year)
            .first()
        )
        if survey is None:
            raise CommandError(f"No {year} survey of the network {network!r}.")
        try:
            with transaction.atomic():
                if action == "invite":
                    self._invite(survey, options["contacts"])
                if action == "send" or options.get("send"):
                    sent = services.send_invitations(survey=survey, again=again)
                    self.stdout.write(f"{sent} invitation(s) sent.")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def _invite(self, survey: Survey, contacts: Path) -> None:
        try:
            lines = list(csv.reader(contacts.read_text(encoding="utf-8-sig").splitlines()))
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {contacts}: {error}") from None
        created = 0
        for number, line in enumerate(lines, start=1):
            if not line or not line[0].strip() or line[0].startswith("#"):
                continue
            if len(line) < 2:
                raise CommandError(f"Line {number}: give a city slug and an email address.")
            slug, email = line[0].strip(), line[1].strip()
            language = line[2].strip() if len(line) > 2 and line[2].strip() else "en"
            city = City.objects.filter(slug=slug).first()
            if city is None:
                raise CommandError(f"Line {number}: no city {slug!r}.")
            try:
                _invitation, new = services.invite(
                    survey=survey, city=city, email=email, language=language
                )
            except ValidationError as error:
                raise CommandError(f"Line {number} ({slug}): {' '.join(error.messages)}") from None
            created += new
        self.stdout.write(f"{created} new invitation(s).")
