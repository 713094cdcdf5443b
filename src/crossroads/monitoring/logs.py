"""The application's log: one line per event on standard error, plain (read by people) or
JSON (one object per line, read by a log collector), each carrying the id of the request
it happened in.

What a line says about its request: the request id, the method, the path without its
query string (a token in the path, as in the links sent by mail, is shown as
``<token>``), the status where known, and the id of the signed-in user when the request
has already looked them up (reading the log never queries the database). Never the body,
the cookies, the headers or the query string: no password, session, CSRF token or token
in a link reaches the log.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from django.http import HttpRequest

from crossroads.monitoring.context import current_request

#: Arguments of an address that open something without signing in (links sent by mail).
SECRET_ARGUMENTS = ("token",)

#: What a line may say about its request, besides its id (JSON keys, in this order).
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "user_id")


def configuration(*, level: str, shape: str) -> dict:
    """Django's LOGGING: every line to standard error, in ``shape`` (plain or json).

    ``crossroads`` logs at ``level``, its access lines (``crossroads.access``) included.
    Django's own warnings (security, CSRF failures) and errors (500s with their
    traceback) come through; the "Not Found"-style warnings it writes for every 4xx do
    not, as each request's access line has its status already. Lines of gunicorn's
    workers take the same shape. Other libraries speak from WARNING up.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": RequestFilter}},
        "formatters": {"plain": {"()": PlainFormatter}, "json": {"()": JsonFormatter}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": shape,
                "filters": ["request"],
            }
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "crossroads": {"level": level.upper()},
            "django": {"level": "WARNING", "handlers": []},
            "django.request": {"level": "ERROR"},
            # runserver's own access lines repeat ours, with the query string.
            "django.server": {"handlers": [], "propagate": False},
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        },
    }


# -- what a line says about its request ----------------------------------------------------
def loggable_path(request: HttpRequest) -> str:
    """The request's path without its query string, tokens in it replaced by their name."""
    path = request.path
    for secret, name in _secrets(request):
        path = path.replace(secret, name)
    return path


def known_user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id if the request has looked them up already, else None.

    ``AuthenticationMiddleware`` looks the user up when ``request.user`` is first used and
    keeps them as ``_cached_user``; looking them up here would query the database, maybe
    the very one that just failed.
    """
    user = getattr(request, "_cached_user", None)
    return user.pk if user is not None and user.is_authenticated else None


def _secrets(request: HttpRequest) -> list[tuple[str, str]]:
    """The values of the request's secret address arguments, each with what replaces it."""
    match = request.resolver_match
    if match is None:
        return []
    return [
        (str(match.kwargs[name]), f"<{name}>")
        for name in SECRET_ARGUMENTS
        if match.kwargs.get(name)
    ]


class RequestFilter(logging.Filter):
    """Add the request's id and details to each line (None outside a request), and hide
    tokens of its path wherever the message or the traceback repeats them.

    The request is the one being answered, or the one Django attaches to its own lines
    (``django.request`` writes some after the request's middleware has finished)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if not isinstance(request, HttpRequest):  # runserver attaches its socket
            request = current_request()
        record.request_id = getattr(request, "request_id", None)
        record.method = request.method if request is not None else None
        record.path = loggable_path(request) if request is not None else None
        record.user_id = known_user_id(request) if request is not None else None
        record.status = getattr(record, "status", None) or getattr(record, "status_code", None)
        record.duration_ms = getattr(record, "duration_ms", None)
        if request is not None:
            self._hide_secrets(record, _secrets(request))
        return True

    @staticmethod
    def _hide_secrets(record: logging.LogRecord, secrets: list[tuple[str, str]]) -> None:
        if not secrets:
            return
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret, name in secrets:
            message = message.replace(secret, name)
            if record.exc_text:
                record.exc_text = record.exc_text.replace(secret, name)
        record.msg, record.args = message, ()


# -- the two shapes --------------------------------------------------------------------------
def utc_time(record: logging.LogRecord) -> str:
    """When the line was written: ISO 8601, UTC, to the millisecond."""
    moment = dt.datetime.fromtimestamp(record.created, tz=dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class PlainFormatter(logging.Formatter):
    """``time level logger [request id] message``; errors in a request add
    ``(method path, user id)``, and any traceback follows on the next lines."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = (
            f"{utc_time(record)} {record.levelname} {record.name} "
            f"[{getattr(record, 'request_id', None) or '-'}] {record.message}"
        )
        if record.levelno >= logging.ERROR and getattr(record, "method", None):
            line += f" ({record.method} {record.path}, user {record.user_id or '-'})"
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, the request's
    details where known, and the traceback of an error as ``exception``."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": utc_time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for field in REQUEST_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
