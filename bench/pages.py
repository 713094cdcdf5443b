"""Public pages of the demo: server time, SQL queries and transferred size per page type.

Loads the demo into a fresh SQLite database in a temporary folder, then requests every
public page through Django's full request path (middleware, templates, gzip) several
times. Writes bench/results/pages.json and prints a table. Figures are medians of one run.
"""

import gzip
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from tqdm import tqdm

RESULTS = Path(__file__).parent / "results" / "pages.json"
ROUNDS = 5


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


def main() -> None:
    folder = tempfile.mkdtemp(prefix="crossroads-bench-")
    os.environ["CROSSROADS_DATA_DIR"] = folder
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from crossroads.demo.queries import public_urls
    from crossroads.demo.services import load_demo

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    load_demo()
    load_seconds = time.perf_counter() - started

    client = Client()
    by_type: dict[str, list[dict]] = {}
    for url in tqdm(public_urls(), desc="Pages measured", unit="page"):
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
    result = {
        "benchmark": "pages",
        "database": "sqlite",
        "rounds_per_page": ROUNDS,
        "demo_load_seconds": round(load_seconds, 1),
        "page_types": rows,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'page':28} {'pages':>5} {'median ms':>10} {'max queries':>12} {'max KB gz':>10}")
    for kind, row in rows.items():
        print(
            f"{kind:28} {row['pages']:>5} {row['median_ms']:>10} "
            f"{row['max_queries']:>12} {row['max_gzip_kb']:>10}"
        )
    print(f"Demo loaded in {load_seconds:.1f} s. Results written to {RESULTS}.")


if __name__ == "__main__":
    main()
