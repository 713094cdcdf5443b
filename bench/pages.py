"""Public pages of the demo: server time, SQL queries and transferred size per page type,
and each kind of page loaded by Chromium on a slow connection in three languages.

Loads the demo into a fresh SQLite database in a temporary folder and collects the static
files there (fingerprinted and compressed, as in production; DEBUG off). Then:

- the server part requests every public page through Django's full request path
  (middleware, templates, gzip) several times: median time, SQL queries, compressed size;
- the browser part serves the site from a threaded WSGI server in this process (WhiteNoise
  serving the collected files) and loads one page of each kind in English, French and
  Arabic in the system Chromium, each time with an empty cache, the connection throttled
  through the DevTools protocol to about 400 kbit/s each way with 400 ms of latency. It
  records when the page was usable (DOMContentLoaded, and the load event), the bytes
  transferred (each response's encoded length, headers included) and the number of
  requests, and says whether each load met the targets: usable within 3 s, at most 6
  requests, under 60 KB.

Writes bench/results/pages.json (a part run alone keeps the other's figures) and prints
tables. `python -m bench.pages [--only server|browser]`.
"""

import argparse
import gzip
import json
import os
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from tqdm import tqdm

RESULTS = Path(__file__).parent / "results" / "pages.json"
ROUNDS = 5
CHROMIUM = os.environ.get("CROSSROADS_CHROMIUM", "/usr/bin/chromium")
LANGUAGES = ("en", "fr", "ar")
#: About 400 kbit/s each way and 400 ms of latency, as Chrome's DevTools protocol takes it
#: (throughputs in bytes a second).
THROTTLE = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 50_000,
    "uploadThroughput": 50_000,
}
BROWSER_ROUNDS = 3
USABLE_MS = 3000
MAX_REQUESTS = 6
MAX_BYTES = 60 * 1024


def page_type(url: str) -> str:
    parts = [part for part in url.split("?")[0].split("/") if part]
    if not parts:
        return "home"
    if len(parts) == 1:
        return f"/{parts[0]}/" + ("?" + url.split("?")[1] if "?" in url else "")
    return f"/{parts[0]}/<slug>/"


def measure(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    connection.queries_log.clear()  # the log keeps 9,000 queries; counts need a fresh one
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
            timings.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200, (url, response.status_code)
    body = response.content
    compressed = body if response.get("Content-Encoding") == "gzip" else gzip.compress(body)
    raw = gzip.decompress(compressed)
    return {
        "ms": statistics.median(timings),
        "queries": len(queries.captured_queries),
        "html_bytes": len(raw),
        "gzip_bytes": len(compressed),
    }


# -- the server part ---------------------------------------------------------------------
def run_server_part() -> dict:
    from django.test import Client

    from crossroads.demo.queries import public_urls

    client = Client()
    by_type: dict[str, list[dict]] = {}
    for url in tqdm(public_urls(), desc="Pages measured on the server", unit="page"):
        by_type.setdefault(page_type(url), []).append(measure(client, url))

    rows = {}
    for kind, samples in sorted(by_type.items()):
        rows[kind] = {
            "pages": len(samples),
            "median_ms": round(statistics.median(s["ms"] for s in samples), 1),
            "max_queries": max(s["queries"] for s in samples),
            "median_gzip_kb": round(statistics.median(s["gzip_bytes"] for s in samples) / 1024, 1),
            "max_gzip_kb": round(max(s["gzip_bytes"] for s in samples) / 1024, 1),
        }
    print(f"{'page':28} {'pages':>5} {'median ms':>10} {'max queries':>12} {'max KB gz':>10}")
    for kind, row in rows.items():
        print(
            f"{kind:28} {row['pages']:>5} {row['median_ms']:>10} "
            f"{row['max_queries']:>12} {row['max_gzip_kb']:>10}"
        )
    return {"rounds_per_page": ROUNDS, "page_types": rows}


# -- the browser part --------------------------------------------------------------------
def serve() -> tuple:
    """The site on a free port of 127.0.0.1, from threads of this process."""
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def load_throttled(browser, url: str, language: str) -> dict:
    """One first visit: a new context (empty cache), the connection throttled."""
    from django.conf import settings

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url}])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    sent: list[str] = []
    received: dict[str, int] = {}
    cdp.on("Network.requestWillBeSent", lambda event: sent.append(event["request"]["url"]))
    cdp.on(
        "Network.loadingFinished",
        lambda event: received.__setitem__(event["requestId"], event["encodedDataLength"]),
    )
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", THROTTLE)
    response = page.goto(url, wait_until="load")
    assert response.status == 200, (url, response.status)
    page.wait_for_load_state("networkidle")
    timing = page.evaluate(
        """() => {
            const entry = performance.getEntriesByType("navigation")[0];
            return {ready: entry.domContentLoadedEventEnd, load: entry.loadEventEnd};
        }"""
    )
    lang = page.locator("html").get_attribute("lang")
    context.close()
    assert lang == language, (url, lang)
    fetched = [address for address in sent if not address.startswith("data:")]
    return {
        "ready_ms": timing["ready"],
        "load_ms": timing["load"],
        "bytes": sum(received.values()),
        "requests": len(fetched),
        "urls": fetched,
    }


