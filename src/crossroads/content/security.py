"""What browsers are told a page may do: a Content-Security-Policy with a nonce of its
own for each request, and a Permissions-Policy that turns off what the site never uses.

Django 5.2 has no Content-Security-Policy of its own (Django 6.0 brings one). This small
middleware needs no dependency and takes the same shape as Django 6's, so that it can be
swapped for it: ``request.csp_nonce`` is made the first time a template writes it out
(``<style nonce="{{ csp_nonce }}">``), and the policy allows it only then. A policy a view
set itself is kept. The other headers (HSTS, Referrer-Policy, X-Content-Type-Options,
Cross-Origin-Opener-Policy, X-Frame-Options) come from Django's own middleware, configured
by ``config.security``.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings

#: Browser features the site never uses, denied to it and to anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "sync-xhr",
        "usb",
        "xr-spatial-tracking",
    )
)


class Nonce:
    """A random value for one request, made the first time it is written out."""

    def __init__(self) -> None:
        self._value = ""

    def __str__(self) -> str:
        if not self._value:
            self._value = secrets.token_urlsafe(16)
        return self._value

    @property
    def used(self) -> bool:
        return bool(self._value)


@lru_cache(maxsize=8)
def tile_source(tiles: str) -> str:
    """Where the map's tiles come from, as a source of the policy: the scheme and host of
    ``tiles`` (``MAP_TILES``), a templated label (``{s}.tile.example.org``) becoming a
    wildcard (``*.tile.example.org``); nothing for tiles of the site's own."""
    address = urlsplit(tiles)
    host = address.netloc.rpartition("@")[2]
    if not host:
        return ""
    labels = host.split(".")
    templated = [position for position, label in enumerate(labels) if "{" in label]
    if templated:
        labels = ["*", *labels[templated[-1] + 1 :]]
    scheme = f"{address.scheme}://" if address.scheme else ""
    return scheme + ".".join(labels)


def content_security_policy(*, tiles: str, nonce: Nonce) -> str:
    """The policy of a response; ``nonce`` is allowed only when the page wrote it out."""
    own = f" 'nonce-{nonce}'" if nonce.used else ""
    images = " ".join(filter(None, ("'self' data:", tile_source(tiles))))
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self'{own}",
            f"style-src 'self'{own}",
            f"img-src {images}",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


class SecurityHeadersMiddleware:
    """Give each request a nonce, and each response the two policies unless it has them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = Nonce()
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = content_security_policy(
                tiles=settings.MAP_TILES, nonce=request.csp_nonce
            )
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
