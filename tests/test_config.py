"""The settings table: parsing, errors that name the variable, the kept secret key, and the
documentation of every option."""

import re
import stat

import pytest

from crossroads import config
from crossroads.config import ConfigError


@pytest.fixture
def environ(tmp_path):
    """An environment that keeps the data folder (and the generated key) in the test's folder."""
    return {"CROSSROADS_DATA_DIR": str(tmp_path / "data")}


def test_defaults(environ, tmp_path):
    values = config.load(environ)

    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert values["DATA_DIR"] == tmp_path / "data"
    assert values["DATABASE_URL"] is None
    assert values["CACHE_URL"] == "locmem://"
    assert values["PAGE_SIZE"] == 20


def test_only_the_given_environment_is_read(environ, monkeypatch):
    monkeypatch.setenv("CROSSROADS_DEBUG", "yes")

    assert config.load(environ)["DEBUG"] is False


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        (" ON ", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("Off", False),
        ("", False),
    ],
)
def test_booleans(environ, raw, parsed):
    assert config.load({**environ, "CROSSROADS_DEBUG": raw})["DEBUG"] is parsed


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("crossroads.example.org", ["crossroads.example.org"]),
        (" a.example.org, b.example.org ,, ", ["a.example.org", "b.example.org"]),
        ("", []),
    ],
)
def test_lists(environ, raw, parsed):
    assert config.load({**environ, "CROSSROADS_ALLOWED_HOSTS": raw})["ALLOWED_HOSTS"] == parsed


def test_integers(environ):
    assert config.load({**environ, "CROSSROADS_PAGE_SIZE": "50"})["PAGE_SIZE"] == 50