def run_browser_part() -> dict | None:
    from django.urls import translate_url

    if not shutil.which(CHROMIUM):
        print(f"Chromium not found at {CHROMIUM}: the browser part is skipped.")
        return None
    from playwright.sync_api import sync_playwright

    from crossroads.demo.services import open_sample_pages

    pages = open_sample_pages()
    server, base = serve()
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-quic"]
            )
            loads = [(name, language) for name in pages for language in LANGUAGES]
            for name, language in tqdm(loads, desc="Pages loaded in Chromium", unit="page"):
                path = translate_url(pages[name], language)
                samples = [
                    load_throttled(browser, base + path, language) for _ in range(BROWSER_ROUNDS)
                ]
                last = samples[-1]
                row = {
                    "page": name,
                    "language": language,
                    "path": path,
                    "dom_content_loaded_ms": round(
                        statistics.median(s["ready_ms"] for s in samples)
                    ),
                    "load_ms": round(statistics.median(s["load_ms"] for s in samples)),
                    "bytes": last["bytes"],
                    "requests": last["requests"],
                    "resources": [url.removeprefix(base) for url in last["urls"]],
                }
                row["usable_within_target"] = row["load_ms"] < USABLE_MS
                row["within_budget"] = row["requests"] <= MAX_REQUESTS and row["bytes"] < MAX_BYTES
                rows.append(row)
            version = browser.version
            browser.close()
    finally:
        server.shutdown()
        server.server_close()

    print(
        f"{'page':18} {'lang':4} {'ready ms':>9} {'load ms':>8} {'KB':>6} {'requests':>8}", "target"
    )
    for row in rows:
        verdict = "pass" if row["usable_within_target"] and row["within_budget"] else "FAIL"
        print(
            f"{row['page']:18} {row['language']:4} {row['dom_content_loaded_ms']:>9} "
            f"{row['load_ms']:>8} {row['bytes'] / 1024:>6.1f} {row['requests']:>8}  {verdict}"
        )
    failed = [row for row in rows if not (row["usable_within_target"] and row["within_budget"])]
    print(
        f"{len(rows) - len(failed)} of {len(rows)} loads usable within {USABLE_MS / 1000:g} s, "
        f"in at most {MAX_REQUESTS} requests and under {MAX_BYTES // 1024} KB."
    )
    return {
        "chromium": version,
        "conditions": {
            "download_bytes_per_second": THROTTLE["downloadThroughput"],
            "upload_bytes_per_second": THROTTLE["uploadThroughput"],
            "latency_ms": THROTTLE["latency"],
            "cache": "empty (a new browser context for each load)",
        },
        "rounds_per_page": BROWSER_ROUNDS,
        "targets": {"usable_ms": USABLE_MS, "max_requests": MAX_REQUESTS, "max_bytes": MAX_BYTES},
        "loads": rows,
    }


# -- both --------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("server", "browser"), help="run one part only")
    args = parser.parse_args(argv)

    folder = tempfile.mkdtemp(prefix="crossroads-bench-")
    os.environ["CROSSROADS_DATA_DIR"] = folder
    os.environ["CROSSROADS_DEBUG"] = "false"
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")
    # Playwright's sync API runs an event loop in this thread; the ORM is used beside it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from crossroads.demo.services import load_demo

    setup_test_environment()  # mail kept in memory; the test client's host allowed
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    load_demo()
    load_seconds = time.perf_counter() - started
    assert not settings.DEBUG

    result = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    result.update({"benchmark": "pages", "database": "sqlite"})
    if args.only != "browser":
        result.update(run_server_part(), demo_load_seconds=round(load_seconds, 1))
    if args.only != "server":
        browser = run_browser_part()
        if browser is not None:
            result["browser"] = browser
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"Demo loaded in {load_seconds:.1f} s. Results written to {RESULTS}.")


if __name__ == "__main__":
    main()
