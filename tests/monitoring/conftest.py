"""The real logging configuration writing to a buffer, and a database that cannot be
reached."""

from __future__ import annotations

import io
import json
import logging.config

import pytest
from django.conf import settings as django_settings
from django.db import connection

from crossroads.monitoring import logs


class Written:
    """What the site's log handler wrote, as text or as parsed JSON lines."""

    def __init__(self, buffer: io.StringIO) -> None:
        self.buffer = buffer

    @property
    def text(self) -> str:
        return self.buffer.getvalue()

    def entries(self) -> list[dict]:
        return [json.loads(line) for line in self.text.splitlines()]

    def lines_of(self, logger: str) -> list[dict]:
        return [entry for entry in self.entries() if entry["logger"] == logger]


@pytest.fixture
def log():
    """``log(shape, level)`` configures logging as the site does, to a buffer."""

    def configure(shape: str = "json", level: str = "INFO") -> Written:
        buffer = io.StringIO()
        configuration = logs.configuration(level=level, shape=shape)
        configuration["handlers"]["console"]["stream"] = buffer
        logging.config.dictConfig(configuration)
        return Written(buffer)

    yield configure
    logging.config.dictConfig(django_settings.LOGGING)


@pytest.fixture
def database_unreachable():
    """The database's address points where nothing answers (a port nothing listens on,
    or an SQLite file in a folder that does not exist) until the test ends."""
    connection.close()
    saved = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    else:
        connection.settings_dict["NAME"] = "/nonexistent/crossroads/db.sqlite3"
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)
