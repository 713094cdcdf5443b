"""Signing in by email address: any case, the username still works, and nothing else does."""

import pytest
from django.contrib.auth import authenticate, get_user_model

from tests.accounts import PASSWORD, make_account

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.mark.parametrize(
    "typed", ["amina@example.org", "Amina@Example.org", "AMINA@EXAMPLE.ORG", "  amina@example.org "]
)
def test_the_address_signs_in_whatever_its_case(typed):
    user = make_account("amina@example.org")

    assert authenticate(None, username=typed, password=PASSWORD) == user


def test_the_username_still_signs_in(django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD)

    assert authenticate(None, username="admin", password=PASSWORD) == admin
    assert authenticate(None, username="ADMIN", password=PASSWORD) is None


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("amina@example.org", "wrong"),
        ("amina@example.org", PASSWORD.upper()),
        ("amina@example.org", ""),
        ("nobody@example.org", PASSWORD),
        ("amina", PASSWORD),
        (None, PASSWORD),
        ("amina@example.org", None),
    ],
)
def test_a_wrong_address_or_password_signs_nobody_in(username, password):
    make_account("amina@example.org")

    assert authenticate(None, username=username, password=password) is None


def test_an_unconfirmed_account_cannot_sign_in():
    make_account("amina@example.org", verified=False)

    assert authenticate(None, username="amina@example.org", password=PASSWORD) is None


def test_an_address_two_accounts_share_signs_neither_in(django_user_model):
    make_account("amina@example.org")
    django_user_model.objects.create_user("amina-old", "Amina@example.org", PASSWORD)

    assert authenticate(None, username="amina@example.org", password=PASSWORD) is None
    assert authenticate(None, username="amina-old", password=PASSWORD) is not None