def test_paths_are_made_absolute(environ, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    values = config.load({**environ, "CROSSROADS_DATA_DIR": "relative/data"})

    assert values["DATA_DIR"] == tmp_path / "relative" / "data"


def test_an_invalid_boolean_is_refused_naming_the_variable(environ):
    with pytest.raises(ConfigError) as error:
        config.load({**environ, "CROSSROADS_DEBUG": "maybe"})

    assert str(error.value) == (
        "CROSSROADS_DEBUG='maybe' is not valid: expected yes/no, true/false, on/off or 1/0."
    )


def test_an_invalid_integer_is_refused_naming_the_variable(environ):
    with pytest.raises(ConfigError) as error:
        config.load({**environ, "CROSSROADS_PAGE_SIZE": "ten"})

    assert str(error.value).startswith("CROSSROADS_PAGE_SIZE='ten' is not valid: ")


@pytest.mark.parametrize("raw", ["0", "-5"])
def test_a_page_size_below_one_is_refused(environ, raw):
    with pytest.raises(ConfigError, match="CROSSROADS_PAGE_SIZE"):
        config.load({**environ, "CROSSROADS_PAGE_SIZE": raw})


def test_a_secret_key_is_generated_once_and_kept(environ, tmp_path):
    first = config.load(environ)["SECRET_KEY"]
    second = config.load(environ)["SECRET_KEY"]

    stored = tmp_path / "data" / "secret_key"
    assert first == second == stored.read_text()
    assert len(first) >= 50
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600


def test_each_data_folder_gets_its_own_key(tmp_path):
    keys = {
        config.load({"CROSSROADS_DATA_DIR": str(tmp_path / name)})["SECRET_KEY"]
        for name in ("one", "two")
    }

    assert len(keys) == 2


def test_a_given_secret_key_is_used_and_nothing_is_written(environ, tmp_path):
    values = config.load({**environ, "CROSSROADS_SECRET_KEY": "a-key-from-the-environment"})

    assert values["SECRET_KEY"] == "a-key-from-the-environment"
    assert not (tmp_path / "data" / "secret_key").exists()


def test_without_database_url_an_sqlite_file_in_the_data_folder(environ, tmp_path):
    database = config.databases(config.load(environ))["default"]

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "data" / "crossroads.sqlite3")
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_database_url_selects_postgresql(environ):
    url = "postgres://crossroads:secret@db.internal:5433/crossroads"

    database = config.databases(config.load({**environ, "DATABASE_URL": url}))["default"]

    assert {key: database[key] for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST")} == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "crossroads",
        "USER": "crossroads",
        "PASSWORD": "secret",
        "HOST": "db.internal",
    }
    assert (database["PORT"], database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (
        5433,
        60,
        True,
    )
    assert database["OPTIONS"] == {"connect_timeout": 5}


def test_an_invalid_database_url_is_refused_naming_the_variable(environ):
    values = config.load({**environ, "DATABASE_URL": "mongodb://db.internal/crossroads"})

    with pytest.raises(ConfigError, match=r"^DATABASE_URL is not valid: "):
        config.databases(values)


@pytest.mark.parametrize(
    ("url", "cache"),
    [
        ("locmem://", {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}),
        (
            "redis://cache.internal:6379/0",
            {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://cache.internal:6379/0",
                "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
            },
        ),
    ],
)
def test_cache_url(environ, url, cache):
    values = config.load({**environ, "CROSSROADS_CACHE_URL": url})

    assert config.caches(values) == {"default": cache}


@pytest.mark.parametrize("url", ["memcached://cache.internal:11211", "", "redis"])
def test_an_invalid_cache_url_is_refused_naming_the_variable(environ, url):
    values = config.load({**environ, "CROSSROADS_CACHE_URL": url})

    with pytest.raises(ConfigError) as error:
        config.caches(values)

    assert str(error.value) == (
        f"CROSSROADS_CACHE_URL={url!r} is not valid: use locmem:// or redis://host:port/db."
    )


@pytest.mark.parametrize("option", config.OPTIONS, ids=lambda option: option.variable)
def test_every_option_is_documented(option):
    documentation = (config.PROJECT_DIR / "docs" / "configuration.md").read_text()

    assert re.search(rf"(?<![A-Z_]){option.variable}(?![A-Z_])", documentation)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("console://", ("django.core.mail.backends.console.EmailBackend", "localhost", 587)),
        ("locmem://", ("django.core.mail.backends.locmem.EmailBackend", "localhost", 587)),
        (
            "smtp://mailer:s%40cret@mail.example.org",
            ("django.core.mail.backends.smtp.EmailBackend", "mail.example.org", 587),
        ),
        (
            "smtps://mailer:pw@mail.example.org:2465",
            ("django.core.mail.backends.smtp.EmailBackend", "mail.example.org", 2465),
        ),
    ],
)
def test_mail_settings_from_the_mail_url(environ, url, expected):
    mail = config.mail(config.load({**environ, "CROSSROADS_MAIL_URL": url}))

    assert (mail["BACKEND"], mail["HOST"], mail["PORT"]) == expected
    if url.startswith("smtp://"):
        assert (mail["USER"], mail["PASSWORD"], mail["USE_TLS"], mail["USE_SSL"]) == (
            "mailer",
            "s@cret",
            True,
            False,
        )
    if url.startswith("smtps://"):
        assert (mail["USE_TLS"], mail["USE_SSL"]) == (False, True)


@pytest.mark.parametrize("url", ["mail.example.org", "ftp://mail.example.org", "smtp:/x"])
def test_an_unknown_mail_url_is_refused_by_name(environ, url):
    with pytest.raises(ConfigError) as error:
        config.load({**environ, "CROSSROADS_MAIL_URL": url})

    assert str(error.value) == (
        f"CROSSROADS_MAIL_URL={url!r} is not valid: "
        "use console://, locmem:// or smtp://user:password@host:port."
    )


STRONG_KEY = "s3cret-" + "abcdefghij" * 5


@pytest.fixture
def production(environ):
    """HTTPS on and DEBUG off: the settings of a public site."""
    return {**environ, "CROSSROADS_HTTPS": "yes", "CROSSROADS_DEBUG": "no"}


