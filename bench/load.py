"""Many people on the site at once, one app process killed mid-way: `python -m bench.load`.

Sets up what production runs, on this machine: a PostgreSQL database of its own (created
and dropped here), the demo loaded into it, the static files collected, Redis as the cache
(shared by the processes: rate-limit counters), and gunicorn on a free port of 127.0.0.1
with ``WORKERS`` processes of ``THREADS`` threads each. Mail stays in memory.

Then ``USERS`` simulated people (threads of this process, each with its own address in
``X-Forwarded-For``, as a proxy in front would send) browse for ``DURATION`` seconds with
a short pause between pages: the home page, the event list, an event, a search with text
and facets, a resource, a news story, and every few rounds a registration for an open
event (the form, then the form sent with a new address, then the "check your mail" page).
Each request opens its own connection. At a third of the run one gunicorn worker is
killed (SIGKILL); its master starts another. A request cut off at the connection is tried
again once (sending a registration twice is safe: the second gets the first one back).

An error is a 5xx, an unexpected status, a timeout, or a connection failing twice. After
the run the database is asked: every registration a person saw accepted must be there
exactly once, and nothing else. Writes bench/results/load.json (per kind of request: count
and p50/p95/p99 latency) and exits non-zero on any error or any registration lost or
duplicated. Options: ``--users 20 --duration 10`` for a quick run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from bench.visitors import (
    EMAIL_DOMAIN,
    REGISTER_EVERY,
    THINK,
    TIMEOUT,
    Attempt,
    Person,
    Run,
    warm_up,
)

RESULTS = Path(__file__).parent / "results" / "load.json"
VENV_BIN = Path(sys.executable).parent
POSTGRES = "postgres://postgres@127.0.0.1:5432"
DATABASE = "crossroads_load"
REDIS = "redis://127.0.0.1:6379/12"
USERS = 200
DURATION = 60
#: Two cores: four processes keep both busy while some wait on PostgreSQL; four threads
#: each let a process overlap its database waits without many more connections (16 in all).
WORKERS = 4
THREADS = 4
WORDS = ("refugees", "housing", "migration", "education", "inclusion", "climate", "health")


# -- set-up ------------------------------------------------------------------------------
def _database(action: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        if action == "create":
            db.execute(f"CREATE DATABASE {DATABASE}")


def _flush_cache() -> None:
    import redis

    redis.Redis.from_url(REDIS).flushdb()


def prepare(folder: str) -> tuple[dict, dict]:
    """Configure this process like the servers, fill the database; the environment for
    gunicorn and what the simulated people visit."""
    env = {
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "CROSSROADS_DATA_DIR": folder,
        "CROSSROADS_CACHE_URL": REDIS,
        "CROSSROADS_ALLOWED_HOSTS": "127.0.0.1",
        "CROSSROADS_PROXY_COUNT": "1",
        "CROSSROADS_MAIL_URL": "locmem://",
        "CROSSROADS_SECRET_KEY": secrets.token_urlsafe(40),
        "CROSSROADS_DEBUG": "false",
        "CROSSROADS_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "crossroads.settings",
    }
    os.environ.update(env)
    _database("create")
    _flush_cache()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("demo", "load")
    call_command("collectstatic", interactive=False, verbosity=0)
    plan = visits()
    connection.close()
    return env, plan


def visits() -> dict:
    """Addresses from the demo just loaded: events, open events with their ways of
    attending, resources, stories, and searches with text and facets."""
    from django.urls import reverse

    from crossroads.content.models import Item, Kind
    from crossroads.directory.models import Region
    from crossroads.events import services
    from crossroads.events.models import Event
    from crossroads.taxonomy.models import Topic

    published = Item.objects.published().order_by("pk")

    def pages(kind: str) -> list[str]:
        return [item.get_absolute_url() for item in published.filter(kind=kind)]

    open_events = [
        {"slug": event.slug, "modes": services.attendance_modes(event)}
        for event in Event.objects.filter(pk__in=published.values("pk")).order_by("pk")
        if services.registration_state(event) == services.RegistrationState.OPEN
    ]
    chance = random.Random(7)
    topics = list(Topic.objects.order_by("slug").values_list("slug", flat=True))
    searches = []
    for _ in range(60):
        query = {"q": chance.choice(WORDS), "kind": chance.choice((Kind.EVENT, Kind.STORY))}
        query["topic"] = chance.choice(topics)
        if chance.random() < 0.5:
            query["region"] = chance.choice(Region.values)
        searches.append(reverse("search:search") + "?" + urlencode(query))
    plan = {
        "home": reverse("home"),
        "events": reverse("events:list"),
        "event": pages(Kind.EVENT),
        "resource": pages(Kind.RESOURCE),
        "story": pages(Kind.STORY),
        "search": searches,
        "open_events": open_events,
    }
    if not open_events:
        raise SystemExit("The demo has no event open for registration: nothing to register for.")
    return plan


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (gunicorn's workers, for its master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def _cpu(pid: int, *, reaped: bool = False) -> float:
    """CPU seconds a process has used (with ``reaped``, those of its ended children)."""
    try:
        fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # ended meanwhile
        return 0.0
    first = 13 if reaped else 11  # cutime, cstime, or utime, stime (after pid and name)
    return (int(fields[first]) + int(fields[first + 1])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(master: int) -> dict:
    """CPU used so far by gunicorn's workers (ended ones included), by each PostgreSQL
    backend serving this database, and by this process."""
    backends = {
        int(entry.name): _cpu(int(entry.name))
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and f" {DATABASE} ".encode() in _cmdline(entry)
    }
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "app": sum(_cpu(pid) for pid in children(master)) + _cpu(master, reaped=True),
        "postgresql": backends,
        "load_generator": usage.ru_utime + usage.ru_stime,
    }


def cpu_used(before: dict, after: dict) -> dict:
    """CPU seconds between two ``cpu_seconds``; PostgreSQL's backends that ended meanwhile
    (the killed worker's connections) are left out, so its figure is a little low."""
    pids = after["postgresql"]
    return {
        "app": after["app"] - before["app"],
        "postgresql": sum(pids[pid] - before["postgresql"].get(pid, 0.0) for pid in pids),
        "load_generator": after["load_generator"] - before["load_generator"],
    }


def _cmdline(entry: Path) -> bytes:
    try:
        return (entry / "cmdline").read_bytes()
    except OSError:
        return b""


def start_gunicorn(env: dict, port: int, workers: int, threads: int, log: Path):
    command = [
        str(VENV_BIN / "gunicorn"),
        "crossroads.wsgi",
        *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
        *("--worker-class", "gthread", "--threads", str(threads)),
        *("--timeout", str(TIMEOUT), "--graceful-timeout", "5"),
        *("--error-logfile", str(log)),
    ]
    server = subprocess.Popen(command, env={**os.environ, **env}, start_new_session=True)
    for _ in range(600):
        if server.poll() is not None:
            break
        if len(children(server.pid)) == workers:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
                connection.request("GET", "/", headers={"X-Forwarded-For": "10.255.0.1"})
                if connection.getresponse().status == 200:
                    return server
            except OSError:
                pass
            finally:
                connection.close()
        time.sleep(0.1)
    print(log.read_text()[-3000:] if log.exists() else "", file=sys.stderr)
    stop_gunicorn(server)
    raise SystemExit("gunicorn did not start: see its log above.")


def server_log(log: Path) -> list[str]:
    """gunicorn's warnings and errors (the killed worker's among them)."""
    text = log.read_text() if log.exists() else ""
    return [line for line in text.splitlines() if "[INFO]" not in line][:40]


def stop_gunicorn(server) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def kill_one_worker(master: int, at: float, fault: dict) -> None:
    """At ``at`` (a monotonic time), SIGKILL one of ``master``'s workers; note when its
    replacement appears."""
    time.sleep(max(0.0, at - time.monotonic()))
    before = children(master)
    if not before:  # the run was stopped
        return
    victim = random.Random(3).choice(before)
    os.kill(victim, signal.SIGKILL)
    killed = time.monotonic()
    fault.update(killed_pid=victim, killed_at=killed)
    while time.monotonic() - killed < TIMEOUT:
        new = sorted(set(children(master)) - set(before))
        if new:
            fault.update(replacement_pid=new[0], replaced_after=time.monotonic() - killed)
            return
        time.sleep(0.02)


# -- the figures -------------------------------------------------------------------------
def latency(values: list[float]) -> dict:
    if len(values) < 2:
        return {"count": len(values), "p50_ms": values[0] if values else None}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {
        "count": len(values),
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(cuts[94], 1),
        "p99_ms": round(cuts[98], 1),
        "max_ms": max(values),
    }


def check_registrations(attempts: list[Attempt]) -> dict:
    """What the database holds against what the people saw."""
    from django.db import connection

    from crossroads.events.models import Registration

    rows = list(
        Registration.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").values_list(
            "event__slug", "email"
        )
    )
    connection.close()
    held = set(rows)
    times = Counter(email for _slug, email in rows)
    accepted = {(a.event, a.email) for a in attempts if a.outcome == "accepted"}
    unknown = {(a.event, a.email) for a in attempts if a.outcome == "unknown"}
    refused = {(a.event, a.email) for a in attempts if a.outcome == "refused"}
    return {
        "attempted": len(attempts),
        "accepted": len(accepted),
        "refused": len(refused),
        "outcome_unknown": len(unknown),
        "outcome_unknown_in_database": len(unknown & held),
        "in_database": len(rows),
        "lost": len(accepted - held),
        "duplicated": sum(1 for count in times.values() if count > 1),
        # Stored though refused, or never sent (or for another event): both wrong.
        "unexpected_in_database": len(held - accepted - unknown),
    }


