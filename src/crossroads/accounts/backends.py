"""Sign-in by email address (any case) and password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Accepts the email address in the username field; the username itself still works
    (accounts made with ``createsuperuser``). When two accounts share an address, neither
    signs in by it: the address no longer names one person."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        users = get_user_model()._default_manager
        if "@" in username:
            matches = list(users.filter(email__iexact=username.strip())[:2])
        else:
            matches = list(users.filter(username=username)[:1])
        if len(matches) != 1:
            # Hash a password anyway, so the time taken does not tell whether an account
            # exists (as ModelBackend does).
            users.model().set_password(password)
            return None
        user = matches[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
