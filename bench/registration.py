"""Registrations per minute for one event under contention: `python -m bench.registration`.

Creates a database of its own (PostgreSQL at 127.0.0.1, created and dropped here; and the
embedded SQLite in a temporary folder, for comparison), one hybrid event with limited
places in each way of attending and a waiting list, and then lets ``WORKERS`` threads,
each with its own database connection, register ``PEOPLE`` people as fast as they can,
all for that event. Each registration is the whole path a person takes: the form's
``services.register`` (the address to confirm) and then ``services.confirm_email`` (a
place or the waiting list), both under the event's lock, with their mail rendered
(calendar file included) and handed to Django's in-memory mail backend.

It checks that no place was oversold and that the waiting list holds everyone else, and
writes registrations per minute and each step's latency (median and p95, one run) to
bench/results/registration.json. The target: above 1,000 per minute on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "registration.json"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
DATABASE = "crossroads_bench_registration"
PEOPLE = 2000
WORKERS = 16
PLACES = {"in_person": 400, "virtual": 600}
TARGET_PER_MINUTE = 1000


def _measure(people: int, workers: int) -> dict:
    """Runs inside a process configured for one database (see ``main``)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from crossroads.events import services
    from crossroads.events.models import Event, Registration
    from crossroads.events.services import Details

    call_command("migrate", verbosity=0)
    now = timezone.now()
    event = Event.objects.create(
        title="Mayors' forum on inclusion",
        slug="mayors-forum",
        event_type="forum",
        start_date=now.date() + dt.timedelta(days=30),
        end_date=now.date() + dt.timedelta(days=31),
        status="published",
        published_at=now,
        attendance_mode="hybrid",
        registration_mode="open",
        online_url="https://meet.example.org/forum",
        capacity_in_person=PLACES["in_person"],
        capacity_online=PLACES["virtual"],
    )
    timings: dict[str, list[float]] = {"register": [], "confirm": []}
    lock = threading.Lock()
    start = threading.Barrier(workers)

    def person(n: int) -> None:
        mode = "virtual" if n % 2 else "in_person"
        details = Details(
            name=f"Participant {n}",
            email=f"participant{n}@example.org",
            attendance_mode=mode,
            organisation="Municipality",
        )
        began = time.perf_counter()
        registration, _new = services.register(event=event, details=details)
        registered = time.perf_counter()
        services.confirm_email(registration=registration)
        confirmed = time.perf_counter()
        with lock:
            timings["register"].append((registered - began) * 1000)
            timings["confirm"].append((confirmed - registered) * 1000)

    def worker(share: list[int]) -> None:
        try:
            start.wait()
            for n in share:
                person(n)
        finally:
            connection.close()

    shares = [list(range(index, people, workers)) for index in range(workers)]
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(worker, shares))
    seconds = time.perf_counter() - began

    held = {
        mode: Registration.objects.filter(
            event=event, attendance_mode=mode, status="confirmed"
        ).count()
        for mode in PLACES
    }
    waiting = Registration.objects.filter(event=event, status="waitlisted").count()
    oversold = any(held[mode] > PLACES[mode] for mode in PLACES)
    complete = sum(held.values()) + waiting == people and all(
        held[mode] == min(PLACES[mode], people // 2) for mode in PLACES
    )

    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[-1]

    return {
        "people": people,
        "workers": workers,
        "seconds": round(seconds, 2),
        "per_minute": round(people / seconds * 60),
        "confirmed": held,
        "waitlisted": waiting,
        "oversold": oversold,
        "all_accounted_for": complete,
        "register_ms": {
            "p50": round(statistics.median(timings["register"]), 1),
            "p95": round(p95(timings["register"]), 1),
        },
        "confirm_ms": {
            "p50": round(statistics.median(timings["confirm"]), 1),
            "p95": round(p95(timings["confirm"]), 1),
        },
    }


def _run(backend: str, people: int, workers: int) -> dict:
    """Measure ``backend`` in a process of its own (its own settings and database)."""
    folder = tempfile.mkdtemp(prefix="crossroads-bench-registration-")
    env = {
        **os.environ,
        "CROSSROADS_DATA_DIR": folder,
        "CROSSROADS_MAIL_URL": "locmem://",
        "CROSSROADS_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "crossroads.settings",
    }
    env.pop("DATABASE_URL", None)
    if backend == "postgresql":
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            db.execute(f"CREATE DATABASE {DATABASE}")
        env["DATABASE_URL"] = f"{POSTGRES}/{DATABASE}"
    try:
        output = subprocess.run(
            [
                *(sys.executable, "-m", "bench.registration", "--worker"),
                *("--people", str(people), "--workers", str(workers)),
            ],
            env=env,
            cwd=Path(__file__).parent.parent,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        if backend == "postgresql":
            with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as db:
                db.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    return json.loads(output.strip().splitlines()[-1])


def _postgresql_reachable() -> bool:
    import psycopg

    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        print(json.dumps(_measure(options.people, options.workers)))
        return
    results = {}
    for backend in options.backends.split(","):
        if backend == "postgresql" and not _postgresql_reachable():
            print(f"PostgreSQL is not reachable at {POSTGRES}: skipped.")
            continue
        print(f"Registering {options.people} people with {options.workers} threads on {backend}…")
        results[backend] = result = _run(backend, options.people, options.workers)
        oversold = "YES" if result["oversold"] else "no"
        print(
            f"  {result['per_minute']} registrations per minute "
            f"({result['seconds']} s); confirmed {result['confirmed']}, "
            f"waitlisted {result['waitlisted']}; oversold: {oversold}; "
            f"register p50/p95 {result['register_ms']['p50']}/{result['register_ms']['p95']} ms, "
            f"confirm p50/p95 {result['confirm_ms']['p50']}/{result['confirm_ms']['p95']} ms"
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "registration",
                "target_per_minute": TARGET_PER_MINUTE,
                "places": PLACES,
                "results": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"Results written to {RESULTS}.")


if __name__ == "__main__":
    main()