def summarise(run: Run, fault: dict, options, registrations: dict, load: dict) -> dict:
    samples = run.samples
    kinds = sorted({s.kind for s in samples})
    by_kind = {
        kind: {
            **latency([s.ms for s in samples if s.kind == kind and not s.problem]),
            "errors": sum(1 for s in samples if s.kind == kind and s.problem),
        }
        for kind in kinds
    }
    errors = [s for s in samples if s.problem]
    killed_at = fault.get("killed_at", run.started) - run.started
    return {
        "benchmark": "load",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": {
            "cores": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average_before": load["before"],
            "load_average_after": load["after"],
            "note": "server, PostgreSQL, Redis and the load generator on the same machine",
        },
        "settings": {
            "server": f"gunicorn gthread, {options.workers} workers x {options.threads} threads",
            "database": "PostgreSQL (127.0.0.1), CONN_MAX_AGE 60",
            "cache": "Redis (127.0.0.1)",
            "think_seconds": list(THINK),
            "register_every_rounds": REGISTER_EVERY,
            "client_timeout_seconds": TIMEOUT,
            "connection": "one connection per request",
        },
        "users": options.users,
        "duration_seconds": options.duration,
        "requests": len(samples),
        "requests_per_second": round(len(samples) / load["seconds"], 1),
        "all": latency([s.ms for s in samples if not s.problem]),
        # What one request costs, whatever else the machine runs: the capacity of two idle
        # cores is about 2,000 ms over their sum, in requests a second.
        "cpu_ms_per_request": {
            part: round(seconds * 1000 / max(1, len(samples)), 1)
            for part, seconds in load["cpu"].items()
        },
        "kinds": by_kind,
        "errors": len(errors),
        "error_examples": [vars(s) for s in errors[:10]],
        "resets": {
            "count": len(run.resets),
            "by_kind": dict(Counter(r["kind"] for r in run.resets)),
            "seconds_after_kill": sorted({round(r["at"] - killed_at, 1) for r in run.resets}),
            "examples": run.resets[:10],
        },
        "fault": {
            "killed_pid": fault.get("killed_pid"),
            "killed_at_seconds": round(killed_at, 1) if "killed_at" in fault else None,
            "replacement_pid": fault.get("replacement_pid"),
            "replacement_after_seconds": round(fault["replaced_after"], 2)
            if "replaced_after" in fault
            else None,
        },
        "registrations": registrations,
    }


