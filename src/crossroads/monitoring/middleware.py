"""Request ids and access lines; a clean 503 when the database goes away."""

from __future__ import annotations

import logging
import re
import time
import uuid

from django.utils.log import log_response

from crossroads.monitoring import context, logs, outage

access_logger = logging.getLogger("crossroads.access")

#: An incoming ``X-Request-ID`` is kept only when it is a short plain token, as the proxy's
#: (nginx's ``$request_id``: 32 hexadecimal digits) is; anything else is replaced.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

#: Probes asked every few seconds: their access lines are written at DEBUG only.
PROBES = frozenset({"monitoring:healthz", "monitoring:readyz"})


def request_id_for(request) -> str:
    """The proxy's id for this request if it is safe to repeat, else a new one."""
    incoming = request.headers.get("X-Request-ID", "")
    return incoming if SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First of all: gives the request its id (``request.request_id``, the current
    request of ``monitoring.context``, the response's ``X-Request-ID``) and writes one
    access line when the answer is ready: method, path (no query string), status, time
    taken, and the user's id where known."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        started = time.perf_counter()
        with context.answering(request):
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            match = request.resolver_match
            probe = match is not None and match.view_name in PROBES
            access_logger.log(
                logging.DEBUG if probe else logging.INFO,
                "%s %s %s %s ms",
                request.method,
                logs.loggable_path(request),
                response.status_code,
                duration_ms,
                extra={"status": response.status_code, "duration_ms": duration_ms},
            )
        return response


class DatabaseUnavailableMiddleware:
    """Last of all: a view that lost the database answers 503 (``outage``), logged as an
    error with its traceback and request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not outage.database_unavailable(exception):
            return None
        response = outage.unavailable_response(request)
        log_response(
            "%s: %s",
            response.reason_phrase,
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response
