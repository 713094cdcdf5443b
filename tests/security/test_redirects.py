"""Open redirects: every address to go to next that a request carries (sign-in's and
sign-out's ``next``, the language switcher's ``next`` and its Referer fallback, the
organiser's ``next``) stays on the site, whatever is typed."""

from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.urls import reverse

from tests.accounts import PASSWORD, make_account

pytestmark = pytest.mark.django_db

HOSTILE = [
    "//evil.example",
    "//evil.example/account/",
    "https://evil.example",
    "https://evil.example/account/login/",
    "http://testserver@evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "\x00",
    "/\x00//evil.example",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "https:evil.example",
    "///evil.example",
    "\t//evil.example",
    "http://testserver/",  # the site itself, but not over https on a secure request
]


def stays_on_site(location: str) -> bool:
    """Where a browser on a secure page of the site would go: this site over https.
    (Encoded variants, such as ``/%2F%2Fevil.example``, are paths of this site.)"""
    target = urlsplit(urljoin("https://testserver/account/login/", location))
    return (
        (target.scheme, target.netloc) == ("https", "testserver")
        and "\\" not in location
        and location.isprintable()
    )


@pytest.mark.parametrize("target", HOSTILE)
def test_signing_in_never_sends_elsewhere(client, target):
    make_account()

    response = client.post(
        "/account/login/",
        {"username": "amina@example.org", "password": PASSWORD, "next": target},
        secure=True,
    )

    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", HOSTILE)
def test_signing_in_with_next_in_the_address_never_sends_elsewhere(client, target):
    make_account()

    response = client.post(
        f"/account/login/?next={quote(target, safe='')}",
        {"username": "amina@example.org", "password": PASSWORD},
        secure=True,
    )

    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", HOSTILE)
def test_signing_out_never_sends_elsewhere(client, target):
    make_account()
    client.login(username="amina@example.org", password=PASSWORD)

    response = client.post("/account/logout/", {"next": target}, secure=True)

    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("target", HOSTILE)
def test_the_language_switcher_never_sends_elsewhere(client, target):
    response = client.post(reverse("set_language"), {"language": "fr", "next": target}, secure=True)

    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]
    assert response.cookies["django_language"].value == "fr"


@pytest.mark.parametrize("target", HOSTILE)
def test_the_language_switcher_ignores_a_hostile_referer(client, target):
    response = client.post(
        reverse("set_language"), {"language": "ar"}, HTTP_REFERER=target, secure=True
    )

    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


def test_the_language_switcher_still_returns_to_the_page(client):
    response = client.post(
        reverse("set_language") + "?next=/fr/events/", {"language": "fr"}, secure=True
    )

    assert response["Location"] == "/fr/events/"


def test_sign_in_still_returns_to_a_page_of_the_site(client):
    make_account()

    response = client.post(
        "/account/login/?next=/events/%3Fq%3Dwater",
        {"username": "amina@example.org", "password": PASSWORD},
        secure=True,
    )

    assert response["Location"] == "/events/?q=water"