def report(result: dict) -> None:
    print(f"{'request':14} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for kind, row in result["kinds"].items():
        print(
            f"{kind:14} {row['count']:>6} {row.get('p50_ms')!s:>8} {row.get('p95_ms')!s:>8} "
            f"{row.get('p99_ms')!s:>8} {row['errors']:>6}"
        )
    fault, resets, reg = result["fault"], result["resets"], result["registrations"]
    cpu, machine = result["cpu_ms_per_request"], result["machine"]
    print(
        f"CPU per request: app {cpu['app']} ms, PostgreSQL {cpu['postgresql']} ms, load "
        f"generator {cpu['load_generator']} ms; load average {machine['load_average_after']:.1f}."
    )
    print(
        f"{result['requests']} requests by {result['users']} people in "
        f"{result['duration_seconds']} s ({result['requests_per_second']}/s); "
        f"errors: {result['errors']}."
    )
    print(
        f"Worker {fault['killed_pid']} killed at {fault['killed_at_seconds']} s; replaced by "
        f"{fault['replacement_pid']} after {fault['replacement_after_seconds']} s; "
        f"{resets['count']} connections cut (tried again)."
    )
    print(
        f"Registrations: {reg['attempted']} sent, {reg['accepted']} accepted, "
        f"{reg['outcome_unknown']} unknown ({reg['outcome_unknown_in_database']} of them "
        f"stored), {reg['in_database']} in the database; lost {reg['lost']}, "
        f"duplicated {reg['duplicated']}, unexpected {reg['unexpected_in_database']}."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--duration", type=int, default=DURATION, help="seconds")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=THREADS, help="threads per process")
    options = parser.parse_args(argv)

    # Stopped (Ctrl-C, or SIGTERM from a CI runner): gunicorn and the database go too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    folder = tempfile.mkdtemp(prefix="crossroads-bench-load-")
    server = None
    try:
        env, plan = prepare(folder)
        port = free_port()
        log = Path(folder) / "gunicorn.log"
        server = start_gunicorn(env, port, options.workers, options.threads, log)
        warm_up(Run("127.0.0.1", port, plan, 0, 0), options.workers * options.threads)
        load = {"before": os.getloadavg()[0], "cpu": cpu_seconds(server.pid)}
        started = time.monotonic()
        run = Run("127.0.0.1", port, plan, started, started + options.duration)
        fault: dict = {}
        killer = threading.Thread(
            target=kill_one_worker,
            args=(server.pid, started + options.duration / 3, fault),
            daemon=True,
        )
        people = [
            threading.Thread(target=Person(run, number).live, daemon=True)
            for number in range(options.users)
        ]
        print(f"{options.users} people browse for {options.duration} s…")
        for thread in [killer, *people]:
            thread.start()
        for thread in [killer, *people]:
            thread.join()
        load.update(after=os.getloadavg()[0], seconds=time.monotonic() - started)
        load["cpu"] = cpu_used(load["cpu"], cpu_seconds(server.pid))
        registrations = check_registrations(run.attempts)
        result = summarise(run, fault, options, registrations, load)
        result["server_log"] = server_log(log)
    finally:
        if server is not None:
            stop_gunicorn(server)
        _database("drop")
        _flush_cache()
        shutil.rmtree(folder, ignore_errors=True)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    report(result)
    print(f"Results written to {RESULTS}.")
    problems = ("refused", "lost", "duplicated", "unexpected_in_database")
    return 1 if result["errors"] or any(registrations[name] for name in problems) else 0


if __name__ == "__main__":
    sys.exit(main())
