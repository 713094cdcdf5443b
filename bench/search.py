"""Search at scale: `make bench-search` (`python -m bench.search --sizes 100000`).

For each backend (SQLite in a temporary folder; PostgreSQL in a database of its own,
created and dropped here) and each size: generate a catalogue (``bench.catalogue``),
build the index with ``search.services.rebuild()``, then run a fixed mix of query
classes, each as ~5 concrete queries repeated until ``SAMPLES`` samples (or the class's
time budget is spent: a finding, reported with the number of samples). Every query is
timed through Django's full request path (``Client().get("/search/?…")`` on the real
URLconf, middleware, template and gzip included) and as the raw engine call the view
makes (``engine.search``), one right after the other, so that both see the machine in
the same state; the ratio of the two is reported. The same text and filter
queries also go through modelsearch (Wagtail's search layer, database backend) on the
same items, when it is installed (the ``bench`` extra).

Each step runs in a process of its own, so that the index build's peak memory is its own
and each backend gets its own Django set-up. Results are merged into
bench/results/search.json; a table is printed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "search.json"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/crossroads_bench"
#: Samples wanted per query class and way of asking (request, raw, modelsearch).
SAMPLES = 30
#: Seconds one class may take per way of asking before it stops with fewer samples.
BUDGET = 20.0
#: Seconds after which a query is stopped by the database (and its class reported as
#: timed out): some ways of asking take minutes per query at 100,000 items.
TIMEOUT = 30.0
ROOT = Path(__file__).resolve().parent.parent

#: The query classes, in the order they are reported. Values in {braces} are filled in
#: from the catalogue (the most used topics, countries and organisations).
CLASSES: dict[str, list[str]] = {
    "common_term": ["q=refugees", "q=city", "q=migrants", "q=réfugiés", "q=local"],
    "rare_term": [
        "q=desalination",
        "q=beekeeping",
        "q=telemedicine",
        "q=paludisme",
        "q=الكوليرا",
    ],
    "phrase": [
        'q="host communities"',
        'q="local government"',
        'q="urban planning"',
        'q="solutions durables"',
        'q="cohésion sociale"',
    ],
    "two_terms": [
        "q=housing climate",
        "q=schools water",
        "q=asylum borders",
        "q=jobs training",
        "q=santé enfants",
    ],
    "facets_only": [
        "kind=event",
        "topic={topic1}&country={country1}",
        "kind=story&topic={topic2}&language=fr",
        "organisation={organisation1}",
        "region=east_africa&attendance=hybrid&kind=event",
    ],
    "text_filters": [
        "q=housing&country={country1}",
        "q=refugees&kind=event&attendance=virtual",
        "q=education&topic={topic1}",
        "q=migrants&organisation={organisation2}&year=2024",
        "q=climat&language=fr",
    ],
    "date_range": [
        "from=2020-01-01&to=2020-12-31",
        "from=2024-06-01&to=2024-06-30",
        "q=refugees&from=2015-01-01&to=2019-12-31",
        "kind=event&from=2023-01-01&to=2023-03-31",
        "kind=event&when=upcoming",
    ],
    "sort_date": [
        "q=refugees&sort=date",
        "q=housing&sort=date",
        "q=water&kind=resource&sort=date",
        "q=réfugiés&sort=date",
        'q="local government"&sort=date',
    ],
    "page_50": [
        "page=50",
        "q=refugees&page=50",
        "kind=story&page=50",
        "q=city&sort=date&page=50",
        "topic={topic1}&page=50",
    ],
    "empty_all_facets": ["", "sort=date", "page=2", "page=3", "sort=relevance"],
}
#: The classes modelsearch can answer: it has no facet counts.
MODELSEARCH_CLASSES = [name for name in CLASSES if name != "empty_all_facets"]


# -- orchestration (the parent process) ---------------------------------------------------


def _step(env: dict, *args: str) -> dict:
    """Run ``python -m …args`` with ``env``; its last line of output is JSON."""
    done = subprocess.run(
        [sys.executable, "-m", *args], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed with exit code {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _postgres(action: str, database: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        if action == "create":
            db.execute(f"CREATE DATABASE {database}")


def run_one(backend: str, size: int, args) -> dict:
    """Generate, index and measure one catalogue; everything is removed afterwards,
    unless ``--keep`` names a folder: the catalogue (and PostgreSQL's database) then
    stays, and the next run with the same folder measures it again without generating
    and indexing it (a million items take half an hour to make)."""
    kept = Path(args.keep) / f"{backend}-{size}" if args.keep else None
    folder = str(kept) if kept else tempfile.mkdtemp(prefix=f"crossroads-bench-{backend}-")
    summary = kept / "catalogue.json" if kept else None
    database = f"crossroads_bench_{size}" if kept else "crossroads_bench"
    env = {**os.environ, "CROSSROADS_DATA_DIR": folder}
    env.pop("DATABASE_URL", None)
    if backend == "postgresql":
        env["DATABASE_URL"] = f"{POSTGRES_URL.rsplit('/', 1)[0]}/{database}"
    try:
        print(f"\n== {backend}, {size:,} items ==", file=sys.stderr)
        if summary and summary.exists():
            made, built = json.loads(summary.read_text())
            print(f"Measuring the catalogue kept in {folder}", file=sys.stderr)
        else:
            if kept:
                kept.mkdir(parents=True, exist_ok=True)
            if backend == "postgresql":
                _postgres("create", database)
            _step(env, "bench.search", "--worker", "migrate")
            made = _step(env, "bench.catalogue", "generate", "--size", str(size), "--seed", "1")
            built = _step(env, "bench.catalogue", "index")
            if summary:
                summary.write_text(json.dumps([made, built]))
        measured = _step(
            env,
            "bench.search",
            "--worker",
            "measure",
            "--budget",
            str(args.budget),
            "--timeout",
            str(args.timeout),
            *(["--no-modelsearch"] if args.no_modelsearch else []),
        )
    finally:
        if not kept:
            if backend == "postgresql":
                _postgres("drop", database)
            subprocess.run(["rm", "-rf", folder], check=False)
    return {
        "items": size,
        "generate_seconds": made["generate_seconds"],
        "build_seconds": built["build_seconds"],
        "build_peak_rss_mb": built["peak_rss_mb"],
        "reference_data": {k: v for k, v in made.items() if k not in {"items"}},
        **measured,
    }


def _save(run: dict, backend: str, size: int, args) -> None:
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.update(
        {
            "benchmark": "search",
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
            },
            "samples_wanted": SAMPLES,
            "budget_seconds_per_class": args.budget,
            "timeout_seconds_per_query": args.timeout,
            "percentiles": "p50 and p95 of the samples (statistics.quantiles, inclusive)",
        }
    )
    results.setdefault("runs", {}).setdefault(backend, {})[str(size)] = run
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def compare(run: dict, timeout: float) -> None:
    """Each class's ratios, from its times. Where queries timed out, the ratio with
    modelsearch is a bound (``modelsearch_p95_ratio_bound``), or unknown if both did."""
    for row in run["classes"].values():
        row["ratio_p50"] = ratio(row["request_ms"], row["raw_ms"], "p50")
        row["ratio_p95"] = ratio(row["request_ms"], row["raw_ms"], "p95")
        found = row.get("modelsearch")
        if not found:
            continue
        row.pop("modelsearch_p95_ratio_is_lower_bound", None)
        ours = None if row["timed_out"] else row["raw_ms"]
        theirs = None if found["timed_out"] else found["ms"]
        stopped = {"p95": timeout * 1000}
        if ours and theirs:
            value, bound = ratio(theirs, ours, "p95"), "exact"
        elif ours:  # modelsearch took longer than the timeout
            value, bound = ratio(stopped, ours, "p95"), "lower"
        elif theirs:  # we did
            value, bound = ratio(theirs, stopped, "p95"), "upper"
        else:
            value, bound = None, "both timed out"
        row["modelsearch_p95_ratio"] = value
        row["modelsearch_p95_ratio_bound"] = bound


def print_table(backend: str, size: int, run: dict) -> None:
    print(
        f"\n{backend} · {size:,} items · generated in {run['generate_seconds']} s · index "
        f"built in {run['build_seconds']} s (peak {run['build_peak_rss_mb']} MB) · web "
        f"process peak {run['web_peak_rss_mb']} MB"
    )
    header = (
        f"{'class':18} {'n':>3} {'req p50':>9} {'req p95':>9} {'raw p50':>9} {'raw p95':>9} "
        f"{'warm p95':>9} {'req/raw':>7} {'ms p95':>9} {'ms/raw':>7}"
    )
    print(header)
    print("-" * len(header))

    def ms(times: dict | None, key: str, timed_out: bool) -> str:
        if times is None or (timed_out and key == "p95"):
            return "timeout"
        return f"{times[key]}*" if timed_out else str(times[key])

    for name, row in run["classes"].items():
        found = row.get("modelsearch")
        value = row.get("modelsearch_p95_ratio")
        bound = row.get("modelsearch_p95_ratio_bound")
        shown = {"lower": f"≥{value}", "upper": f"≤{value}"}.get(bound, value)
        out = row["timed_out"]
        print(
            f"{name:18} {row['samples']:>3} {ms(row['request_ms'], 'p50', out):>9} "
            f"{ms(row['request_ms'], 'p95', out):>9} {ms(row['raw_ms'], 'p50', out):>9} "
            f"{ms(row['raw_ms'], 'p95', out):>9} "
            f"{ms(row.get('raw_warm_ms'), 'p95', out):>9} {row['ratio_p50'] or '–':>7} "
            f"{ms(found['ms'], 'p95', found['timed_out']) if found else '–':>9} "
            f"{shown or '–':>7}"
        )
    print(
        "req = GET /search/ through Django; raw = engine.search(); warm = engine.search() "
        "with the phrases' matches cached; ms = modelsearch "
        "(database backend); ms/raw = modelsearch p95 / engine p95 (≥, ≤: a side timed "
        "out); timeout = a query ran past the timeout; * = p50 of the queries that "
        "finished; times in ms."
    )
    if run.get("modelsearch", {}).get("status", "ok") != "ok":
        print(f"modelsearch: {run['modelsearch']['status']}")


def print_tables() -> None:
    """Print (and complete) every run in the results file."""
    results = json.loads(RESULTS.read_text())
    for backend, runs in results["runs"].items():
        for size, run in runs.items():
            compare(run, results["timeout_seconds_per_query"])
            print_table(backend, int(size), run)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


# -- the worker (one backend, one catalogue) ----------------------------------------------


def setup_django(*, modelsearch: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")
    import django
    from django.conf import settings

    if modelsearch:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "modelsearch"]
        settings.MODELSEARCH_BACKENDS = {
            "default": {"BACKEND": "modelsearch.backends.database", "AUTO_UPDATE": False}
        }
    django.setup()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def modelsearch_available() -> bool:
    try:
        import modelsearch  # noqa: F401
    except ImportError:
        return False
    return True


def warm_database_file() -> None:
    """Read SQLite's file once, so that it is in the system's cache as a running server's
    is: right after indexing a million items, most of the file's pages are still on disk
    and the first searches would time the disk. (PostgreSQL keeps its own cache.)"""
    from django.db import connection

    if connection.vendor == "sqlite":
        with open(connection.settings_dict["NAME"], "rb") as database:
            while database.read(1 << 24):
                pass


def percentiles(samples: list[float]) -> dict | None:
    if not samples:
        return None
    if len(samples) == 1:
        return {"p50": round(samples[0], 1), "p95": round(samples[0], 1)}
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": round(statistics.median(samples), 1), "p95": round(cuts[94], 1)}


def fill(queries: list[str], values: dict[str, str]) -> list[str]:
    return [query.format(**values) for query in queries]


def popular_values() -> dict[str, str]:
    """The most used topics, countries and organisations of the catalogue."""
    from django.db.models import Count

    from crossroads.search.models import SearchFacet

    values = {}
    for facet in ("topic", "country", "organisation"):
        ranked = (
            SearchFacet.objects.filter(facet=facet)
            .values("value")
            .annotate(n=Count("pk"))
            .order_by("-n", "value")[:2]
        )
        for rank, row in enumerate(ranked, start=1):
            values[f"{facet}{rank}"] = row["value"]
    return values


class Deadline:
    """Stops any query running past ``seconds``: PostgreSQL by its statement timeout,
    SQLite through a progress handler; the query then raises ``OperationalError``."""

    def __init__(self, seconds: float):
        from django.db import connection
        from django.db.backends.signals import connection_created

        self.seconds = seconds
        self.until = math.inf
        connection_created.connect(self.prepare, weak=False)
        if connection.connection is not None:
            self.prepare(connection=connection)

    def prepare(self, connection, **kwargs) -> None:
        if connection.vendor == "sqlite":
            connection.connection.set_progress_handler(self.expired, 100_000)
        else:
            with connection.connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {int(self.seconds * 1000)}")

    def expired(self) -> int:
        return int(time.monotonic() > self.until)

    @contextmanager
    def __call__(self):
        self.until = time.monotonic() + self.seconds
        try:
            yield
        finally:
            self.until = math.inf


def forget_phrase_matches() -> None:
    """Empty this process's cache of phrase matches: every sample then reads its word
    pairs' postings (and asks the text backend for longer phrases) afresh, as the first
    search for a text does."""
    from crossroads.search.bitmaps import current_index

    current_index().phrase_cache.clear()


def timed(
    ways: dict,
    queries: list[str],
    progress,
    *,
    budget: float,
    deadline: Deadline,
    cold: bool = True,
) -> dict:
    """Ask each query in turn each way of ``ways`` (``{name: function(query)}``), one way
    right after the other, each first every other time, until ``SAMPLES`` samples or
    ``budget`` seconds a way, after one untimed warm-up (which loads the bitmaps): on a
    machine whose speed drifts, ways compared with each other are then timed under the
    same conditions. ``cold``: without the cache of phrase matches. A query stopped by
    ``deadline`` ends the class. Returns each way's samples in milliseconds and last
    answer to each query, and whether a query timed out."""
    from django.db import OperationalError

    samples: dict[str, list[float]] = {name: [] for name in ways}
    answers: dict[str, dict[str, object]] = {name: {} for name in ways}
    timed_out = False
    try:
        with deadline():
            for function in ways.values():
                function(queries[0])  # warm-up: caches and connection
        started = time.perf_counter()  # the warm-up (loading the index) is not budgeted
        for query in itertools.cycle(queries):
            taken = min(map(len, samples.values()))
            if taken >= SAMPLES or (taken and time.perf_counter() - started > budget * len(ways)):
                break
            # Each way goes first every other time: what one way leaves warm (the
            # database's pages, the processor's caches) favours each way alike.
            turn = list(ways.items())
            for name, function in turn if len(samples[turn[0][0]]) % 2 else reversed(turn):
                if cold:
                    forget_phrase_matches()
                began = time.perf_counter()
                with deadline():
                    answers[name][query] = function(query)
                samples[name].append((time.perf_counter() - began) * 1000)
                progress(1)
    except OperationalError:
        timed_out = True
    progress(max(0, SAMPLES * len(ways) - sum(map(len, samples.values()))))
    return {"samples": samples, "answers": answers, "timed_out": timed_out}


def breakdown(query: str, deadline: Deadline) -> dict | None:
    """Where one engine call spends its time: SQL by purpose, and Python."""
    from django.conf import settings
    from django.db import OperationalError, connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from crossroads.search import engine
    from crossroads.search.criteria import Criteria

    params = QueryDict(query)
    forget_phrase_matches()
    try:
        with deadline(), CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            engine.search(
                Criteria.from_query(params), page=params.get("page"), per_page=settings.PAGE_SIZE
            )
            total = (time.perf_counter() - started) * 1000
    except OperationalError:
        return None
    parts: dict[str, float] = {}
    for sql in captured.captured_queries:
        text = sql["sql"]
        if "search_text" in text:
            part = "text_backend"
        elif "search_searchstate" in text:
            part = "index_version"
        elif text.startswith('SELECT "search_searchentry"."item_id"'):
            part = "result_page"
        elif '"content_item' in text:
            part = "cards"
        else:
            part = "labels_and_other"
        parts[part] = parts.get(part, 0.0) + float(sql["time"]) * 1000
    parts = {part: round(ms, 1) for part, ms in parts.items()}
    parts["python"] = round(total - sum(parts.values()), 1)
    return {"query": query, "total_ms": round(total, 1), "statements": len(captured), **parts}


def ratio(numerator: dict | None, denominator: dict | None, key: str) -> float | None:
    if numerator is None or denominator is None:
        return None
    return round(numerator[key] / denominator[key], 2)


def measure_engine(values: dict[str, str], bar, *, budget: float, deadline: Deadline) -> dict:
    from django.conf import settings
    from django.http import QueryDict
    from django.test import Client

    from crossroads.search import engine
    from crossroads.search.criteria import Criteria

    client = Client()

    def request(query: str) -> int:
        response = client.get("/search/?" + query, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, (query, response.status_code)
        return response.status_code

    def raw(query: str) -> int:
        params = QueryDict(query)
        results = engine.search(
            Criteria.from_query(params), page=params.get("page"), per_page=settings.PAGE_SIZE
        )
        return results.total

    classes = {}
    for name, templates in CLASSES.items():
        queries = fill(templates, values)
        bar.set_postfix_str(name)
        both = timed(
            {"request": request, "raw": raw}, queries, bar.update, budget=budget, deadline=deadline
        )
        warm = timed(
            {"raw": raw}, queries, bar.update, budget=budget, deadline=deadline, cold=False
        )
        request_ms = percentiles(both["samples"]["request"])
        raw_ms = percentiles(both["samples"]["raw"])
        classes[name] = {
            "queries": queries,
            "results": both["answers"]["raw"],
            "samples": min(map(len, both["samples"].values())),
            "timed_out": both["timed_out"],
            "request_ms": request_ms,
            "raw_ms": raw_ms,
            "raw_warm_ms": percentiles(warm["samples"]["raw"]),
            "ratio_p50": ratio(request_ms, raw_ms, "p50"),
            "ratio_p95": ratio(request_ms, raw_ms, "p95"),
            "breakdown": breakdown(queries[0], deadline),
        }
    return classes


# -- modelsearch ----------------------------------------------------------------------------


def modelsearch_model():
    """Item as modelsearch wants it: a proxy with ``search_fields``, declared once
    Django is set up (so our models stay untouched), with the generic relation to the
    index entries that modelsearch's app adds to indexed models when it starts."""
    from django.apps import apps
    from modelsearch import index
    from modelsearch.abstract_models import TextIDGenericRelation

    from crossroads.content.models import Item

    text = [index.SearchField("title"), index.SearchField("summary"), index.SearchField("body")]

    class BenchItem(index.Indexed, Item):
        search_fields = [
            index.SearchField("title", boost=2),
            index.SearchField("summary"),
            index.SearchField("body"),
            index.FilterField("kind"),
            index.FilterField("language"),
            index.FilterField("status"),
            index.FilterField("published_at"),
            index.RelatedFields("translations", text),
            index.RelatedFields("topics", [index.SearchField("name"), index.FilterField("slug")]),
            index.RelatedFields(
                "organisations",
                [
                    index.SearchField("name"),
                    index.SearchField("acronym"),
                    index.FilterField("slug"),
                ],
            ),
            index.RelatedFields("cities", [index.SearchField("name"), index.FilterField("slug")]),
            index.RelatedFields(
                "countries",
                [index.SearchField("name"), index.FilterField("name"), index.FilterField("region")],
            ),
            index.RelatedFields(
                "event",
                [
                    index.FilterField("attendance_mode"),
                    index.FilterField("start_date"),
                    index.FilterField("end_date"),
                ],
            ),
        ]

        class Meta:
            proxy = True
            app_label = "modelsearch"

    entry = apps.get_model("modelsearch", "IndexEntry")
    TextIDGenericRelation(entry).contribute_to_class(BenchItem, "index_entries")
    return BenchItem


def build_modelsearch(model, bar) -> float:
    """Index every item as ``rebuild_modelsearch_index`` does, 1,000 at a time."""
    from modelsearch.backends import get_search_backend

    backend = get_search_backend()
    started = time.perf_counter()
    rebuilder = backend.rebuilder_class(backend.get_index_for_model(model))
    search_index = rebuilder.start()
    search_index.add_model(model)
    objects = model.get_indexed_objects().order_by("pk")
    last = 0
    while True:
        chunk = list(objects.filter(pk__gt=last)[:1000])
        if not chunk:
            break
        search_index.add_items(model, chunk)
        last = chunk[-1].pk
        bar.update(len(chunk))
    rebuilder.finish()
    return time.perf_counter() - started


#: Our facets as modelsearch filters. A country is the item's own (not its cities'), and
#: found by name: modelsearch cannot filter on a related primary key (Django reads
#: ``countries__code`` from the link table, which modelsearch's filter check rejects).
MODELSEARCH_FILTERS = {
    "kind": "kind__in",
    "language": "language__in",
    "topic": "topics__slug__in",
    "country": "countries__name__in",
    "region": "countries__region__in",
    "organisation": "organisations__slug__in",
    "city": "cities__slug__in",
    "attendance": "event__attendance_mode__in",
}


def modelsearch_search(model, query: str) -> int:
    """One page of results and their number, as a Django team would ask modelsearch for
    it: the filters on the queryset, the words (all of them) through the backend."""
    import datetime as dt

    from django.conf import settings
    from django.http import QueryDict
    from django.utils import timezone
    from modelsearch.backends import get_search_backend
    from modelsearch.query import MATCH_ALL, Phrase

    from crossroads.directory.models import Country

    params = QueryDict(query, mutable=True)
    if params.getlist("country"):
        codes = params.getlist("country")
        params.setlist(
            "country", Country.objects.filter(code__in=codes).values_list("name", flat=True)
        )
    now = timezone.now()
    items = model.objects.filter(status="published", published_at__lte=now)
    for facet, lookup in MODELSEARCH_FILTERS.items():
        if params.getlist(facet):
            items = items.filter(**{lookup: params.getlist(facet)})
    if params.get("year"):
        items = items.filter(published_at__year=int(params["year"]))
    if params.get("from"):
        start = dt.date.fromisoformat(params["from"])
        items = items.filter(published_at__gte=dt.datetime.combine(start, dt.time(), dt.UTC))
    if params.get("to"):
        end = dt.date.fromisoformat(params["to"]) + dt.timedelta(days=1)
        items = items.filter(published_at__lt=dt.datetime.combine(end, dt.time(), dt.UTC))
    if params.get("when") == "upcoming":
        items = items.filter(kind="event", event__end_date__gte=now.date())
    text = params.get("q", "").strip()
    by_date = params.get("sort") == "date" or not text
    if by_date:
        items = items.order_by("-published_at")
    if text.startswith('"') and text.endswith('"'):
        wanted = Phrase(text.strip('"'))
    else:
        wanted = text or MATCH_ALL
    results = get_search_backend().search(
        wanted, items, operator="and", order_by_relevance=not by_date
    )
    page = int(params.get("page", 1))
    list(results[(page - 1) * settings.PAGE_SIZE : page * settings.PAGE_SIZE])
    return results.count()


def measure_modelsearch(classes: dict, bar, *, budget: float, deadline: Deadline) -> dict:
    from django.db import connection
    from tqdm import tqdm

    from crossroads.content.models import Item

    model = modelsearch_model()
    with tqdm(total=Item.objects.count(), unit="item", desc="modelsearch index", leave=False) as b:
        seconds = build_modelsearch(model, b)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    for name in MODELSEARCH_CLASSES:
        bar.set_postfix_str(f"modelsearch {name}")
        queries = classes[name]["queries"]
        found = timed(
            {"modelsearch": lambda query: modelsearch_search(model, query)},
            queries,
            bar.update,
            budget=budget,
            deadline=deadline,
        )
        row = classes[name]
        samples = found["samples"]["modelsearch"]
        times = percentiles(samples)
        row["modelsearch"] = {
            "samples": len(samples),
            "timed_out": found["timed_out"],
            "ms": times,
            "results": found["answers"]["modelsearch"],
        }
        if found["timed_out"]:  # at least the time it was given
            slowest = max([deadline.seconds * 1000, *samples])
            times = {"p95": slowest}
        row["modelsearch_p95_ratio"] = ratio(times, row["raw_ms"], "p95")
        row["modelsearch_p95_ratio_is_lower_bound"] = found["timed_out"]
    from importlib.metadata import version

    return {"status": "ok", "version": version("modelsearch"), "build_seconds": round(seconds, 1)}


def worker(task: str, *, budget: float, timeout: float, with_modelsearch: bool) -> None:
    skipped = "not measured (--no-modelsearch)"
    if with_modelsearch and not modelsearch_available():
        skipped, with_modelsearch = "not installed (pip install -e '.[bench]')", False
    setup_django(modelsearch=with_modelsearch)
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from bench.catalogue import peak_rss_mb

    if task == "migrate":
        call_command("migrate", verbosity=0)
        print(json.dumps({"migrated": True}))
        return
    warm_database_file()
    values = popular_values()
    deadline = Deadline(timeout)
    load_before = os.getloadavg()
    ways = len(CLASSES) * 3 + (len(MODELSEARCH_CLASSES) if with_modelsearch else 0)
    with tqdm(total=ways * SAMPLES, unit="query", desc="Querying", leave=False) as bar:
        classes = measure_engine(values, bar, budget=budget, deadline=deadline)
        web_rss = peak_rss_mb()
        modelsearch = {"status": skipped}
        if with_modelsearch:
            try:
                modelsearch = measure_modelsearch(classes, bar, budget=budget, deadline=deadline)
            except Exception as error:  # reported, not hidden: the comparison is left out
                modelsearch = {"status": f"failed: {type(error).__name__}: {error}"}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT current_setting('server_version')")
        else:
            cursor.execute("SELECT sqlite_version()")
        database_version = cursor.fetchone()[0]
    print(
        json.dumps(
            {
                "database_version": database_version,
                # Other processes on the machine slow every figure down: the load
                # average (1, 5 and 15 minutes) when measuring began and ended.
                "load_average": {"before": load_before, "after": os.getloadavg()},
                "web_peak_rss_mb": web_rss,
                "popular_values": values,
                "modelsearch": modelsearch,
                "classes": classes,
            },
            ensure_ascii=False,
        )
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated catalogue sizes")
    parser.add_argument("--quick", action="store_true", help="one small catalogue: 10,000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--budget", type=float, default=BUDGET, help="seconds per class")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per query")
    parser.add_argument("--no-modelsearch", action="store_true")
    parser.add_argument("--table", action="store_true", help="print the saved results")
    parser.add_argument(
        "--keep", metavar="FOLDER", help="keep the catalogues there to measure them again"
    )
    parser.add_argument("--worker", choices=["migrate", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(
            args.worker,
            budget=args.budget,
            timeout=args.timeout,
            with_modelsearch=not args.no_modelsearch,
        )
        return
    if args.table:
        print_tables()
        return
    sizes = [10_000] if args.quick else [int(size) for size in args.sizes.split(",")]
    for size in sizes:
        for backend in args.backends.split(","):
            started = time.perf_counter()
            run = run_one(backend, size, args)
            run["wall_seconds"] = round(time.perf_counter() - started, 1)
            compare(run, args.timeout)
            _save(run, backend, size, args)
            print_table(backend, size, run)
    print(f"\nResults written to {RESULTS.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
