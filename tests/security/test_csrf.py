"""CSRF: every address of the site outside the token-authenticated API refuses a POST
without the form's token (403, with a plain page), and no view but the API's is exempt."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

pytestmark = pytest.mark.django_db

#: Sample values for the parts of an address a pattern leaves open.
_CONVERTED = re.compile(r"<(?:(\w+):)?(\w+)>")
_GROUP = re.compile(r"\(\?P<\w+>([^)]*)\)")
_SAMPLES = {"int": "1", "uuid": "12345678-1234-5678-1234-567812345678"}


def _fill(route: str) -> str:
    """A concrete address for a pattern: converters and groups get sample values."""
    route = _GROUP.sub(
        lambda found: found.group(1).split("|")[0] if "|" in found.group(1) else "x", route
    )
    route = _CONVERTED.sub(lambda found: _SAMPLES.get(found.group(1), "x"), route)
    return route.replace("^", "").replace("$", "").replace("\\", "")


def every_address(patterns=None, prefix: str = ""):
    """(address, view) for every pattern of the site, its prefixes included."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + _fill(str(entry.pattern))
        if isinstance(entry, URLResolver):
            yield from every_address(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield "/" + route, entry.callback


ADDRESSES = sorted(set(every_address()), key=lambda pair: pair[0])
PAGES = [(address, view) for address, view in ADDRESSES if not address.startswith("/api/")]


def test_the_walk_finds_the_forms_of_the_site():
    addresses = {address for address, _view in PAGES}

    assert {
        "/account/login/",
        "/account/signup/",
        "/account/password/reset/",
        "/events/x/register/",
        "/campaigns/x/sign/",
        "/i18n/setlang/",
        "/admin/login/",
    } <= addresses
    assert len(PAGES) > 100


def test_no_view_outside_the_api_is_exempt():
    exempt = sorted(address for address, view in ADDRESSES if getattr(view, "csrf_exempt", False))

    assert exempt and all(address.startswith("/api/") for address in exempt), exempt


def test_every_address_outside_the_api_refuses_a_post_without_the_token():
    client = Client(enforce_csrf_checks=True)
    answers = {}
    for address, view in PAGES:
        try:
            if resolve(address).func is not view:
                continue  # an earlier pattern answers this sample address
        except Resolver404:
            continue
        answers[address] = client.post(address, {"name": "x"}).status_code

    assert len(answers) == len(PAGES)
    assert {address: status for address, status in answers.items() if status != 403} == {}


def test_the_refusal_is_a_plain_page_in_the_visitors_language():
    client = Client(enforce_csrf_checks=True)

    english = client.post("/account/login/", {"username": "a", "password": "b"})
    french = client.post("/fr/account/login/", {"username": "a", "password": "b"})

    assert english.status_code == french.status_code == 403
    assert "<h1>The form has expired</h1>" in english.content.decode()
    assert '<html lang="fr"' in french.content.decode()


def test_a_form_with_its_token_is_accepted():
    client = Client(enforce_csrf_checks=True)
    page = client.get("/account/login/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = client.post(
        "/account/login/",
        {"username": "a@example.org", "password": "b", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 200
