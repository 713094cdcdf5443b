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
        "Key that signs sessions and links. When unset, one is generated once and kept in "
        "`DATA_DIR/secret_key`; set it explicitly when several processes serve the site.",
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
    Option("LOG_LEVEL", "INFO", as_str, "Level of the application log: DEBUG, INFO, WARNING."),
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
    if not values["SECRET_KEY"]:
        values["SECRET_KEY"] = _stored_secret_key(values["DATA_DIR"])
    return values


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
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    else:
        raise ConfigError(
            f"CROSSROADS_CACHE_URL={url!r} is not valid: use locmem:// or redis://host:port/db."
        )
    return {"default": backend}
