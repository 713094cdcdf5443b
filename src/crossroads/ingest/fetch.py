"""Fetchers: where the importer's bytes come from, a local file or a web address.

A :class:`Fetcher` turns a location into :class:`Fetched` bytes or raises
:class:`FetchError`, whose message is shown to editors as it is. :func:`fetcher_for`
picks one for a location. Both keep to the readers' size limit
(:data:`crossroads.ingest.readers.MAX_BYTES`), and web addresses are read only from the
public internet: a name resolving to a private, loopback or otherwise internal address is
refused when the connection is made (see :class:`PublicHTTPConnection`).
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import ipaddress
import os
import socket
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from crossroads.ingest.readers import MAX_BYTES

#: Media types the importer reads: web pages, text, calendars and feeds.
CONTENT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "text/calendar",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
# IPv6 addresses that a NAT64 gateway turns into the IPv4 address in their last 32 bits.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


@dataclass(frozen=True)
class Fetched:
    """Bytes as fetched: ``location`` is the final address (after redirects) or the path."""

    data: bytes
    content_type: str | None
    location: str
    fetched_at: datetime


class FetchError(Exception):
    """A location that cannot be fetched; the message says why, plainly, to editors."""


class Fetcher(Protocol):
    def fetch(self, location: str) -> Fetched:
        """The bytes at ``location``, or FetchError."""
        ...


def fetcher_for(location: str) -> Fetcher:
    """The fetcher for ``location``: the shared :class:`HttpFetcher` for an address with a
    scheme (it refuses all but http and https), a :class:`FileFetcher` for a path."""
    if len(urlsplit(location).scheme) > 1:  # a one-letter scheme is a Windows drive
        return _shared_http_fetcher()
    return FileFetcher()


@functools.cache
def _shared_http_fetcher() -> HttpFetcher:
    """One HttpFetcher per process, so that its robots.txt cache and pace are shared."""
    return HttpFetcher()


class FileFetcher:
    """Reads a local file, never more than ``max_bytes`` + 1 bytes of it."""

    def __init__(self, *, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes

    def fetch(self, location: str) -> Fetched:
        try:
            with open(location, "rb") as file:
                data = file.read(self.max_bytes + 1)
                size = os.fstat(file.fileno()).st_size
        except FileNotFoundError as error:
            raise FetchError(_("There is no file at %(path)s.") % {"path": location}) from error
        except IsADirectoryError as error:
            message = _("%(path)s is a folder, not a file.") % {"path": location}
            raise FetchError(message) from error
        except OSError as error:
            message = _("The file %(path)s could not be read: %(reason)s.")
            raise FetchError(
                message % {"path": location, "reason": error.strerror or error}
            ) from error
        if len(data) > self.max_bytes:
            raise _too_large(size if size > self.max_bytes else None, self.max_bytes)
        return Fetched(data=data, content_type=None, location=location, fetched_at=_now())


class HttpFetcher:
    """Fetches http and https addresses, politely and within limits.

    - robots.txt is obeyed, read once per site and kept ``robots_ttl`` seconds;
    - requests to one host start at least ``min_interval`` seconds apart (``clock`` and
      ``sleep`` are injectable for tests);
    - ``timeout`` seconds at most to connect or to wait for data, ``deadline`` seconds at
      most to read a whole page, ``max_bytes`` at most read;
    - only pages, text, calendars and feeds are read (:data:`CONTENT_TYPES`);
    - at most ``max_redirects`` redirects, each target checked like the first address;
    - only public internet addresses are connected to (:func:`is_public_address`), unless
      ``allow_private_addresses`` (for tests against a local server). Proxies named in the
      environment are not used: a proxy would resolve the name itself, past the check.
    """

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        deadline: float = 30.0,
        min_interval: float = 1.0,
        max_bytes: int = MAX_BYTES,
        max_redirects: int = 5,
        robots_ttl: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        allow_private_addresses: bool = False,
    ) -> None:
        self.timeout, self.deadline, self.min_interval = timeout, deadline, min_interval
        self.max_bytes, self.max_redirects, self.robots_ttl = max_bytes, max_redirects, robots_ttl
        self.clock, self.sleep = clock, sleep
        site = getattr(settings, "SITE_URL", None)
        self.user_agent = f"CrossroadsImporter/1.0 (+{site})" if site else "CrossroadsImporter/1.0"
        self._opener = _opener(allow_private_addresses=allow_private_addresses)
        self._lock = threading.Lock()
        self._turns: dict[str, float] = {}
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = {}

    def fetch(self, location: str) -> Fetched:
        with self._plain_errors(location):
            url, response = self._open(location, obey_robots=True)
            with response:
                content_type = response.headers.get("Content-Type")
                media_type = (content_type or "").partition(";")[0].strip().lower()
                if media_type and media_type not in CONTENT_TYPES:
                    message = _(
                        "%(url)s is %(type)s, which the importer cannot read: it reads web "
                        "pages, text files, calendars and feeds."
                    )
                    raise FetchError(message % {"url": url, "type": media_type})
                data = self._read(response)
        return Fetched(data=data, content_type=content_type, location=url, fetched_at=_now())

    def _open(self, url: str, *, obey_robots: bool) -> tuple[str, http.client.HTTPResponse]:
        """The final address and its successful response, redirects followed."""
        first = url
        for _redirect in range(self.max_redirects + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                message = _("Only web addresses (http or https) can be fetched, not %(url)s.")
                raise FetchError(message % {"url": url})
            if obey_robots and not self._robots_allow(url):
                message = _("The site's robots.txt does not allow the importer to read %(url)s.")
                raise FetchError(message % {"url": url})
            self._wait_turn(parts.hostname)
            request = urllib.request.Request(url, headers=self._headers())
            try:
                return url, self._opener.open(request, timeout=self.timeout)
            except urllib.error.HTTPError as error:
                if error.code not in _REDIRECTS or not error.headers.get("Location"):
                    raise
                error.close()
                url = urljoin(url, error.headers["Location"])
        message = _("%(url)s redirects more than %(count)d times.")
        raise FetchError(message % {"url": first, "count": self.max_redirects})

    def _headers(self) -> dict[str, str]:
        accept = ", ".join(sorted(CONTENT_TYPES))
        return {"User-Agent": self.user_agent, "Accept": accept, "Accept-Encoding": "identity"}

    def _read(self, response: http.client.HTTPResponse) -> bytes:
        """The body, refused past ``max_bytes`` or when it takes longer than ``deadline``."""
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise _too_large(int(declared), self.max_bytes)
        chunks, size, give_up_at = [], 0, self.clock() + self.deadline
        while chunk := response.read1(_CHUNK):
            chunks.append(chunk)
            size += len(chunk)
            if size > self.max_bytes:
                raise _too_large(None, self.max_bytes)
            if self.clock() > give_up_at:
                message = _("The page took more than %(seconds)s seconds to arrive.")
                raise FetchError(message % {"seconds": f"{self.deadline:g}"})
        return b"".join(chunks)

    def _wait_turn(self, host: str) -> None:
        """Sleep until this host may be asked again; each request books the next turn."""
        with self._lock:
            now = self.clock()
            turn = max(now, self._turns.get(host, now))
            self._turns[host] = turn + self.min_interval
        if turn > now:
            self.sleep(turn - now)

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        read_at, robots = self._robots.get(site, (None, None))
        if robots is None or self.clock() - read_at > self.robots_ttl:
            read_at, robots = self.clock(), self._read_robots(site)
            with self._lock:
                self._robots[site] = (read_at, robots)
        return robots.can_fetch(self.user_agent, url)

    def _read_robots(self, site: str) -> urllib.robotparser.RobotFileParser:
        """The site's robots.txt (RFC 9309): missing allows all; forbidden or failing
        (401, 403, 5xx) disallows all."""
        robots = urllib.robotparser.RobotFileParser(f"{site}/robots.txt")
        try:
            _url, response = self._open(robots.url, obey_robots=False)
            with response:
                robots.parse(self._read(response).decode("utf-8", "replace").splitlines())
        except urllib.error.HTTPError as error:
            error.close()
            robots.disallow_all = error.code in (401, 403) or error.code >= 500
            robots.allow_all = not robots.disallow_all
        return robots

    @contextmanager
    def _plain_errors(self, url: str) -> Iterator[None]:
        """Network and HTTP failures as FetchError with a plain message."""
        host = urlsplit(url).hostname or url
        try:
            yield
        except urllib.error.HTTPError as error:
            error.close()
            message = _("%(url)s answered with an error: %(status)s %(reason)s.")
            status = {"url": url, "status": error.code, "reason": error.reason}
            raise FetchError(message % status) from error
        except (TimeoutError, urllib.error.URLError) as error:
            if isinstance(error, TimeoutError) or isinstance(error.reason, TimeoutError):
                message = _("%(host)s did not answer within %(seconds)s seconds.")
                params = {"host": host, "seconds": f"{self.timeout:g}"}
                raise FetchError(message % params) from error
            message = _("%(host)s could not be reached: %(reason)s.")
            raise FetchError(message % {"host": host, "reason": error.reason}) from error
        except (OSError, http.client.HTTPException) as error:
            message = _("The connection to %(host)s broke off: %(reason)s.")
            raise FetchError(message % {"host": host, "reason": error}) from error


def _opener(*, allow_private_addresses: bool) -> urllib.request.OpenerDirector:
    """An opener for http and https only, through no proxy, which follows no redirect by
    itself and connects only to public addresses unless ``allow_private_addresses``."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        _PublicHandler(allow_private_addresses=allow_private_addresses),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def is_public_address(address: str) -> bool:
    """Whether an IP address (IPv4 or IPv6, "fe80::1%eth0" too) is on the public internet:
    not private, loopback, link-local, multicast, reserved, unspecified or IPv6 site-local.
    An IPv4 address inside an IPv6 one (IPv4-mapped, 6to4, NAT64) is judged as itself."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        ip = _embedded_ipv4(ip) or ip
    internal = (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (ip.version == 6 and ip.is_site_local)
    )
    return ip.is_global and not internal


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
    return ip.ipv4_mapped or ip.sixtofour


def _connect(
    host: str,
    port: int,
    timeout: float | None,
    source_address: tuple[str, int] | None,
    *,
    allow_private_addresses: bool,
) -> socket.socket:
    """A socket connected to one of ``host``'s addresses, tried in turn. Unless
    ``allow_private_addresses``, every address is checked first and the host refused if
    any is not public; the socket then connects to a checked address, never resolving the
    name again."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = list(dict.fromkeys(sockaddr[0] for *_info, sockaddr in infos))
    if not allow_private_addresses and not all(map(is_public_address, addresses)):
        message = _(
            "%(host)s points inside a private network; the importer only reads public web pages."
        )
        raise FetchError(message % {"host": host})
    *others, last = addresses
    for address in others:
        with contextlib.suppress(OSError):
            return socket.create_connection((address, port), timeout, source_address)
    return socket.create_connection((last, port), timeout, source_address)


class PublicHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to public addresses only (:func:`is_public_address`): ``connect``
    resolves the host, checks each address and connects to a checked one, so no later
    answer of the DNS (rebinding) can lead it elsewhere. ``allow_private_addresses`` lifts
    the check. No proxy tunnel is ever set up."""

    def __init__(self, *args, allow_private_addresses: bool = False, **options) -> None:
        super().__init__(*args, **options)
        self.allow_private_addresses = allow_private_addresses

    def connect(self) -> None:
        self.sock = _connect(
            self.host,
            self.port,
            self.timeout,
            self.source_address,
            allow_private_addresses=self.allow_private_addresses,
        )


class PublicHTTPSConnection(http.client.HTTPSConnection, PublicHTTPConnection):
    """The same over TLS: ``HTTPSConnection.connect`` connects through
    :meth:`PublicHTTPConnection.connect` (next in line), then wraps the checked socket,
    verifying the certificate against the host name."""

    def __init__(self, *args, allow_private_addresses: bool = False, **options) -> None:
        super().__init__(*args, **options)  # HTTPSConnection passes no flag on
        self.allow_private_addresses = allow_private_addresses


class _PublicHandler(urllib.request.AbstractHTTPHandler):
    """Opens http and https addresses through the public connections above."""

    def __init__(self, *, allow_private_addresses: bool) -> None:
        super().__init__()
        self.allow_private_addresses = allow_private_addresses

    def http_open(self, request: urllib.request.Request) -> http.client.HTTPResponse:
        allow = self.allow_private_addresses
        return self.do_open(PublicHTTPConnection, request, allow_private_addresses=allow)

    def https_open(self, request: urllib.request.Request) -> http.client.HTTPResponse:
        allow = self.allow_private_addresses
        return self.do_open(PublicHTTPSConnection, request, allow_private_addresses=allow)

    http_request = https_request = urllib.request.AbstractHTTPHandler.do_request_


def _too_large(size: int | None, limit: int) -> FetchError:
    limit_mb = f"{limit / 2**20:g}"
    if size is None:
        message = _("The file is too large: more than %(limit)s MB.")
        return FetchError(message % {"limit": limit_mb})
    message = _("The file is too large: %(size).1f MB, and the limit is %(limit)s MB.")
    return FetchError(message % {"size": size / 2**20, "limit": limit_mb})


def _now() -> datetime:
    return datetime.now(UTC)
