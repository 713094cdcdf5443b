"""Every request has an id: the proxy's when it is a short plain token, else a new one.
It is sent back in ``X-Request-ID``, written on every log line of the request, and
available to other code through ``monitoring.context``."""

import logging
import re

import pytest
from django.http import HttpResponse
from django.urls import path

from crossroads.monitoring.context import current_request_id
from crossroads.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db

GENERATED = re.compile(r"[0-9a-f]{32}")
logger = logging.getLogger("crossroads.tests")


def says_its_id(request):
    logger.info("working on it")
    return HttpResponse(current_request_id())


urlpatterns = [path("whoami/", says_its_id), *site_urlpatterns]


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = __name__


def test_a_request_without_an_id_gets_a_new_one(client):
    first, second = client.get("/healthz"), client.get("/healthz")

    assert GENERATED.fullmatch(first["X-Request-ID"])
    assert GENERATED.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize(
    "given", ["4f8c1a2b9d3e4f5a6b7c8d9e0f1a2b3c", "lb-2024.11.24_0001", "abcdefgh", "x" * 64]
)
def test_the_proxys_id_is_kept(client, given):
    assert client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given


@pytest.mark.parametrize(
    "hostile",
    [
        "short",
        "x" * 65,
        "two words here",
        "id\r\nSet-Cookie: sessionid=stolen",
        "<script>alert(1)</script>",
        "../../etc/passwd",
        "id%0aforged",
        "ïdéntifiant-1",
    ],
)
def test_a_hostile_id_is_replaced(client, hostile):
    sent_back = client.get("/healthz", HTTP_X_REQUEST_ID=hostile)["X-Request-ID"]

    assert GENERATED.fullmatch(sent_back)


def test_code_and_log_lines_of_the_request_see_its_id(client, test_urls, log):
    written = log("json")
    response = client.get("/whoami/", HTTP_X_REQUEST_ID="proxy-id-0001")

    assert response.content == b"proxy-id-0001"
    assert response["X-Request-ID"] == "proxy-id-0001"
    [line] = written.lines_of("crossroads.tests")
    assert (line["message"], line["request_id"], line["method"], line["path"]) == (
        "working on it",
        "proxy-id-0001",
        "GET",
        "/whoami/",
    )
    assert current_request_id() is None  # the request is over


def test_one_access_line_per_request_without_the_query_string(client, log):
    written = log("json")
    response = client.get("/events/?q=housing&token=abc123secret", HTTP_X_REQUEST_ID="req-00000042")

    assert response.status_code == 200
    [line] = written.lines_of("crossroads.access")
    duration = line.pop("duration_ms")
    assert isinstance(duration, float) and duration >= 0
    assert line.pop("time").endswith("Z")
    assert line == {
        "level": "INFO",
        "logger": "crossroads.access",
        "message": f"GET /events/ 200 {duration} ms",
        "request_id": "req-00000042",
        "method": "GET",
        "path": "/events/",
        "status": 200,
    }
    assert "abc123secret" not in written.text


def test_probes_are_logged_at_debug_only(client, log):
    quiet = log("json", level="INFO")
    client.get("/healthz")
    client.get("/readyz")
    assert quiet.lines_of("crossroads.access") == []

    verbose = log("json", level="DEBUG")
    client.get("/healthz")
    [line] = verbose.lines_of("crossroads.access")
    assert (line["level"], line["path"], line["status"]) == ("DEBUG", "/healthz", 200)


def test_a_signed_in_users_id_is_on_the_access_line(client, django_user_model, log):
    user = django_user_model.objects.create_user("amina", "amina@example.org", "x")
    client.force_login(user)
    written = log("json")

    client.get("/account/")

    [line] = written.lines_of("crossroads.access")
    assert (line["path"], line["user_id"]) == ("/account/", user.pk)
