"""The settings table: every configurable value, its default and its documentation.

Each option is read from a ``CROSSROADS_<NAME>`` environment variable (``DATABASE_URL``
is read under its conventional name). ``settings.py`` only copies the parsed values.
``docs/configuration.md`` is written from this table; a test keeps them in step.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent


class ConfigError(Exception):
    """A configuration value cannot be understood; the message says which and why."""


def as_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected yes/no, true/false, on/off or 1/0")


def as_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def as_path(value: str) -> Path:
    return Path(value).expanduser().resolve()


def as_positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError("expected a whole number of 1 or more")
    return number


def as_count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("expected a whole number of 0 or more")
    return number


def as_log_level(value: str) -> str:
    level = value.strip().upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ValueError("expected DEBUG, INFO, WARNING, ERROR or CRITICAL")
    return level


def as_log_format(value: str) -> str:
    if value not in {"plain", "json"}:
        raise ValueError("expected plain or json")
    return value


def as_str(value: str) -> str:
    return value


def as_tile_url(value: str) -> str:
    if not value.startswith(("https://", "http://", "/")):
        raise ValueError("expected an address starting with https://, http:// or /")
    missing = [part for part in ("{z}", "{x}", "{y}") if part not in value]
    if missing:
        raise ValueError(f"the address must hold {', '.join(missing)}")
    return value


def as_mail_url(value: str) -> str:
    if value.split("://", 1)[0] not in MAIL_SCHEMES or "://" not in value:
        raise ValueError("use console://, locmem:// or smtp://user:password@host:port")
    return value


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    parse: Callable[[str], Any]
    doc: str
    env: str = ""

    @property
    def variable(self) -> str:
        return self.env or f"CROSSROADS_{self.name}"


OPTIONS: tuple[Option, ...] = (
    Option("DEBUG", False, as_bool, "Show detailed error pages. Never enable in production."),
    Option(
        "SECRET_KEY",
        None,
        as_str,
        "Key that signs sessions and links: at least 50 characters, not guessable. When unset, "
        "one is generated once and kept in `DATA_DIR/secret_key`; in production (`HTTPS` on, "
        "`DEBUG` off) it must be set, and the site refuses to start without it or with a "
        "weaker one.",
    ),
    Option(
        "ALLOWED_HOSTS",
        ["127.0.0.1", "localhost"],
        as_list,
        "Comma-separated host names the site answers to.",
    ),
    Option(
        "DATA_DIR",
        PROJECT_DIR / "var",
        as_path,
        "Folder for the embedded SQLite database, uploaded media and the generated key.",
    ),
    Option(
        "DATABASE_URL",
        None,
        as_str,
        "Database to use, e.g. `postgres://user@127.0.0.1:5432/crossroads`. "
        "When unset, an SQLite file `DATA_DIR/crossroads.sqlite3`.",
        env="DATABASE_URL",
    ),
    Option(
        "SITE_URL",
        "http://127.0.0.1:8000",
        as_str,
        "Public address of the site, used in links that leave it (feeds, emails).",
    ),
    Option("TIME_ZONE", "UTC", as_str, "Time zone for dates that belong to no event."),
    Option("LANGUAGE_CODE", "en", as_str, "Language shown when the visitor states none."),
    Option(
        "CACHE_URL",
        "locmem://",
        as_str,
        "Cache: `locmem://` (one process) or `redis://host:port/db` (several processes).",
    ),
    Option(
        "LOG_LEVEL", "INFO", as_log_level, "Level of the application log: DEBUG, INFO, WARNING."
    ),
    Option(
        "LOG_FORMAT",
        "plain",
        as_log_format,
        "Shape of the log lines: `plain` (read by people) or `json` (one object per line, "
        "for a log collector). Every line carries the request id.",
    ),
    Option("PAGE_SIZE", 20, as_positive_int, "Items per page in public lists."),
    Option(
        "MAIL_URL",
        "console://",
        as_mail_url,
        "Where mail goes: `console://` (printed by the process, the embedded default), "
        "`smtp://user:password@host:587` (STARTTLS) or `smtps://user:password@host:465` (TLS).",
    ),
    Option(
        "MAIL_FROM",
        "Crossroads <no-reply@localhost>",
        as_str,
        "Sender of the site's mail (confirmations, reminders, password resets).",
    ),
    Option(
        "REGISTRATION_RETENTION_DAYS",
        90,
        as_positive_int,
        "Days after an event's end when its registrations are anonymised by "
        "`crossroads events anonymise` (names, emails and needs erased; counts kept).",
    ),
    Option(
        "SERVE_MEDIA",
        True,
        as_bool,
        "Serve uploaded files from the application itself, as the embedded set-up needs. "
        "Turn off when the web server or an object store serves `/media/`.",
    ),
    Option(
        "HTTPS",
        False,
        as_bool,
        "The site is served over HTTPS: cookies are sent over HTTPS only, browsers are told "
        "to use HTTPS for a year, subdomains included (HSTS, preload), and plain HTTP is "
        "redirected. A request counts as HTTPS when the proxy in front sets "
        "`X-Forwarded-Proto: https`: it must set (not pass on) that header. `/healthz` and "
        "`/readyz` also answer plain HTTP, for health checks. Turn on in production.",
    ),
    Option(
        "PROXY_COUNT",
        0,
        as_count,
        "How many proxies in front of the application add to `X-Forwarded-For` (0: none). "
        "The visitor's address, used by rate limits, is read that many places from the end.",
    ),
    Option(
        "UPLOAD_MAX_MB",
        20,
        as_positive_int,
        "Largest file, in megabytes, that editors may upload (documents, imported pages).",
    ),
    Option(
        "MAP_TILES",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        as_tile_url,
        "Address of the map tiles drawn under the markers of `/map/`, with `{z}`, `{x}` and "
        "`{y}` (and optionally `{s}`, `{r}`): OpenStreetMap's by default. Use your own tile "
        "server, or a provider whose terms allow your traffic.",
    ),
    Option(
        "MAP_ATTRIBUTION",
        "© OpenStreetMap contributors",
        as_str,
        "Credit shown in the corner of the map for its tiles (plain text), as the tiles' "
        "licence requires; change it with `MAP_TILES`.",
    ),
)


def load(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Read every option from ``environ`` (default: the process environment)."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for option in OPTIONS:
        raw = environ.get(option.variable)
        if raw is None:
            values[option.name] = option.default
            continue
        try:
            values[option.name] = option.parse(raw)
        except ValueError as error:
            raise ConfigError(f"{option.variable}={raw!r} is not valid: {error}.") from None
    production = values["HTTPS"] and not values["DEBUG"]
    if production:
        _check_secret_key(values["SECRET_KEY"])
    elif not values["SECRET_KEY"]:
        values["SECRET_KEY"] = _stored_secret_key(values["DATA_DIR"])
    return values


#: Django's rules for a strong key (its ``check --deploy`` warning security.W009).
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_CHARACTERS = 5
SECRET_KEY_ADVICE = (
    "Set it to a long random value, for example the output of "
    "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`, "
    "the same for every process of the site."
)


def _check_secret_key(key: str | None) -> None:
    """In production the key comes from the environment, and is not weak."""
    if not key:
        raise ConfigError(
            "CROSSROADS_SECRET_KEY is not set. In production (CROSSROADS_HTTPS on, "
            f"CROSSROADS_DEBUG off) the key must come from the environment. {SECRET_KEY_ADVICE}"
        )
    weak = (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_CHARACTERS
        or key.startswith("django-insecure-")
    )
    if weak:
        raise ConfigError(
            f"CROSSROADS_SECRET_KEY is too weak: it needs at least {SECRET_KEY_MIN_LENGTH} "
            f"characters, {SECRET_KEY_MIN_CHARACTERS} of them different. {SECRET_KEY_ADVICE}"
        )


def _stored_secret_key(data_dir: Path) -> str:
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


def databases(values: Mapping[str, Any]) -> dict[str, Any]:
    """Django's DATABASES from DATABASE_URL, or the embedded SQLite file."""
    import dj_database_url

    url = values["DATABASE_URL"] or f"sqlite:///{values['DATA_DIR'] / 'crossroads.sqlite3'}"
    try:
        database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ConfigError(f"DATABASE_URL is not valid: {error}") from None
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # Connections are kept like PostgreSQL's: opening one per request cost a
        # millisecond, and another for the cache of pages each new one starts without.
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        # Tests use a file too (not SQLite's shared in-memory database, whose table locks
        # fail at once instead of waiting), so that concurrent writers behave as in use;
        # one per process, so that test runs side by side never share it.
        test_file = Path(tempfile.gettempdir()) / f"crossroads-test-{os.getpid()}.sqlite3"
        database["TEST"] = {"NAME": str(test_file)}
    else:
        # A server that does not answer is reported (/readyz, a 503 page) within seconds
        # instead of holding the request until the operating system gives up.
        database.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    return {"default": database}


