"""The accessibility statement, /accessibility/: what it says, in the visitor's language,
and hostile requests answered without an error."""

import re

import pytest

from tests.content.pages import h1, html

pytestmark = pytest.mark.django_db


def test_the_statement_names_the_standard_the_checks_the_limits_and_whom_to_tell(client):
    response = client.get("/accessibility/")

    assert response.status_code == 200
    assert h1(response) == "Accessibility statement"
    page = html(response)
    assert re.findall(r'<h2 id="([a-z]+)">', page) == [
        "standard",
        "checks",
        "limitations",
        "report",
        "review",
    ]
    assert "level AA of the" in page and "(WCAG) 2.2</a>" in page
    assert "in English, French and Arabic" in page
    assert "Many PDF files are not accessible." in page
    assert (
        'tell the secretariat of the network it concerns: <a href="/networks/">each network\'s '
        "page</a> names its secretariat and its website."
    ) in page
    assert "This statement was last reviewed on 24 November 2026." in page  # REVIEWED_ON


def test_the_statement_in_french_and_arabic(client, settings):
    for language, direction in (("fr", "ltr"), ("ar", "rtl")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get("/accessibility/", follow=True)
        assert response.status_code == 200
        assert f'<html lang="{language}" dir="{direction}">' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"a": "x" * 10_000},
        {"page": "-1", "q": "<script>alert(1)</script>"},
        {"lang": "\x00"},
    ],
    ids=["10 kB", "markup", "nul"],
)
def test_hostile_queries_are_ignored(client, query):
    response = client.get("/accessibility/", query)

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_only_reading_is_allowed(client):
    assert client.post("/accessibility/", {"a": "b"}).status_code == 405
