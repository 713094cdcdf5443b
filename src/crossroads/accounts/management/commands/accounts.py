"""`crossroads accounts grant|withdraw|list`: who edits for which organisation, and who
serves on which network's secretariat."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from crossroads.accounts.models import Grant, Role
from crossroads.accounts.roles import grant_role, withdraw_role
from crossroads.directory.models import Network, Organisation


def _refuse_null_characters(*values: str | None) -> None:
    if any(value and "\x00" in value for value in values):
        raise CommandError(_("Null characters are not allowed."))


class Command(BaseCommand):
    help = (
        "Roles. `grant EMAIL --editor ORGANISATION` or `--secretariat NETWORK` gives one "
        "(by the organisation's or the network's slug), `withdraw` takes it back, `list` "
        "says who holds which."
    )

    def add_arguments(self, parser):
        tasks = parser.add_subparsers(dest="task", required=True, metavar="TASK")
        for task, description in (
            ("grant", "Give an account a role."),
            ("withdraw", "Take a role back from an account."),
        ):
            sub = tasks.add_parser(task, help=description)
            sub.add_argument("email", help="the account's email address")
            scope = sub.add_mutually_exclusive_group(required=True)
            scope.add_argument(
                "--editor",
                metavar="ORGANISATION",
                help="editor for this organisation (its slug)",
            )
            scope.add_argument(
                "--secretariat",
                metavar="NETWORK",
                help="on this network's secretariat (its slug)",
            )
        listing = tasks.add_parser("list", help="List the roles and who holds them.")
        listing.add_argument("email", nargs="?", help="only this account's roles")

    def handle(self, *args, task, email=None, editor=None, secretariat=None, **options):
        _refuse_null_characters(email, editor, secretariat)
        if task == "list":
            self.list_roles(email)
            return
        user = self.account(email)
        if editor is not None:
            scope = {"role": Role.EDITOR, "organisation": self.organisation(editor)}
        else:
            scope = {"role": Role.SECRETARIAT, "network": self.network(secretariat)}
        if task == "grant":
            self.grant(user, scope)
        else:
            self.withdraw(user, scope)

    def grant(self, user, scope: dict) -> None:
        try:
            grant_role(user=user, by=None, **scope)
        except ValidationError as error:
            raise CommandError(
                _("%(email)s: %(reason)s")
                % {"email": user.email, "reason": " ".join(error.messages)}
            ) from error
        if scope["role"] == Role.EDITOR:
            message = _("%(email)s now edits for %(organisation)s.")
        else:
            message = _("%(email)s is now on the secretariat of %(network)s.")
        self.stdout.write(message % {"email": user.email, **scope})

    def withdraw(self, user, scope: dict) -> None:
        grant = Grant.objects.filter(user=user, **scope).first()
        if scope["role"] == Role.EDITOR:
            missing = _("%(email)s does not edit for %(organisation)s.")
            done = _("%(email)s no longer edits for %(organisation)s.")
        else:
            missing = _("%(email)s is not on the secretariat of %(network)s.")
            done = _("%(email)s is no longer on the secretariat of %(network)s.")
        if grant is None:
            raise CommandError(missing % {"email": user.email, **scope})
        try:
            withdraw_role(grant=grant, by=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(done % {"email": user.email, **scope})

    def list_roles(self, email: str | None) -> None:
        grants = Grant.objects.select_related("user", "organisation", "network", "granted_by")
        if email is not None:
            grants = grants.filter(user=self.account(email))
        grants = grants.order_by("user__email", "role", "pk")
        if not grants:
            self.stdout.write(_("No one holds a role.") if email is None else _("No role."))
            return
        for grant in grants:
            self.stdout.write(
                _("%(email)s: %(role)s, granted %(date)s by %(by)s")
                % {
                    "email": grant.user.email or grant.user.get_username(),
                    "role": grant,
                    "date": grant.granted_at.date().isoformat(),
                    "by": grant.granted_by.get_username() if grant.granted_by else _("a command"),
                }
            )

    def account(self, email: str):
        accounts = list(get_user_model().objects.filter(email__iexact=email.strip())[:2])
        if not accounts:
            raise CommandError(_("No account has the address %(email)s.") % {"email": email})
        if len(accounts) > 1:
            raise CommandError(
                _("Several accounts have the address %(email)s: grant the role in the admin.")
                % {"email": email}
            )
        return accounts[0]

    def organisation(self, slug: str) -> Organisation:
        try:
            return Organisation.objects.get(slug=slug)
        except Organisation.DoesNotExist:
            raise CommandError(
                _("No organisation has the slug “%(slug)s”.") % {"slug": slug}
            ) from None

    def network(self, slug: str) -> Network:
        try:
            return Network.objects.get(slug=slug)
        except Network.DoesNotExist:
            raise CommandError(_("No network has the slug “%(slug)s”.") % {"slug": slug}) from None
