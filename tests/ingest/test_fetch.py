"""Fetchers: local files and a real HTTP server on 127.0.0.1, started by the tests (no test
reaches beyond this machine)."""

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crossroads.ingest.fetch import (
    FetchError,
    FileFetcher,
    HttpFetcher,
    PublicHTTPConnection,
    PublicHTTPSConnection,
    fetcher_for,
    is_public_address,
)

PAGE = b"<html><body><p>Cities host refugees.</p></body></html>"
ROBOTS = b"User-agent: *\nDisallow: /private/\n"

Route = Callable[[BaseHTTPRequestHandler], None]


def respond(
    body: bytes = PAGE, *, status: int = 200, content_type: str = "text/html; charset=utf-8"
) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


def redirect(location: str, status: int = 302) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


def stream(chunks: int, chunk: bytes, pause: float = 0.0) -> Route:
    """A body of unknown length (no Content-Length), written chunk by chunk."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Connection", "close")
        handler.end_headers()
        for _chunk in range(chunks):
            handler.wfile.write(chunk)
            handler.wfile.flush()
            time.sleep(pause)

    return route


def late(seconds: float) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        respond()(handler)

    return route


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[tuple[str, list]]:
    """A server on 127.0.0.1 answering ``routes`` (404 elsewhere); yields its address and
    the (path, user agent) of every request it received."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            received.append((self.path, self.headers.get("User-Agent")))
            routes.get(self.path, respond(b"Not found", status=404))(self)

        def log_message(self, format, *args):
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address):
            pass  # a client that gave up early (the point of some tests)

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class FakeClock:
    """A monotonic clock that only moves when something sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def fast_fetcher(**options) -> HttpFetcher:
    """A fetcher that does not pace its requests and may read the local test server."""
    return HttpFetcher(min_interval=0, allow_private_addresses=True, **options)


# Files -------------------------------------------------------------------------------------


def test_file_fetcher_reads_a_file(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE)
    before = datetime.now(UTC)

    fetched = FileFetcher().fetch(str(path))

    assert (fetched.data, fetched.content_type, fetched.location) == (PAGE, None, str(path))
    assert fetched.fetched_at.tzinfo is UTC
    assert before <= fetched.fetched_at <= datetime.now(UTC)


def test_file_fetcher_refuses_a_missing_file(tmp_path):
    path = tmp_path / "missing.html"

    with pytest.raises(FetchError) as raised:
        FileFetcher().fetch(str(path))

    assert str(raised.value) == f"There is no file at {path}."


def test_file_fetcher_refuses_a_folder(tmp_path):
    with pytest.raises(FetchError) as raised:
        FileFetcher().fetch(str(tmp_path))

    assert str(raised.value) == f"{tmp_path} is a folder, not a file."


def test_file_fetcher_refuses_a_too_large_file(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as file:
        file.truncate(20 * 1024 * 1024)

    with pytest.raises(FetchError) as raised:
        FileFetcher().fetch(str(path))

    assert str(raised.value) == "The file is too large: 20.0 MB, and the limit is 5 MB."


def test_file_fetcher_reads_a_file_at_the_limit(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"a" * 1000)

    assert FileFetcher(max_bytes=1000).fetch(str(path)).data == b"a" * 1000


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_file_fetcher_stops_reading_past_the_limit():
    # An endless file: reading it whole would never end.
    with pytest.raises(FetchError) as raised:
        FileFetcher(max_bytes=2 * 1024 * 1024).fetch("/dev/zero")

    assert str(raised.value) == "The file is too large: more than 2 MB."


# Choosing a fetcher ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "kind"),
    [
        ("https://crossroads.example.org/events/", HttpFetcher),
        ("http://crossroads.example.org/feed.rss", HttpFetcher),
        ("javascript:alert(1)", HttpFetcher),
        ("/srv/imports/page.html", FileFetcher),
        ("imports/notes.txt", FileFetcher),
        ("C:\\imports\\page.html", FileFetcher),
    ],
)
def test_fetcher_for(location, kind):
    assert isinstance(fetcher_for(location), kind)


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "ftp://example.org/page.html", "javascript:alert(1)"]
)
def test_only_web_addresses_are_fetched(location):
    with pytest.raises(FetchError) as raised:
        fetcher_for(location).fetch(location)

    assert str(raised.value) == (
        f"Only web addresses (http or https) can be fetched, not {location}."
    )


# HTTP --------------------------------------------------------------------------------------


def test_http_fetcher_fetches_a_page(settings):
    settings.SITE_URL = "https://crossroads.example.org"
    routes = {"/robots.txt": respond(ROBOTS, content_type="text/plain"), "/a": respond()}
    with serve(routes) as (base, received):
        before = datetime.now(UTC)
        fetched = fast_fetcher().fetch(f"{base}/a")

    assert fetched.data == PAGE
    assert fetched.content_type == "text/html; charset=utf-8"
    assert fetched.location == f"{base}/a"
    assert before <= fetched.fetched_at <= datetime.now(UTC)
    agent = "CrossroadsImporter/1.0 (+https://crossroads.example.org)"
    assert received == [("/robots.txt", agent), ("/a", agent)]


def test_robots_txt_is_read_once_per_site():
    routes = {"/robots.txt": respond(ROBOTS, content_type="text/plain"), "/a": respond()}
    with serve(routes) as (base, received):
        fetcher = fast_fetcher()
        fetcher.fetch(f"{base}/a")
        fetcher.fetch(f"{base}/a")

    assert [path for path, _agent in received] == ["/robots.txt", "/a", "/a"]


def test_robots_txt_is_read_again_after_a_while():
    clock = FakeClock()
    routes = {"/robots.txt": respond(ROBOTS, content_type="text/plain"), "/a": respond()}
    with serve(routes) as (base, received):
        fetcher = fast_fetcher(robots_ttl=60, clock=clock, sleep=clock.sleep)
        fetcher.fetch(f"{base}/a")
        clock.now += 61
        fetcher.fetch(f"{base}/a")

    assert [path for path, _agent in received] == ["/robots.txt", "/a", "/robots.txt", "/a"]


def test_robots_txt_disallow_is_obeyed():
    routes = {"/robots.txt": respond(ROBOTS, content_type="text/plain"), "/private/a": respond()}
    with serve(routes) as (base, received), pytest.raises(FetchError) as raised:
        fast_fetcher().fetch(f"{base}/private/a")

    assert str(raised.value) == (
        f"The site's robots.txt does not allow the importer to read {base}/private/a."
    )
    assert [path for path, _agent in received] == ["/robots.txt"]


def test_robots_txt_naming_the_importer_is_obeyed():
    robots = b"User-agent: CrossroadsImporter\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    routes = {"/robots.txt": respond(robots, content_type="text/plain"), "/a": respond()}
    with serve(routes) as (base, _received), pytest.raises(FetchError, match=r"robots\.txt"):
        fast_fetcher().fetch(f"{base}/a")


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (403, False), (503, False)])
def test_robots_txt_status(status, allowed):
    routes = {"/robots.txt": respond(b"", status=status), "/a": respond()}
    with serve(routes) as (base, _received):
        fetcher = fast_fetcher()
        if allowed:
            assert fetcher.fetch(f"{base}/a").data == PAGE
        else:
            with pytest.raises(FetchError, match=r"robots\.txt does not allow"):
                fetcher.fetch(f"{base}/a")


def test_requests_to_one_host_are_spaced():
    clock = FakeClock()
    routes = {"/robots.txt": respond(ROBOTS, content_type="text/plain"), "/a": respond()}
    with serve(routes) as (base, received):
        fetcher = HttpFetcher(
            min_interval=2.5, clock=clock, sleep=clock.sleep, allow_private_addresses=True
        )
        fetcher.fetch(f"{base}/a")
        fetcher.fetch(f"{base}/a")
        clock.now += 10  # a long pause: the next request needs no wait
        fetcher.fetch(f"{base}/a")

    # robots.txt at 1000, the pages at 1002.5, 1005 and 1015.
    assert clock.sleeps == [2.5, 2.5]
    assert len(received) == 4


def test_requests_to_another_host_are_not_held_back():
    clock = FakeClock()
    routes = {"/robots.txt": respond(ROBOTS, content_type="text/plain"), "/a": respond()}
    with serve(routes) as (base, _received):
        fetcher = HttpFetcher(
            min_interval=5, clock=clock, sleep=clock.sleep, allow_private_addresses=True
        )
        fetcher.fetch(f"{base}/a")
        fetcher.fetch(f"{base.replace('127.0.0.1', 'localhost')}/a")

    assert clock.sleeps == [5, 5]  # on each host, between its robots.txt and its page


def test_redirects_are_followed_up_to_the_limit():
    routes = {f"/hop/{n}": redirect(f"/hop/{n - 1}") for n in range(1, 7)}
    routes["/hop/0"] = respond()
    with serve(routes) as (base, _received):
        fetcher = fast_fetcher()
        fetched = fetcher.fetch(f"{base}/hop/5")
        with pytest.raises(FetchError) as raised:
            fetcher.fetch(f"{base}/hop/6")

    assert fetched.location == f"{base}/hop/0"
    assert fetched.data == PAGE
    assert str(raised.value) == f"{base}/hop/6 redirects more than 5 times."


def test_a_redirect_leaves_the_web_only_to_be_refused():
    routes = {"/a": redirect("file:///etc/passwd")}
    with serve(routes) as (base, _received), pytest.raises(FetchError) as raised:
        fast_fetcher().fetch(f"{base}/a")

    assert str(raised.value) == (
        "Only web addresses (http or https) can be fetched, not file:///etc/passwd."
    )


def test_a_redirect_target_obeys_robots_txt():
    routes = {
        "/robots.txt": respond(ROBOTS, content_type="text/plain"),
        "/a": redirect("/private/a"),
        "/private/a": respond(),
    }
    with serve(routes) as (base, received), pytest.raises(FetchError, match=r"robots\.txt"):
        fast_fetcher().fetch(f"{base}/a")

    assert [path for path, _agent in received] == ["/robots.txt", "/a"]


def test_other_content_types_are_refused():
    routes = {"/report.pdf": respond(b"%PDF-1.7", content_type="application/pdf")}
    with serve(routes) as (base, _received), pytest.raises(FetchError) as raised:
        fast_fetcher().fetch(f"{base}/report.pdf")

    assert str(raised.value) == (
        f"{base}/report.pdf is application/pdf, which the importer cannot read: it reads web "
        "pages, text files, calendars and feeds."
    )


@pytest.mark.parametrize(
    "content_type",
    ["text/calendar", "application/atom+xml", "application/rss+xml", "text/plain", "text/xml"],
)
def test_pages_text_calendars_and_feeds_are_fetched(content_type):
    routes = {"/a": respond(b"BEGIN:VCALENDAR", content_type=content_type)}
    with serve(routes) as (base, _received):
        fetched = fast_fetcher().fetch(f"{base}/a")

    assert (fetched.data, fetched.content_type) == (b"BEGIN:VCALENDAR", content_type)


def test_a_declared_size_past_the_limit_is_refused_unread():
    routes = {"/big": respond(b"x" * 3 * 1024 * 1024, content_type="text/plain")}
    with serve(routes) as (base, _received), pytest.raises(FetchError) as raised:
        fast_fetcher(max_bytes=1024 * 1024).fetch(f"{base}/big")

    assert str(raised.value) == "The file is too large: 3.0 MB, and the limit is 1 MB."


def test_a_stream_past_the_limit_is_cut_short():
    routes = {"/endless": stream(chunks=10_000, chunk=b"x" * 1024)}
    with serve(routes) as (base, _received), pytest.raises(FetchError) as raised:
        fast_fetcher(max_bytes=1024 * 1024).fetch(f"{base}/endless")

    assert str(raised.value) == "The file is too large: more than 1 MB."


def test_a_stream_within_the_limit_is_read_whole():
    routes = {"/stream": stream(chunks=4, chunk=b"line\n")}
    with serve(routes) as (base, _received):
        fetched = fast_fetcher(max_bytes=20).fetch(f"{base}/stream")

    assert fetched.data == b"line\n" * 4


def test_a_silent_server_times_out():
    routes = {"/robots.txt": respond(b"", status=404), "/slow": late(2)}
    with serve(routes) as (base, _received), pytest.raises(FetchError) as raised:
        started = time.monotonic()
        fast_fetcher(timeout=0.3).fetch(f"{base}/slow")

    assert time.monotonic() - started < 1.5
    assert str(raised.value) == "127.0.0.1 did not answer within 0.3 seconds."


def test_a_trickling_page_is_given_up():
    routes = {"/robots.txt": respond(b"", status=404), "/trickle": stream(40, b"x", 0.05)}
    with serve(routes) as (base, _received), pytest.raises(FetchError) as raised:
        started = time.monotonic()
        fast_fetcher(timeout=1, deadline=0.3).fetch(f"{base}/trickle")

    assert time.monotonic() - started < 1.5
    assert str(raised.value) == "The page took more than 0.3 seconds to arrive."


def test_an_error_status_is_reported():
    routes = {"/robots.txt": respond(b"", status=404)}
    with serve(routes) as (base, _received), pytest.raises(FetchError) as raised:
        fast_fetcher().fetch(f"{base}/missing")

    assert str(raised.value) == f"{base}/missing answered with an error: 404 Not Found."


def test_an_unreachable_host_is_reported():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # free once the socket closes: nobody listens there

    with pytest.raises(FetchError) as raised:
        fast_fetcher().fetch(f"http://127.0.0.1:{port}/a")

    assert str(raised.value).startswith("127.0.0.1 could not be reached: ")


# Private addresses -------------------------------------------------------------------------

PRIVATE = "{host} points inside a private network; the importer only reads public web pages."
#: A public address, never reached: :func:`route_partner` sends it to the local server.
PUBLIC = "93.184.215.14"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        (PUBLIC, True),
        ("2606:4700:4700::1111", True),
        (f"::ffff:{PUBLIC}", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("100.64.0.1", False),  # shared address space (carrier-grade NAT, cloud metadata)
        ("169.254.169.254", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("::1", False),
        ("::", False),
        ("fe80::1%eth0", False),
        ("fd00:ec2::254", False),
        ("fec0::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:169.254.169.254", False),
        ("2002:a00:1::", False),  # 6to4 of 10.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of 169.254.169.254
    ],
)
def test_is_public_address(address, public):
    assert is_public_address(address) is public


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://127.0.0.1/", "127.0.0.1"),
        ("http://localhost:8000/events/", "localhost"),
        ("https://10.1.2.3/", "10.1.2.3"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://[::1]/", "::1"),
        ("https://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1"),
    ],
)
def test_the_production_fetcher_refuses_private_addresses(url, host):
    with pytest.raises(FetchError) as raised:
        fetcher_for(url).fetch(url)

    assert str(raised.value) == PRIVATE.format(host=host)


def test_the_production_fetcher_never_reaches_the_local_server():
    with serve({"/a": respond()}) as (base, received), pytest.raises(FetchError) as raised:
        fetcher_for(f"{base}/a").fetch(f"{base}/a")

    assert str(raised.value) == PRIVATE.format(host="127.0.0.1")
    assert received == []


@pytest.mark.parametrize("connection_class", [PublicHTTPConnection, PublicHTTPSConnection])
def test_connections_refuse_private_addresses_when_they_connect(connection_class):
    with serve({}) as (base, received):
        port = int(base.rpartition(":")[2])
        with pytest.raises(FetchError) as raised:
            connection_class("localhost", port, timeout=5).connect()

    assert str(raised.value) == PRIVATE.format(host="localhost")
    assert received == []


def test_a_connection_allowed_private_addresses_connects_to_the_checked_address():
    with serve({}) as (base, _received):
        port = int(base.rpartition(":")[2])
        connection = PublicHTTPConnection(
            "127.0.0.1", port, timeout=5, allow_private_addresses=True
        )
        connection.connect()
        try:
            assert connection.sock.getpeername() == ("127.0.0.1", port)
        finally:
            connection.close()


@contextmanager
def serve_partner(
    monkeypatch, routes: dict[str, Route], answers: list[str]
) -> Iterator[tuple[str, list]]:
    """``serve(routes)`` standing for the public site http://partner.example: the name
    resolves to each of ``answers`` in turn (the last one from then on), and connections
    to :data:`PUBLIC` reach the local server."""
    real_getaddrinfo, real_create_connection = socket.getaddrinfo, socket.create_connection
    remaining = list(answers)

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "partner.example":
            host = remaining.pop(0) if len(remaining) > 1 else remaining[0]
        return real_getaddrinfo(host, port, *args, **kwargs)

    with serve(routes) as (base, received):
        local = ("127.0.0.1", int(base.rpartition(":")[2]))

        def create_connection(address, *args, **kwargs):
            address = local if address[0] == PUBLIC else address
            return real_create_connection(address, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        monkeypatch.setattr(socket, "create_connection", create_connection)
        yield base, received


def test_a_redirect_into_the_private_network_is_refused(monkeypatch):
    routes = {"/robots.txt": respond(b"", status=404), "/b": respond()}
    with serve_partner(monkeypatch, routes, [PUBLIC]) as (base, received):
        routes["/a"] = redirect(f"{base}/b")  # the same server, by its private address
        fetcher = HttpFetcher(min_interval=0)
        fetched = fetcher.fetch("http://partner.example/b")
        with pytest.raises(FetchError) as raised:
            fetcher.fetch("http://partner.example/a")

    assert fetched.data == PAGE  # the public site itself is read
    assert str(raised.value) == PRIVATE.format(host="127.0.0.1")
    assert [path for path, _agent in received] == ["/robots.txt", "/b", "/a"]


def test_a_name_rebound_to_a_private_address_is_refused_when_connecting(monkeypatch):
    # DNS rebinding: public when robots.txt is read, private when the page is.
    routes = {"/robots.txt": respond(b"", status=404), "/a": respond()}
    with (
        serve_partner(monkeypatch, routes, [PUBLIC, "127.0.0.1"]) as (_base, received),
        pytest.raises(FetchError) as raised,
    ):
        HttpFetcher(min_interval=0).fetch("http://partner.example/a")

    assert str(raised.value) == PRIVATE.format(host="partner.example")
    assert [path for path, _agent in received] == ["/robots.txt"]
