"""``/healthz`` (the process answers) and ``/readyz`` (the database and the cache do),
reachable without a language prefix and never redirected."""

import json

import pytest

from crossroads import config

REDIS_NOWHERE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def test_healthz_answers_without_the_database_a_session_or_a_cookie(client):
    # No django_db mark: any query would fail this test.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert response.cookies == {}
    assert "Cookie" not in response.get("Vary", "")


def test_healthz_is_not_sent_to_another_language(client):
    client.cookies["django_language"] = "fr"
    response = client.get("/healthz", HTTP_ACCEPT_LANGUAGE="ar")

    assert (response.status_code, response.content) == (200, b"ok")


def test_healthz_takes_head_and_refuses_writes(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_readyz_names_each_check(client):
    client.cookies["django_language"] = "fr"
    response = client.get("/readyz", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert response.cookies == {}


@pytest.mark.django_db
def test_readyz_is_503_when_the_cache_does_not_answer(client, settings, log):
    settings.CACHES = REDIS_NOWHERE
    written = log("json")

    response = client.get("/readyz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "cache": "unavailable"}
    [warning] = written.lines_of("crossroads.monitoring.views")
    assert warning["level"] == "WARNING"
    assert warning["message"].startswith("Not ready: the cache does not answer (")
    assert warning["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_when_the_database_does_not_answer(client, database_unreachable, log):
    written = log("json")

    response = client.get("/readyz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "unavailable", "cache": "ok"}
    [warning] = written.lines_of("crossroads.monitoring.views")
    assert warning["message"].startswith("Not ready: the database does not answer (")


@pytest.mark.django_db
def test_probes_stay_on_http_when_the_site_redirects_to_https(client, settings):
    """With CROSSROADS_HTTPS on, a probe reaching the application directly (plain HTTP,
    no proxy header) is answered, while pages move to HTTPS."""
    values = config.load({"CROSSROADS_SECRET_KEY": "k" * 50})
    production = config.security({**values, "HTTPS": True, "DEBUG": False})
    settings.SECURE_SSL_REDIRECT = production["SECURE_SSL_REDIRECT"]
    settings.SECURE_REDIRECT_EXEMPT = production["SECURE_REDIRECT_EXEMPT"]

    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/events/").status_code == 301
