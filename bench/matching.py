"""Peer matching at scale: `python -m bench.matching` (what `make bench` runs last).

For each backend (SQLite in a temporary folder; PostgreSQL in a database of its own,
created and dropped here), a worker process builds a directory of 10,000 real GeoNames
cities (their countries and regions, a third with a local government) and the
catalogue's 3,000 organisations and 40 topics (``bench.catalogue``), 40 networks with
Zipf-sized memberships, who each city hosts and what it needs, and the ``Experience``
rows that 1,000,000 published items would give: the items are drawn (kinds, one to three
Zipf topics, Zipf organisations and cities as organisers, hosts, speakers, publishers,
pledgers and signatories, years weighted to the recent ones) and counted with the same
``Tally`` a rebuild uses, without writing the items themselves, which matching never
reads. Then it times, for random cities and topics:

- ``peers_like(city)`` (with ``profile_of``: the whole answer) and ``helpers_for`` one,
  two and three topics and a city's own needs, through the query functions;
- ``GET /peers/?city=…&topic=…`` and ``GET /cities/<slug>/`` through Django's full
  request path (middleware, template, gzip).

Writes bench/results/matching.json and prints a table. ``--quick``: 1,000 cities and
100,000 items.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "matching.json"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/crossroads_bench_matching"
ROOT = Path(__file__).resolve().parent.parent

#: Items by kind (relatively): events, stories, resources, pledges, campaigns.
KINDS = {"event": 30, "story": 40, "resource": 25, "pledge": 4.9, "campaign": 0.1}
NETWORKS = 40
GROUPS = {"refugees": 0.35, "internally_displaced": 0.25, "returnees": 0.12, "labour_migrants": 0.4}
YEARS = (2000, 2026)


# -- orchestration ------------------------------------------------------------------------
def _postgres(action: str) -> None:
    import psycopg

    server, database = POSTGRES_URL.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        if action == "create":
            db.execute(f"CREATE DATABASE {database}")


def run_backend(backend: str, args) -> dict:
    """Generate and measure one backend's data in a worker process; with ``--keep``,
    the data stays (SQLite's file in that folder, PostgreSQL's database) and the next run
    with the same folder measures it again without generating it."""
    kept = Path(args.keep) / backend if args.keep else None
    folder = str(kept) if kept else tempfile.mkdtemp(prefix=f"crossroads-bench-matching-{backend}-")
    env = {**os.environ, "CROSSROADS_DATA_DIR": folder}
    env.pop("DATABASE_URL", None)
    if kept:
        kept.mkdir(parents=True, exist_ok=True)
    if backend == "postgresql":
        env["DATABASE_URL"] = POSTGRES_URL
        if not (kept and (kept / "generated.json").exists()):
            _postgres("create")
    try:
        print(f"\n== {backend}: {args.cities:,} cities, {args.items:,} items ==", file=sys.stderr)
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.matching",
                "--worker",
                "--cities",
                str(args.cities),
                "--items",
                str(args.items),
                "--samples",
                str(args.samples),
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        if done.returncode:
            raise SystemExit(f"the {backend} worker failed with exit code {done.returncode}")
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        if not kept:
            if backend == "postgresql":
                _postgres("drop")
            subprocess.run(["rm", "-rf", folder], check=False)


def print_table(results: dict) -> None:
    print(f"\n{'measure':40} " + " ".join(f"{b + ' p50/p95 ms':>26}" for b in results))
    names = [name for name in next(iter(results.values()))["timings"] if name != "exact"]
    for name in names:
        cells = []
        for run in results.values():
            timing = run["timings"][name]
            cells.append(f"{timing['p50']:>12} / {timing['p95']:<11}")
        print(f"{name:40} " + " ".join(f"{cell:>26}" for cell in cells))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--cities", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="1,000 cities and 100,000 items")
    parser.add_argument(
        "--keep", metavar="FOLDER", help="keep the data there, and measure it again next time"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.cities, args.items, args.samples = 1_000, 100_000, 50
    if args.worker:
        print(json.dumps(worker(args)))
        return
    results = {backend: run_backend(backend, args) for backend in args.backends.split(",")}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"benchmark": "matching", "backends": results}, indent=2) + "\n")
    print_table(results)
    print(f"Results written to {RESULTS}.")


# -- the worker: one backend --------------------------------------------------------------
def worker(args) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossroads.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    generated = Path(settings.DATA_DIR) / "generated.json"
    rng = random.Random(1)
    if generated.exists():
        made = json.loads(generated.read_text())
        print(f"Measuring the data kept: {made}", file=sys.stderr)
    else:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        made = generate(rng, cities=args.cities, items=args.items)
        made["generate_seconds"] = round(time.perf_counter() - started, 1)
        generated.write_text(json.dumps(made))
        print(f"Generated in {made['generate_seconds']} s: {made}", file=sys.stderr)
    return {**made, "timings": measure(random.Random(2), samples=args.samples)}


def sample_cities(rng: random.Random, count: int):
    """``count`` GeoNames cities of 15,000 people or more (their countries seeded first)."""
    from bench.catalogue import create_cities, gazetteer_cities, unique_slugs

    chosen = sorted(rng.sample(gazetteer_cities(), count), key=lambda e: e["geonameid"])
    return create_cities(chosen, unique_slugs())


def create_governments(rng: random.Random, cities) -> None:
    """A local government for a third of the cities."""
    from crossroads.directory.models import City, Organisation

    governed = rng.sample(cities, len(cities) // 3)
    governments = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Municipality of {city.name}"[:200],
                slug=f"municipality-{city.slug}"[:120],
                kind="local_government",
                country_id=city.country_id,
            )
            for city in governed
        ],
        batch_size=500,
    )
    for city, government in zip(governed, governments, strict=True):
        city.local_government_id = government.pk
    City.objects.bulk_update(governed, ["local_government"], batch_size=500)


def create_profiles(rng: random.Random, cities, topics) -> dict:
    """Networks and memberships, who each city hosts and what it needs."""
    from bench.catalogue import Zipf
    from crossroads.directory.models import Membership, Network
    from crossroads.matching.models import CityNeed, DisplacementFigure

    networks = Network.objects.bulk_create(
        Network(name=f"Network {n}", slug=f"network-{n}", kind="city_network")
        for n in range(NETWORKS)
    )
    sizes = Zipf(networks, s=0.9)
    memberships = []
    for city in cities:
        for network in sizes.distinct(rng, rng.choice((0, 1, 1, 2, 3))):
            memberships.append(Membership(network=network, city=city, role="member"))
    Membership.objects.bulk_create(memberships, batch_size=1000)
    figures = [
        DisplacementFigure(
            city=city,
            group=group,
            people=rng.randrange(500, 500_000),
            year=rng.choice((2022, 2023, 2024)),
            source_name="Synthetic figure for the benchmark",
        )
        for city in cities
        for group, share in GROUPS.items()
        if rng.random() < share
    ]
    DisplacementFigure.objects.bulk_create(figures, batch_size=1000)
    needed = Zipf(topics, s=0.8)
    needs = [
        CityNeed(
            city=city,
            topic=topic,
            source=rng.choice(("editor", "survey", "survey", "pledge")),
            year=rng.choice((2023, 2024, 2025)),
        )
        for city in cities
        if rng.random() < 0.6
        for topic in needed.distinct(rng, rng.randint(1, 4))
    ]
    CityNeed.objects.bulk_create(needs, batch_size=1000, ignore_conflicts=True)
    return {
        "networks": len(networks),
        "memberships": len(memberships),
        "figures": len(figures),
        "needs": len(needs),
    }


def simulate_experience(rng: random.Random, items: int, cities, organisations, topics) -> int:
    """The ``Experience`` rows ``items`` published items would give, counted as a rebuild
    counts them (``Tally``), and written."""
    from bench.catalogue import Zipf
    from crossroads.matching.experience import CITY, ORGANISATION, Tally
    from crossroads.matching.models import Experience

    governed = {city.local_government_id: city.pk for city in cities if city.local_government_id}
    by_topic = Zipf([topic.pk for topic in topics], s=1.0)
    by_organisation = Zipf([o.pk for o in organisations], s=1.0)
    by_city = Zipf([city.pk for city in rng.sample(cities, len(cities))], s=0.8)
    years = list(range(YEARS[0], YEARS[1] + 1))
    by_year = Zipf(years, weights=[(year - YEARS[0] + 1) ** 1.3 for year in years])
    kinds = Zipf(list(KINDS), weights=list(KINDS.values()))

    def organisation() -> tuple[str, int]:
        pk = by_organisation.one(rng)
        return (CITY, governed[pk]) if pk in governed else (ORGANISATION, pk)

    tallies: dict = defaultdict(Tally)
    for item in range(items):
        kind, year = kinds.one(rng), by_year.one(rng)
        involved: set[tuple] = set()
        if kind == "event":
            if rng.random() < 0.8:
                involved.add(((CITY, by_city.one(rng)), "hosted"))
            for _ in range(rng.randint(1, 2)):
                involved.add((organisation(), "hosted"))
            for _ in range(rng.choice((0, 0, 2, 3, 5))):
                speaker = (CITY, by_city.one(rng)) if rng.random() < 0.3 else organisation()
                involved.add((speaker, "spoke"))
        elif kind in ("story", "resource"):
            for _ in range(rng.randint(1, 2)):
                involved.add((organisation(), "published"))
        elif kind == "pledge":
            for _ in range(rng.randint(1, 3)):
                pledger = (CITY, by_city.one(rng)) if rng.random() < 0.6 else organisation()
                involved.add((pledger, "pledged"))
        else:
            for pk in rng.sample(cities, rng.randint(50, 500)):
                involved.add(((CITY, pk.pk), "signed"))
        for topic in by_topic.distinct(rng, rng.choice((1, 1, 2, 2, 3))):
            for actor, activity in involved:
                tallies[actor, topic].add(activity, year)
        if item % 100_000 == 0:
            print(f"  {item:,} items drawn", file=sys.stderr)
    Experience.objects.bulk_create(
        (found.as_row(actor, topic) for (actor, topic), found in tallies.items()),
        batch_size=2000,
    )
    return len(tallies)


def generate(rng: random.Random, *, cities: int, items: int) -> dict:
    from django.db import connection, transaction

    from bench.catalogue import create_organisations, create_vocabularies
    from crossroads.directory.models import Country

    with transaction.atomic():
        made_cities = sample_cities(rng, cities)
        topics, _frameworks = create_vocabularies(rng)
        countries = list(Country.objects.order_by("code"))
        organisations = create_organisations(rng, countries, made_cities)
        organisations = [o for o in organisations if o.kind != "local_government"]
        create_governments(rng, made_cities)
        profiles = create_profiles(rng, made_cities, topics)
        rows = simulate_experience(rng, items, made_cities, organisations, topics)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "cities": len(made_cities),
        "organisations": len(organisations),
        "topics": len(topics),
        "items_counted": items,
        "experience_rows": rows,
        **profiles,
    }


def percentiles(samples: list[float]) -> dict:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {
        "p50": round(statistics.median(samples), 1),
        "p95": round(cuts[94], 1),
        "samples": len(samples),
    }


def timed(calls) -> dict:
    samples = []
    for call in calls:
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def measure(rng: random.Random, *, samples: int) -> dict:
    from django.test import Client

    from crossroads.directory.models import City
    from crossroads.directory.queries import get_city
    from crossroads.matching import queries
    from crossroads.taxonomy.models import Topic

    slugs = list(City.objects.values_list("slug", flat=True))
    topics = list(Topic.objects.order_by("pk"))
    cities = [get_city(slug) for slug in rng.sample(slugs, samples)]
    topic_sets = {n: [rng.sample(topics, n) for _ in range(samples)] for n in (1, 2, 3)}
    client = Client()
    page_samples = max(samples // 4, 20)

    def city_call(city):
        return lambda: queries.peers_like(city)

    def helpers_call(chosen, exclude=()):
        return lambda: queries.helpers_for(chosen, exclude=exclude)

    def needs_call(city):
        def call():
            profile = queries.profile_of(city)
            queries.helpers_for(profile.need_topics, exclude=[city])

        return call

    def page(url):
        def call():
            response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
            assert response.status_code == 200, url

        return call

    for city in cities[:5]:  # warm the connection and the caches of the first queries
        queries.peers_like(city)
    exact = check_exact(topic_sets[3][:20])
    timings = {
        "peers_like (with profile_of)": timed(city_call(city) for city in cities),
        "helpers_for, 1 topic": timed(helpers_call(t) for t in topic_sets[1]),
        "helpers_for, 2 topics": timed(helpers_call(t) for t in topic_sets[2]),
        "helpers_for, 3 topics": timed(helpers_call(t) for t in topic_sets[3]),
        "helpers_for a city's needs": timed(needs_call(city) for city in cities),
        "helpers_for, 3 topics, adding every row": full_sums(
            timed, [helpers_call(t) for t in topic_sets[3]]
        ),
        "GET /peers/?city=…&topic=…×2": timed(
            page(f"/peers/?city={city.slug}&topic={a.slug}&topic={b.slug}")
            for city, (a, b) in zip(cities[:page_samples], topic_sets[2], strict=False)
        ),
        "GET /cities/<slug>/": timed(
            page(city.get_absolute_url()) for city in cities[:page_samples]
        ),
    }
    return {"exact": exact, **timings}


def full_sums(run, *args, **kwargs):
    """``run(*args, **kwargs)``, helpers ranked by adding up every row of the topics (as
    for more topics than ``queries.HEAD_TOPICS``)."""
    from crossroads.matching import queries

    kept = queries.HEAD_TOPICS
    queries.HEAD_TOPICS = 0
    try:
        return run(*args, **kwargs)
    finally:
        queries.HEAD_TOPICS = kept


def check_exact(topic_sets) -> bool:
    """Whether reading each topic's best rows first ranks helpers as adding up every row
    does (it must: the benchmark stops otherwise)."""
    from crossroads.matching import queries

    for topics in topic_sets:
        fast = [(h.actor.pk, h.kind, h.score) for h in queries.helpers_for(topics, limit=10)]
        full = full_sums(queries.helpers_for, topics, limit=10)
        assert fast == [(h.actor.pk, h.kind, h.score) for h in full], topics
    return True


if __name__ == "__main__":
    main()
