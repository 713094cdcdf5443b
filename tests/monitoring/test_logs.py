"""The log's two shapes, an error in a view written with its request and traceback, and
nothing secret on any line: no password, cookie, CSRF token, query string or token in
an address."""

import json
import logging
import re

import pytest
from django.http import HttpResponse
from django.urls import path

from crossroads.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db

PASSWORD, CSRF_TOKEN, QUERY_TOKEN = "Pa55word-9f2c", "csrf4d1e7b9a0c", "query7e3b1a"
LINK_TOKEN = "link-token-8c2f6a"


def fails(request):
    visitor = "a signed-in" if request.user.is_authenticated else "an anonymous"
    raise RuntimeError(f"the view failed for {visitor} visitor")


def fails_with_token(request, token):
    raise LookupError(f"no link {token}")


def ok(request, token):
    logging.getLogger("crossroads.tests").info("opened %s", request.path)
    return HttpResponse("ok")


urlpatterns = [
    path("fails/", fails),
    path("links/<str:token>/fails/", fails_with_token),
    path("links/<str:token>/", ok),
    *site_urlpatterns,
]


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = __name__


@pytest.fixture
def signed_in(client, django_user_model):
    user = django_user_model.objects.create_user("amina", "amina@example.org", PASSWORD)
    client.force_login(user)
    client.raise_request_exception = False
    return user


def post_with_secrets(client):
    client.cookies["csrftoken"] = CSRF_TOKEN
    return client.post(
        f"/fails/?token={QUERY_TOKEN}",
        {"password": PASSWORD, "csrfmiddlewaretoken": CSRF_TOKEN},
        HTTP_X_REQUEST_ID="req-error-0001",
    )


def test_json_lines_each_parse_with_their_fields(client, log):
    written = log("json")
    client.get("/accessibility/", HTTP_X_REQUEST_ID="req-json-0001")
    logging.getLogger("crossroads.tests").warning("outside a request: %s", "a command")

    lines = written.text.splitlines()
    entries = [json.loads(line) for line in lines]
    assert len(lines) == 2
    assert [sorted(entry) for entry in entries] == [
        sorted(
            [
                "time",
                "level",
                "logger",
                "message",
                "request_id",
                "method",
                "path",
                "status",
                "duration_ms",
            ]
        ),
        ["level", "logger", "message", "request_id", "time"],
    ]
    outside = entries[1]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", outside.pop("time"))
    assert outside == {
        "level": "WARNING",
        "logger": "crossroads.tests",
        "message": "outside a request: a command",
        "request_id": None,
    }


def test_plain_lines_read_time_level_logger_request_id_message(client, log):
    written = log("plain")
    client.get("/accessibility/", HTTP_X_REQUEST_ID="req-plain-0001")
    logging.getLogger("crossroads.tests").warning("outside a request")

    access, outside = written.text.splitlines()
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO crossroads\.access \[req-plain-0001\] "
        r"GET /accessibility/ 200 [\d.]+ ms",
        access,
    )
    assert re.fullmatch(r"\S+ WARNING crossroads\.tests \[-\] outside a request", outside)


def test_an_error_in_a_view_is_logged_with_its_request_and_traceback(
    client, signed_in, test_urls, log
):
    written = log("json")
    response = post_with_secrets(client)

    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-error-0001"
    [error] = [entry for entry in written.entries() if entry["level"] == "ERROR"]
    exception = error.pop("exception")
    error.pop("time")
    assert error == {
        "level": "ERROR",
        "logger": "django.request",
        "message": "Internal Server Error: /fails/",
        "request_id": "req-error-0001",
        "method": "POST",
        "path": "/fails/",
        "status": 500,
        "user_id": signed_in.pk,
    }
    assert exception.startswith("Traceback (most recent call last):")
    assert exception.endswith("RuntimeError: the view failed for a signed-in visitor")
    [access] = written.lines_of("crossroads.access")
    assert (access["status"], access["user_id"]) == (500, signed_in.pk)


def test_no_secret_reaches_the_log(client, signed_in, test_urls, log):
    written = log("json")
    post_with_secrets(client)
    session = client.cookies["sessionid"].value

    for secret in (PASSWORD, CSRF_TOKEN, QUERY_TOKEN, session, "csrfmiddlewaretoken"):
        assert secret not in written.text


def test_plain_error_lines_name_the_request_then_the_traceback(client, signed_in, test_urls, log):
    written = log("plain")
    post_with_secrets(client)

    lines = written.text.splitlines()
    first = next(index for index, line in enumerate(lines) if " ERROR " in line)
    assert lines[first].endswith(
        f"ERROR django.request [req-error-0001] Internal Server Error: /fails/ "
        f"(POST /fails/, user {signed_in.pk})"
    )
    assert lines[first + 1] == "Traceback (most recent call last):"
    assert "RuntimeError: the view failed for a signed-in visitor" in lines


def test_a_token_in_the_address_is_hidden_everywhere(client, test_urls, log):
    client.raise_request_exception = False
    written = log("json")

    client.get(f"/links/{LINK_TOKEN}/")
    client.get(f"/links/{LINK_TOKEN}/fails/")

    assert LINK_TOKEN not in written.text
    opened, access_ok, error, access_failed = written.entries()
    assert (opened["message"], opened["path"]) == ("opened /links/<token>/", "/links/<token>/")
    assert access_ok["path"] == "/links/<token>/"
    assert error["message"] == "Internal Server Error: /links/<token>/fails/"
    assert error["exception"].endswith("LookupError: no link <token>")
    assert access_failed["path"] == "/links/<token>/fails/"


def test_the_links_sent_by_mail_are_hidden_too(client, log):
    written = log("json")
    response = client.get(f"/events/registrations/{LINK_TOKEN}/")

    [access] = written.lines_of("crossroads.access")
    assert (access["path"], access["status"]) == (
        "/events/registrations/<token>/",
        response.status_code,
    )
    assert LINK_TOKEN not in written.text
