"""Rate limits: how often one client (an address, an email, an API token) may do something
in a window.

Every limit is a row of ``RULES``; views apply them with the ``limited`` decorator (which
counts each POST by the visitor's address) and ``enforce`` (for what is only known once
the form is read: the email typed, the token). A rule over its limit raises ``Exceeded``,
which ``limited`` turns into the 429 page and the API into a 429 JSON answer, both with
``Retry-After``.

Counts live in Django's cache (shared by every process: Redis in production) under a key
per rule, client and window, made with ``cache.add`` (which sets a key only if it is
absent) and raised with ``cache.incr`` (atomic in Redis; under a lock in the local-memory
cache), so that processes counting the same client at once never lose a count. A window
is fixed: it starts with the first hit and the key expires with it.

Clients are hashed into the key: addresses and emails are not written into the cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import wraps
from ipaddress import ip_address

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

_PREFIX = "crossroads:ratelimit"

ADDRESS = "address"
EMAIL = "email"
TOKEN = "API token"

MINUTE = 60
HOUR = 3600


@dataclass(frozen=True)
class Rule:
    """At most ``limit`` attempts per ``window`` seconds by one client of kind ``counts``."""

    limit: int
    window: int
    counts: str


#: Every rate limit of the site. An address is the visitor's (see ``client_address``); an
#: email is the one typed in the form (any case), counted whether or not it has an account.
RULES: dict[str, Rule] = {
    "login-address": Rule(30, 15 * MINUTE, ADDRESS),
    "login-email": Rule(10, 15 * MINUTE, EMAIL),
    "signup-address": Rule(10, HOUR, ADDRESS),
    "signup-email": Rule(3, HOUR, EMAIL),
    "resend-address": Rule(10, HOUR, ADDRESS),
    "resend-email": Rule(3, HOUR, EMAIL),
    "reset-address": Rule(10, HOUR, ADDRESS),
    "reset-email": Rule(3, HOUR, EMAIL),
    "register-address": Rule(20, HOUR, ADDRESS),
    "register-email": Rule(5, HOUR, EMAIL),
    "campaign-sign-address": Rule(20, HOUR, ADDRESS),
    "campaign-sign-email": Rule(5, HOUR, EMAIL),
    "survey-answer-address": Rule(60, HOUR, ADDRESS),
    "api-write-token": Rule(120, MINUTE, TOKEN),
}


class Exceeded(Exception):
    """A client went over a rule's limit: refuse, and say when to try again."""

    def __init__(self, name: str):
        super().__init__(name)
        self.rule = name
        self.retry_after = RULES[name].window


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


def enforce(name: str, client: str) -> None:
    """Count one attempt under rule ``name`` by ``client``; raise ``Exceeded`` once over
    its limit."""
    rule = RULES[name]
    if not hit(name, client, limit=rule.limit, window=rule.window):
        raise Exceeded(name)


def reset(action: str, client: str, *, window: int) -> None:
    """Forget ``client``'s attempts at ``action`` (tests, or an administrator)."""
    cache.delete(_key(action, client, window))


def _valid(address: str) -> bool:
    try:
        ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str:
    """The address the request came from.

    Behind ``PROXY_COUNT`` proxies, each appending the address it received from to
    ``X-Forwarded-For``, the visitor's is that many places from the end (the entries
    before it were written by the client and prove nothing). Without proxies, or when the
    header is missing, too short or holds something other than an address, it is the one
    the web server gives (``REMOTE_ADDR``).
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [entry.strip() for entry in header.split(",")]
    if len(entries) < proxies or not all(_valid(entry) for entry in entries[-proxies:]):
        return remote
    return entries[-proxies]


def too_many(request: HttpRequest, *, retry_after: int) -> HttpResponse:
    """The 429 page: a plain message, and when to try again."""
    response = render(request, "429.html", {"minutes": max(1, retry_after // 60)}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def limited(*names: str):
    """Decorate a view: each POST counts once by the visitor's address under every rule
    in ``names``, and any rule over its limit — those or one the view enforces itself,
    such as an email's — answers the 429 page instead of the view."""
    for name in names:
        if RULES[name].counts != ADDRESS:
            raise ValueError(f"Rule {name} does not count addresses")

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                if request.method == "POST":
                    address = client_address(request)
                    for name in names:
                        enforce(name, address)
                return view(request, *args, **kwargs)
            except Exceeded as exceeded:
                return too_many(request, retry_after=exceeded.retry_after)

        return wrapper

    return decorator
