"""Pages read and extracted per second, on one core: `python -m bench.ingest`.

The pages are the shared devset's five partner pages (2–5 KB of text each; the
importer's own test pages when the devset is not beside the project), made into
``PAGES`` distinct pages by moving their dates (so no cache of parsed dates helps) and
served both as plain text and as HTML with a schema.org block, the two ways partner
sites deliver them. Each page goes the whole way
``crossroads ingest extract`` takes it after fetching: the reader, then the extractor
against the demo directory (91 organisations, 71 cities, plus the 25,000-city gazetteer).
One process, one thread: the rate is per core. The rate reported is the median of rounds
of ``ROUND`` pages, after one warm-up round (which loads the gazetteer).

Writes bench/results/ingest.json. The target: at least 50 pages per second per core.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import statistics
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "ingest.json"
PAGES = 1000
ROUND = 100
TARGET_PER_SECOND = 50
SOURCES = [
    Path(__file__).resolve().parents[2] / "shared" / "ingest" / "devset",
    Path(__file__).resolve().parents[1] / "tests" / "ingest" / "fixtures" / "pages",
]


def pages_of_text() -> tuple[str, list[str]]:
    """The pages to read, and where they came from: the devset's when it is beside the
    project (the size the target is set for), else our test pages."""
    folder = next((s for s in SOURCES if s.exists()), None)
    if folder is None:
        raise SystemExit("No pages found: the importer's test pages are missing.")
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    rng = random.Random(6)
    made = []
    for number in range(PAGES):
        text = texts[number % len(texts)]
        made.append(_moved(text, years=rng.randint(-15, 15), day=rng.randint(1, 28)))
    return str(folder.relative_to(folder.parents[2])), made


def _moved(text: str, *, years: int, day: int) -> str:
    """``text`` with its years moved by ``years`` and its days of the month set to ``day``."""
    text = re.sub(r"\b(19[5-9]\d|20[0-4]\d)\b", lambda m: str(int(m.group()) + years), text)
    return re.sub(r"\b([1-9]|1\d|2[0-8])\b(?= [A-Z][a-z]+ \d{4})", str(day), text)


def as_html(text: str) -> bytes:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = html.escape(lines[0])
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    data = json.dumps({"@context": "https://schema.org", "@type": "Event", "name": lines[0]})
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | '
        f'Partner site</title><script type="application/ld+json">{data}</script></head>'
        f"<body><nav><a href='/'>Home</a></nav><main><h1>{title}</h1>{body}</main>"
        f"<footer>Partner site</footer></body></html>"
    ).encode()


def measure(inputs: list[tuple[bytes, str, str]], directory) -> dict:
    from crossroads.ingest.extract import extract
    from crossroads.ingest.readers import read

    def one(data: bytes, source: str, content_type: str) -> None:
        for page in read(data, source=source, content_type=content_type):
            extract(page, directory)

    for data, source, content_type in inputs[:ROUND]:  # warm-up: the gazetteer loads
        one(data, source, content_type)
    rates = []
    for first in range(0, len(inputs), ROUND):
        batch = inputs[first : first + ROUND]
        started = time.perf_counter()
        for data, source, content_type in batch:
            one(data, source, content_type)
        rates.append(len(batch) / (time.perf_counter() - started))
    return {
        "pages": len(inputs),
        "median_bytes": int(statistics.median(len(data) for data, _s, _c in inputs)),
        "pages_per_second_median": round(statistics.median(rates), 1),
        "pages_per_second_slowest_round": round(min(rates), 1),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")
    import django

    django.setup()
    from crossroads.demo.dataset import directory_records
    from crossroads.ingest.directory import Directory

    started = time.perf_counter()
    directory = Directory.from_records(*directory_records())
    origin, texts = pages_of_text()
    text_inputs = [(t.encode(), f"page-{i}.txt", "text/plain") for i, t in enumerate(texts)]
    html_inputs = [(as_html(t), f"page-{i}.html", "text/html") for i, t in enumerate(texts)]
    results = {
        "target_pages_per_second_per_core": TARGET_PER_SECOND,
        "pages_made_from": origin,
        "text": measure(text_inputs, directory),
        "html": measure(html_inputs, directory),
        "seconds": round(time.perf_counter() - started, 1),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    for kind in ("text", "html"):
        rate = results[kind]["pages_per_second_median"]
        verdict = "meets" if rate >= TARGET_PER_SECOND else "misses"
        print(
            f"Importer, {kind} pages: {rate} pages/s on one core ({verdict} {TARGET_PER_SECOND})."
        )


if __name__ == "__main__":
    main()
