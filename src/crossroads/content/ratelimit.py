"""Rate limits: how often one client (an address, an email) may do something in a window.

Counts live in Django's cache under a key per action, client and window, made with
``cache.add`` (which sets a key only if it is absent) and raised with ``cache.incr``
(atomic in Redis; under a lock in the local-memory cache), so that processes counting the
same client at once never lose a count. A window is fixed: it starts with the first hit
and the key expires with it.

Clients are hashed into the key: addresses and emails are not written into the cache.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

_PREFIX = "crossroads:ratelimit"


def _key(action: str, client: str, window: int) -> str:
    digest = hashlib.sha256(client.strip().lower().encode()).hexdigest()[:32]
    return f"{_PREFIX}:{action}:{window}:{digest}"


def hit(action: str, client: str, *, limit: int, window: int) -> bool:
    """Count one attempt at ``action`` by ``client``; True while it stays within ``limit``
    attempts per ``window`` seconds, False once over it (attempts over the limit are
    counted too, so a client that keeps trying stays refused until the window ends)."""
    key = _key(action, client, window)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between ``add`` and ``incr``: a new window
        cache.add(key, 0, timeout=window)
        count = cache.incr(key)
    return count <= limit


def reset(action: str, client: str, *, window: int) -> None:
    """Forget ``client``'s attempts at ``action`` (tests, or an administrator)."""
    cache.delete(_key(action, client, window))


def client_address(request: HttpRequest) -> str:
    """The address the request came from, as the web server in front of us gave it."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def too_many(request: HttpRequest, *, retry_after: int) -> HttpResponse:
    """The 429 page: a plain message, and when to try again."""
    response = render(request, "429.html", {"minutes": max(1, retry_after // 60)}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
