"""What browsers are told a response may do (the Content-Security-Policy with its nonce, the
Permissions-Policy and Django's own headers) on pages, the API, static files and error
pages; what HTTPS turns on; and the production start-up: ``check --deploy`` silent, no
start without a strong secret key from the environment."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.http import HttpResponse
from django.urls import path

from crossroads import config
from crossroads.content.security import PERMISSIONS_POLICY, tile_source
from crossroads.urls import urlpatterns as site_urlpatterns
from tests.engagement.conftest import make_survey
from tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'{nonce}; style-src 'self'{nonce}; "
    "img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
#: The policy of a response whose page holds no inline style or script.
STRICT = POLICY.format(nonce="")
#: Headers every response gets from Django's SecurityMiddleware, with or without HTTPS.
DJANGO_HEADERS = {
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}
STRONG_KEY = "k" + secrets.token_urlsafe(50)


def boom(request):
    raise RuntimeError("a bug")


def own_policy(request):
    response = HttpResponse("framed")
    response["Content-Security-Policy"] = "frame-ancestors 'self'"
    response["Permissions-Policy"] = "fullscreen=(self)"
    return response


#: The site's addresses, one that fails (for the 500 page) and one with its own policy.
urlpatterns = [path("boom/", boom), path("own/", own_policy), *site_urlpatterns]
handler404 = "crossroads.content.views.not_found"
handler500 = "crossroads.content.views.server_error"


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = __name__


def security_headers(response) -> dict[str, str]:
    names = ("Content-Security-Policy", "Permissions-Policy", *DJANGO_HEADERS)
    return {name: response.get(name) for name in names}


def expected_headers(policy: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": policy,
        "Permissions-Policy": PERMISSIONS_POLICY,
        **DJANGO_HEADERS,
    }


def style_nonce(response) -> str:
    return re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)


@pytest.fixture
def survey_report():
    survey = make_survey(NetworkFactory(slug="hmln"), 2024)
    return f"/surveys/hmln/{survey.year}/report/"


def test_a_page_gets_every_header_and_the_strict_policy(client):
    response = client.get("/")

    assert response.status_code == 200
    assert security_headers(response) == expected_headers(STRICT)
    assert response["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response  # HTTPS is off in the embedded set-up


def test_the_permissions_policy_denies_what_the_site_never_uses():
    denied = PERMISSIONS_POLICY.split(", ")

    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in denied
    assert all(entry.endswith("=()") for entry in denied)


def test_an_api_response_gets_the_headers(client):
    response = client.get("/api/events/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert security_headers(response) == expected_headers(STRICT)


def test_a_static_file_served_by_whitenoise_gets_the_headers(client):
    """WhiteNoise is a middleware here, after ours: its files pass back through it."""
    response = client.get("/static/crossroads/site.css")

    assert response.status_code == 200
    assert security_headers(response) == expected_headers(STRICT)


def test_the_404_page_gets_the_headers(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert security_headers(response) == expected_headers(STRICT)


def test_the_500_page_styles_itself_with_the_nonce_of_its_policy(client, test_urls):
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    nonce = style_nonce(response)
    assert security_headers(response) == expected_headers(POLICY.format(nonce=f" 'nonce-{nonce}'"))
    assert " style=" not in response.content.decode()


def test_the_nonce_is_new_for_each_request_and_the_one_in_the_page(client, survey_report):
    first = client.get(survey_report)
    second = client.get(survey_report)

    nonces = [style_nonce(first), style_nonce(second)]
    assert nonces[0] != nonces[1]
    assert [len(nonce) for nonce in nonces] == [22, 22]  # 16 random bytes
    for response, nonce in zip((first, second), nonces, strict=True):
        assert response["Content-Security-Policy"] == POLICY.format(nonce=f" 'nonce-{nonce}'")


def test_a_policy_set_by_the_view_is_kept(client, test_urls):
    response = client.get("/own/")

    assert response["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert response["Permissions-Policy"] == "fullscreen=(self)"


def test_the_policy_names_the_configured_tile_host(client, settings):
    settings.MAP_TILES = "https://{s}.tile.example.org/{z}/{x}/{y}.png"

    policy = client.get("/map/")["Content-Security-Policy"]

    assert "; img-src 'self' data: https://*.tile.example.org; " in policy


@pytest.mark.parametrize(
    ("tiles", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("https://maps.example.org:8443/{r}/{z}/{x}/{y}", "https://maps.example.org:8443"),
        ("//tiles.example.org/{z}/{x}/{y}.png", "tiles.example.org"),
        ("/tiles/{z}/{x}/{y}.png", ""),
    ],
)
def test_tile_sources(tiles, source):
    assert tile_source(tiles) == source


def production(tmp_path, **changes) -> dict[str, str]:
    environ = {
        "CROSSROADS_HTTPS": "yes",
        "CROSSROADS_DEBUG": "no",
        "CROSSROADS_SECRET_KEY": STRONG_KEY,
        "CROSSROADS_ALLOWED_HOSTS": "crossroads.example.org",
        "CROSSROADS_SITE_URL": "https://crossroads.example.org",
        "CROSSROADS_DATA_DIR": str(tmp_path / "data"),
        **changes,
    }
    return {name: value for name, value in environ.items() if value is not None}


def test_https_turns_on_the_secure_settings(tmp_path):
    security = config.security(config.load(production(tmp_path)))

    assert security == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_REDIRECT_EXEMPT": [r"^healthz$", r"^readyz$"],
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_TRUSTED_ORIGINS": ["https://crossroads.example.org"],
    }


@pytest.fixture
def https(settings, tmp_path):
    for name, value in config.security(config.load(production(tmp_path))).items():
        setattr(settings, name, value)


def test_under_https_plain_http_is_redirected(client, https):
    response = client.get("/events/?page=2")

    assert (response.status_code, response["Location"]) == (
        301,
        "https://testserver/events/?page=2",
    )


def test_under_https_health_checks_answer_plain_http(client, https):
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_under_https_the_proxys_header_makes_the_request_secure(client, https, django_user_model):
    django_user_model.objects.create_user("ed", "ed@example.org", "a long password")

    response = client.post(
        "/account/login/",
        {"username": "ed@example.org", "password": "a long password"},
        headers={"X-Forwarded-Proto": "https"},
    )

    assert response.status_code == 302
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    cookie = response.cookies["sessionid"]
    assert (cookie["secure"], cookie["httponly"]) == (True, True)


def crossroads(*arguments, environ: dict[str, str]) -> subprocess.CompletedProcess:
    """The ``crossroads`` command in a fresh process with ``environ`` alone (and PATH)."""
    command = os.path.join(os.path.dirname(sys.executable), "crossroads")
    return subprocess.run(
        [command, *arguments],
        env={"PATH": os.environ["PATH"], **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db(False)
def test_check_deploy_reports_nothing_in_production(tmp_path):
    done = crossroads("check", "--deploy", "--fail-level", "WARNING", environ=production(tmp_path))

    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )


@pytest.mark.django_db(False)
def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    done = crossroads("check", environ=production(tmp_path, CROSSROADS_SECRET_KEY=None))

    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().endswith(
        "CROSSROADS_SECRET_KEY is not set. In production (CROSSROADS_HTTPS on, "
        "CROSSROADS_DEBUG off) the key must come from the environment. "
        f"{config.SECRET_KEY_ADVICE}"
    )
    assert not (tmp_path / "data" / "secret_key").exists()
