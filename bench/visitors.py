"""The simulated people of the load test (``bench.load``): each a thread that browses
the site with pauses and now and then registers for an event, as a browser would (its own
cookies, the form's CSRF token, the redirect followed), one connection per request.

A request cut off at the connection (a worker killed under it) is tried once more; every
request is recorded with its kind, status, latency and problem, every registration sent
with its outcome as the person saw it.
"""

from __future__ import annotations

import gzip
import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

THINK = (1.0, 3.0)  # seconds between two pages, uniformly
REGISTER_EVERY = 2  # one round of pages in this many holds a registration
TIMEOUT = 30  # seconds a request may take before it counts as an error
EMAIL_DOMAIN = "load.example.org"


@dataclass
class Sample:
    kind: str
    status: int | None
    ms: float
    at: float  # seconds since the start of the run
    problem: str = ""  # "" when as expected; else "status", "timeout" or "connection"


@dataclass
class Attempt:
    email: str
    event: str
    outcome: str = "unknown"  # "accepted", "refused" or "unknown" (the connection failed)


@dataclass
class Run:
    host: str
    port: int
    plan: dict
    started: float
    deadline: float
    samples: list[Sample] = field(default_factory=list)
    resets: list[dict] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)


class Person:
    def __init__(self, run: Run, number: int):
        self.run = run
        self.number = number
        self.chance = random.Random(number)
        self.address = f"10.{number // 62500}.{number // 250 % 250}.{number % 250 + 1}"
        self.cookies: dict[str, str] = {}
        self.registrations = 0

    def send(self, method: str, path: str, body: str | None) -> tuple[int, dict, bytes]:
        headers = {
            "Host": self.run.host,
            "X-Forwarded-For": self.address,
            "Accept-Encoding": "gzip",
            "Accept-Language": "en",
            "User-Agent": "crossroads-load",
            "Connection": "close",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.run.host, self.run.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or ():
            cookie = SimpleCookie(value)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        if response.getheader("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        return response.status, dict(response.getheaders()), data

    def exchange(self, kind: str, method: str, path: str, expect: int, body: str | None = None):
        """One request as a browser makes it, tried again once if the connection is cut.
        Returns the response (status, headers, body) and "" when its status is ``expect``,
        else None and the problem: "status", "timeout" or "connection" (an error)."""
        retried = False
        while True:
            began = time.monotonic()
            at = began - self.run.started
            try:
                status, headers, data = self.send(method, path, body)
            except TimeoutError:
                self.record(kind, None, began, at, "timeout")
                return None, "timeout"
            except (OSError, http.client.HTTPException) as error:
                self.run.resets.append(
                    {"kind": kind, "at": round(at, 2), "error": type(error).__name__}
                )
                if not retried:
                    retried = True
                    continue
                self.record(kind, None, began, at, "connection")
                return None, "connection"
            problem = "" if status == expect else "status"
            self.record(kind, status, began, at, problem)
            return (None if problem else (status, headers, data)), problem

    def record(self, kind: str, status: int | None, began: float, at: float, problem: str):
        ms = (time.monotonic() - began) * 1000
        self.run.samples.append(Sample(kind, status, round(ms, 1), round(at, 2), problem))

    def pause(self) -> bool:
        """Think between two pages; False once the run is over."""
        time.sleep(self.chance.uniform(*THINK))
        return time.monotonic() < self.run.deadline

    def browse(self, register_at: int | None) -> bool:
        """One round of pages, with a registration before step ``register_at`` (if any:
        at a random step, so that registrations go on all through the run)."""
        plan = self.run.plan
        steps = (
            ("home", plan["home"]),
            ("events", plan["events"]),
            ("event", self.chance.choice(plan["event"])),
            ("search", self.chance.choice(plan["search"])),
            ("resource", self.chance.choice(plan["resource"])),
            ("story", self.chance.choice(plan["story"])),
        )
        for step, (kind, path) in enumerate(steps):
            if step == register_at:
                self.register()
                if not self.pause():
                    return False
            self.exchange(kind, "GET", path, 200)
            if not self.pause():
                return False
        return True

    def register(self) -> None:
        event = self.chance.choice(self.run.plan["open_events"])
        path = f"/events/{event['slug']}/register/"
        form, _problem = self.exchange("register_form", "GET", path, 200)
        if form is None or not self.pause():
            return
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form[2])
        self.registrations += 1
        attempt = Attempt(f"person{self.number}-{self.registrations}@{EMAIL_DOMAIN}", event["slug"])
        self.run.attempts.append(attempt)
        fields = {
            "csrfmiddlewaretoken": token.group(1).decode() if token else "",
            "name": f"Person {self.number}",
            "email": attempt.email,
            "organisation": "Municipality of Load",
            "city": "Arua",
            "attendance_mode": self.chance.choice(event["modes"]),
            "language": "en",
            "consent": "on",
        }
        sent, problem = self.exchange("register_post", "POST", path, 302, body=urlencode(fields))
        if sent is None:
            # Refused by the site (a form error): nothing stored. Cut off or timed out: the
            # database says whether it was stored.
            attempt.outcome = "refused" if problem == "status" else "unknown"
            return
        location = sent[1].get("Location", "")
        if not location.endswith(f"/events/{event['slug']}/register/sent/"):
            attempt.outcome = "refused"
            return
        attempt.outcome = "accepted"
        self.exchange("register_sent", "GET", location, 200)

    def live(self) -> None:
        time.sleep(self.chance.uniform(0, THINK[1]))  # people arrive over a few seconds
        rounds = 0
        while time.monotonic() < self.run.deadline:
            registers = (rounds + self.number) % REGISTER_EVERY == 0
            if not self.browse(self.chance.randrange(6) if registers else None):
                return
            rounds += 1


def warm_up(run: Run, threads: int) -> None:
    """Each page kind a few times from ``threads`` people at once, not counted: what
    running workers have done before the people arrive (templates read, connections open)."""
    visitors = [Person(run, 100_000 + number) for number in range(threads)]

    def visit(person: Person) -> None:
        for kind in ("home", "events", "event", "search", "resource", "story"):
            choices = run.plan[kind]
            for _ in range(3):
                path = choices if isinstance(choices, str) else person.chance.choice(choices)
                person.send("GET", path, None)

    pool = [threading.Thread(target=visit, args=(person,)) for person in visitors]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