#: The mail backends MAIL_URL may name.
MAIL_SCHEMES = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
}


def mail(values: Mapping[str, Any]) -> dict[str, Any]:
    """Django's EMAIL_* settings from MAIL_URL (every key, whatever the backend)."""
    url = urlsplit(values["MAIL_URL"])
    secure = url.scheme == "smtps"
    return {
        "BACKEND": MAIL_SCHEMES[url.scheme],
        "HOST": url.hostname or "localhost",
        "PORT": url.port or (465 if secure else 587),
        "USER": unquote(url.username or ""),
        "PASSWORD": unquote(url.password or ""),
        "USE_TLS": url.scheme == "smtp",
        "USE_SSL": secure,
    }


def caches(values: Mapping[str, Any]) -> dict[str, Any]:
    """Django's CACHES from CACHE_URL."""
    url = values["CACHE_URL"]
    if url.startswith("locmem://"):
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    elif url.startswith(("redis://", "rediss://")):
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    else:
        raise ConfigError(
            f"CROSSROADS_CACHE_URL={url!r} is not valid: use locmem:// or redis://host:port/db."
        )
    return {"default": backend}


#: How long browsers keep to HTTPS once told (HSTS): a year, as preload lists require.
HSTS_SECONDS = 365 * 24 * 60 * 60
#: Paths (without their leading slash) answered over plain HTTP too, for the load
#: balancer's health checks, which reach the processes directly.
HEALTH_CHECK_PATHS = [r"^healthz$", r"^readyz$"]


def security(values: Mapping[str, Any]) -> dict[str, Any]:
    """Django's security settings: what HTTPS turns on, and what holds in every set-up."""
    https = values["HTTPS"]
    site = urlsplit(values["SITE_URL"])
    return {
        "SECURE_SSL_REDIRECT": https,
        "SECURE_REDIRECT_EXEMPT": HEALTH_CHECK_PATHS if https else [],
        # The proxy in front sets this header to the scheme the visitor used.
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https") if https else None,
        "SESSION_COOKIE_SECURE": https,
        "CSRF_COOKIE_SECURE": https,
        "SECURE_HSTS_SECONDS": HSTS_SECONDS if https else 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": https,
        "SECURE_HSTS_PRELOAD": https,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "SESSION_COOKIE_HTTPONLY": True,
        # Forms posted from the site's public address are its own, whatever Host header
        # the proxy passes on.
        "CSRF_TRUSTED_ORIGINS": (
            [f"{site.scheme}://{site.netloc}"] if site.scheme and site.netloc else []
        ),
    }