def test_production_takes_its_key_from_the_environment(production, tmp_path):
    values = config.load({**production, "CROSSROADS_SECRET_KEY": STRONG_KEY})

    assert values["SECRET_KEY"] == STRONG_KEY
    assert not (tmp_path / "data" / "secret_key").exists()


def test_production_refuses_to_start_without_a_key(production, tmp_path):
    with pytest.raises(ConfigError) as error:
        config.load(production)

    assert str(error.value) == (
        "CROSSROADS_SECRET_KEY is not set. In production (CROSSROADS_HTTPS on, "
        "CROSSROADS_DEBUG off) the key must come from the environment. Set it to a long random "
        "value, for example the output of "
        "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`, "
        "the same for every process of the site."
    )
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    "key",
    [
        "a-key-from-the-environment",  # too short
        "abcd" * 20,  # four different characters
        "django-insecure-" + "abcdefghij" * 5,  # Django's placeholder for development
    ],
)
def test_production_refuses_a_weak_key(production, key):
    with pytest.raises(ConfigError) as error:
        config.load({**production, "CROSSROADS_SECRET_KEY": key})

    assert str(error.value).startswith(
        "CROSSROADS_SECRET_KEY is too weak: it needs at least 50 characters, 5 of them different. "
    )


def test_https_with_debug_is_not_production_and_keeps_a_generated_key(environ, tmp_path):
    values = config.load({**environ, "CROSSROADS_HTTPS": "yes", "CROSSROADS_DEBUG": "yes"})

    assert values["SECRET_KEY"] == (tmp_path / "data" / "secret_key").read_text()


def test_without_https_nothing_asks_for_https(environ):
    security = config.security(config.load(environ))

    assert security == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_REDIRECT_EXEMPT": [],
        "SECURE_PROXY_SSL_HEADER": None,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_TRUSTED_ORIGINS": ["http://127.0.0.1:8000"],
    }


def test_https_turns_on_secure_cookies_hsts_and_the_redirect(production):
    values = config.load({**production, "CROSSROADS_SECRET_KEY": STRONG_KEY})

    security = config.security(values)

    assert (
        security["SECURE_SSL_REDIRECT"],
        security["SESSION_COOKIE_SECURE"],
        security["CSRF_COOKIE_SECURE"],
        security["SECURE_PROXY_SSL_HEADER"],
    ) == (True, True, True, ("HTTP_X_FORWARDED_PROTO", "https"))
    assert (
        security["SECURE_HSTS_SECONDS"],
        security["SECURE_HSTS_INCLUDE_SUBDOMAINS"],
        security["SECURE_HSTS_PRELOAD"],
    ) == (365 * 24 * 60 * 60, True, True)


@pytest.mark.parametrize(
    ("site_url", "origins"),
    [
        ("https://crossroads.example.org", ["https://crossroads.example.org"]),
        ("https://crossroads.example.org:8443/", ["https://crossroads.example.org:8443"]),
        ("crossroads.example.org", []),
    ],
)
def test_forms_are_trusted_from_the_site_url(environ, site_url, origins):
    values = config.load({**environ, "CROSSROADS_SITE_URL": site_url})

    assert config.security(values)["CSRF_TRUSTED_ORIGINS"] == origins


@pytest.mark.parametrize(("given", "level"), [("info", "INFO"), (" warning ", "WARNING")])
def test_the_log_level_is_read_in_any_case(environ, given, level):
    assert config.load({**environ, "CROSSROADS_LOG_LEVEL": given})["LOG_LEVEL"] == level


def test_an_unknown_log_level_is_refused_naming_the_variable(environ):
    with pytest.raises(ConfigError) as error:
        config.load({**environ, "CROSSROADS_LOG_LEVEL": "LOUD"})

    assert str(error.value) == (
        "CROSSROADS_LOG_LEVEL='LOUD' is not valid: "
        "expected DEBUG, INFO, WARNING, ERROR or CRITICAL."
    )
