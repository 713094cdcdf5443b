"""When the database goes away in the middle of a request: a plain 503, never a traceback.

Writes run in transactions (``transaction.atomic`` in the services), so a connection lost
half-way leaves nothing half-written: the database rolls back what it had not committed.
"""

from __future__ import annotations

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

#: Seconds after which a client may try again (the ``Retry-After`` header).
RETRY_AFTER = 30


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` says the database cannot serve us now, rather than a fault of ours:
    the driver's ``OperationalError`` (refused, terminated, timed out, locked, aborted) or
    ``InterfaceError`` (the connection is closed)."""
    return isinstance(error, OperationalError | InterfaceError)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After``: JSON ``{"detail": …}`` under /api/, else a small page made
    without the database: no context processors run, it is given all it shows (the
    request id, and the nonce that lets its style through the Content-Security-Policy)."""
    if request.path_info.startswith("/api/"):
        message = _("The site is unavailable for a moment. Please try again in a minute.")
        response = JsonResponse({"detail": message}, status=503)
    else:
        page = render_to_string(
            "503.html",
            {
                "request_id": getattr(request, "request_id", ""),
                "csp_nonce": getattr(request, "csp_nonce", ""),
            },
        )
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
