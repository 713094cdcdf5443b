"""Account enumeration: signing in, signing up, asking for a link and resetting a password
answer a stranger the same whether or not an address has an account."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.accounts import PASSWORD, make_account

pytestmark = pytest.mark.django_db

BAD_LOGIN = "This email and password do not match an account. Passwords are case-sensitive."


def page_without_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    def run(request, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(*args, **kwargs)

    return run


def test_a_wrong_password_and_an_unknown_address_read_alike(client):
    make_account("amina@example.org")
    make_account("closed@example.org")
    make_account("waiting@example.org", verified=False)
    get_user_model().objects.filter(email="closed@example.org").update(is_active=False)

    pages = [
        client.post("/account/login/", {"username": email, "password": "wrong-password"})
        for email in ("amina@example.org", "nobody@example.org", "closed@example.org")
    ]
    waiting = client.post(
        "/account/login/", {"username": "waiting@example.org", "password": "wrong-password"}
    )

    assert {page.status_code for page in [*pages, waiting]} == {200}
    shown = [
        page_without_token(page).replace(email, "")
        for page, email in zip(
            pages, ("amina@example.org", "nobody@example.org", "closed@example.org"), strict=True
        )
    ]
    assert shown[0] == shown[1] == shown[2]
    assert BAD_LOGIN in shown[0]
    assert BAD_LOGIN in page_without_token(waiting)


@pytest.mark.parametrize("path", ["/account/password/reset/", "/account/verify/again/"])
def test_asking_for_a_link_answers_the_same_for_any_address(client, committing, path):
    make_account("amina@example.org")
    make_account("waiting@example.org", verified=False)

    answers = [
        committing(client.post, path, {"email": email})
        for email in ("amina@example.org", "nobody@example.org", "waiting@example.org")
    ]

    assert {(answer.status_code, answer["Location"]) for answer in answers} == {
        (302, answers[0]["Location"])
    }
    assert len(mail.outbox) == 1


def test_the_reset_page_says_if_an_account_exists(client):
    page = client.get("/account/password/reset/sent/").content.decode()

    assert "If an account uses this address, we have sent it a link" in page


def test_signing_up_answers_the_same_for_a_taken_address(client, committing):
    make_account("amina@example.org")
    form = {
        "password1": PASSWORD,
        "password2": PASSWORD,
        "name": "Someone",
        "organisation_name": "",
        "title": "",
        "language": "en",
        "consent": "on",
    }

    taken = committing(client.post, "/account/signup/", {**form, "email": "amina@example.org"})
    new = committing(client.post, "/account/signup/", {**form, "email": "omar@example.org"})

    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    assert [message.to for message in mail.outbox] == [
        ["amina@example.org"],
        ["omar@example.org"],
    ]
