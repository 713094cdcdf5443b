"""`crossroads api token EMAIL --name NAME` issues a token (its key is printed once);
`crossroads api revoke PREFIX` revokes the tokens whose key starts so; `crossroads api
tokens [EMAIL]` lists them."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from crossroads.api.models import ApiToken
from crossroads.api.services import issue_token, revoke_token


def _refuse_null_characters(*values: str | None) -> None:
    if any(value and "\x00" in value for value in values):
        raise CommandError(_("Null characters are not allowed."))


class Command(BaseCommand):
    help = "API tokens: `token EMAIL --name NAME` issues one, `revoke PREFIX`, `tokens [EMAIL]`."

    def add_arguments(self, parser):
        tasks = parser.add_subparsers(dest="task", required=True, metavar="TASK")
        issue = tasks.add_parser("token", help="Issue a token to an account; prints its key.")
        issue.add_argument("email", help="the account's email address")
        issue.add_argument("--name", required=True, help="what the token is for")
        revoke = tasks.add_parser("revoke", help="Revoke a token.")
        revoke.add_argument("prefix", help="the first characters of its key (as listed)")
        listing = tasks.add_parser("tokens", help="List tokens.")
        listing.add_argument("email", nargs="?", help="only this account's")

    def handle(self, *args, task, email=None, name=None, prefix=None, **options):
        _refuse_null_characters(email, name, prefix)
        if task == "token":
            self.issue(email, name)
        elif task == "revoke":
            self.revoke(prefix)
        else:
            self.list_tokens(email)

    def issue(self, email: str, name: str) -> None:
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(_("No active account has the address %(email)s.") % {"email": email})
        try:
            _token, key = issue_token(user=user, name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            _("Token “%(name)s” for %(email)s. Its key, shown only now:")
            % {"name": name, "email": user.email}
        )
        self.stdout.write(key)

    def revoke(self, prefix: str) -> None:
        tokens = list(ApiToken.objects.filter(prefix=prefix[:8], revoked_at__isnull=True))
        if len(tokens) != 1:
            raise CommandError(
                _("%(count)d active tokens start with %(prefix)s: give exactly one.")
                % {"count": len(tokens), "prefix": prefix}
            )
        revoke_token(token=tokens[0], by=None)
        self.stdout.write(_("Token %(token)s revoked.") % {"token": tokens[0]})

    def list_tokens(self, email: str | None) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("user__email", "-created_at")
        if email:
            tokens = tokens.filter(user__email__iexact=email)
        for token in tokens:
            state = _("revoked") if token.revoked_at else _("active")
            used = token.last_used_at.isoformat() if token.last_used_at else _("never used")
            self.stdout.write(f"{token.prefix}  {token.user.email}  {token.name}  {state}  {used}")
