"""Probes for the load balancer and the orchestrator.

``/healthz``: the process answers (no database, no session, no cookie).
``/readyz``: it can serve pages: the database answers a query and the cache keeps a value.
Both are outside the language prefixes, and never cached.
"""

from __future__ import annotations

import logging
import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK, UNAVAILABLE = "ok", "unavailable"


@require_safe
def healthz(request):
    response = HttpResponse(OK, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def readyz(request):
    """200 ``{"database": "ok", "cache": "ok"}``, or 503 naming what is unavailable (the
    reason goes to the log, not to the answer)."""
    checks = {"database": _database(), "cache": _cache()}
    ready = all(state == OK for state in checks.values())
    response = JsonResponse(checks, status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    return response


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Not ready: the database does not answer (%s)", error)
        return UNAVAILABLE
    return OK


def _cache() -> str:
    key, value = f"monitoring:readyz:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=10)
        kept = cache.get(key)
        cache.delete(key)
    except Exception as error:  # each cache backend has its own errors (Redis: redis.*)
        logger.warning("Not ready: the cache does not answer (%s)", error)
        return UNAVAILABLE
    if kept != value:
        logger.warning("Not ready: the cache did not keep a value")
        return UNAVAILABLE
    return OK
