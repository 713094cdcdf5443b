"""The database going away during a request: a clean 503 page (JSON under /api/), the
error logged with its request, nothing half-written, and the next request served.

The connection is cut for real, right after the registration's INSERT and before the
transaction commits: on PostgreSQL a second connection terminates the request's own
server process (``pg_terminate_backend``); on SQLite, which has no server, the work of
the request's connection is aborted by SQLite itself (an interrupt)."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection, connections
from django.http import JsonResponse
from django.test import RequestFactory
from django.urls import path, reverse

from crossroads.events.models import Registration
from crossroads.monitoring import outage
from crossroads.urls import urlpatterns as site_urlpatterns
from tests.events.registering import form_data, open_event
from tests.factories import CountryFactory

MESSAGE = "The site is unavailable for a moment. Please try again in a minute."


def counts_events(request):
    return JsonResponse({"events": Registration.objects.count()})


def duplicates_a_user(request):
    get_user_model().objects.create(username="twice")
    get_user_model().objects.create(username="twice")


urlpatterns = [
    path("api/outage-probe/", counts_events),
    path("duplicate/", duplicates_a_user),
    *site_urlpatterns,
]


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = __name__


@pytest.fixture
def event():
    CountryFactory(code="KE", name="Kenya")
    return open_event(title="Hub meeting", slug="hub")


def cut(wrapper) -> None:
    """Take the connection away from under ``wrapper`` (Django's connection)."""
    if wrapper.vendor == "postgresql":
        pid = wrapper.connection.info.backend_pid
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
                assert cursor.fetchone() == (True,)
        finally:
            other.close()
    else:
        # No server to end the session: SQLite aborts the connection's work instead (the
        # progress handler's first answer interrupts what runs), and rolls back the
        # transaction of an interrupted write by itself.
        aborts = iter([1])
        wrapper.connection.set_progress_handler(lambda: next(aborts, 0), 1)


def registrations_seen_afresh() -> int:
    """Rows of registrations, counted through a connection of its own."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM events_registration")
            return cursor.fetchone()[0]
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_losing_the_database_mid_write_gives_a_clean_page_and_writes_nothing(client, event, log):
    written = log("json")
    cuts = []

    def cut_after_the_insert(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith('INSERT INTO "events_registration"') and not cuts:
            cuts.append(sql)
            cut(context["connection"])
        return result

    url = reverse("events:register", args=[event.slug])
    with connection.execute_wrapper(cut_after_the_insert):
        response = client.post(url, form_data(), HTTP_X_REQUEST_ID="req-outage-0001")

    assert len(cuts) == 1
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "<h1>Temporarily unavailable</h1>" in page
    assert "Reference: req-outage-0001" in page
    assert "Traceback" not in page and "Error" not in page
    assert registrations_seen_afresh() == 0
    assert mail.outbox == []

    [error] = [entry for entry in written.entries() if entry["level"] == "ERROR"]
    assert (error["logger"], error["message"], error["status"]) == (
        "django.request",
        f"Service Unavailable: {url}",
        503,
    )
    assert (error["request_id"], error["method"], error["path"]) == ("req-outage-0001", "POST", url)
    assert error["exception"].startswith("Traceback (most recent call last):")
    assert "\ndjango.db.utils.OperationalError: " in error["exception"]

    again = client.post(url, form_data())  # Django opens a new connection
    assert again.status_code == 302
    assert registrations_seen_afresh() == 1
    assert [message.to for message in mail.outbox] == [["amina@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_while_the_database_cannot_be_reached(client, database_unreachable):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert f"Reference: {response['X-Request-ID']}" in page
    nonce = re.search(r'<style nonce="([^"]+)">', page).group(1)
    assert f"style-src 'self' 'nonce-{nonce}'" in response["Content-Security-Policy"]


@pytest.mark.django_db(transaction=True)
def test_the_page_is_in_the_visitors_language(client, database_unreachable):
    response = client.get("/ar/")

    assert response.status_code == 503
    assert response.content.decode().startswith('<!doctype html>\n<html lang="ar" dir="rtl">')


@pytest.mark.django_db(transaction=True)
def test_under_api_the_answer_is_json(client, test_urls, database_unreachable):
    response = client.get("/api/outage-probe/")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert json.loads(response.content) == {"detail": MESSAGE}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("address", ["/api/items/", "/api/items/water", "/api/topics/"])
def test_the_apis_operations_answer_503_json(client, database_unreachable, address):
    response = client.get(address)

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"detail": MESSAGE}


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_stay_500(client, test_urls):
    client.raise_request_exception = False

    assert client.get("/duplicate/").status_code == 500


def test_the_page_is_small_and_self_contained():
    request = RequestFactory().get("/events/")
    request.request_id = "req-0123456789"

    response = outage.unavailable_response(request)

    page = response.content.decode()
    assert response.status_code == 503
    assert len(response.content) < 10 * 1024
    for external in ("src=", "<link", "url(", "@import", "<script", "http://", "https://"):
        assert external not in page
    assert '<a href="/">Go to the home page</a>' in page
