"""The demo's city profiles (``data/profiles.json``): who each city hosts (figures that
are illustrative, and say so as their source), the needs editors noted for it, and how the
answers to the HMLN survey read as needs; then peer matching's derived data is rebuilt
(experience from every published item, needs from survey answers and pledges).

A record is a city (``city``, ``hosts``, ``needs``) or a network (``network``,
``readings``); what a record no longer lists is deleted.
"""

from __future__ import annotations

from collections import Counter

from crossroads.demo.dataset import DemoDataError, read_records
from crossroads.demo.loader import Loader, Unresolved, keep_only, upsert
from crossroads.directory.models import Network
from crossroads.engagement.models import Choice
from crossroads.matching import services, upkeep
from crossroads.matching.models import CityNeed, DisplacementFigure, NeedReading, NeedSource

FILE = "profiles.json"


def _key(data: dict) -> str:
    if "network" in data:
        return f"network {data['network']}"
    city = data.get("city") or {}
    return f"{city.get('name')} ({city.get('country')})"


def load_profiles(loader: Loader) -> None:
    records = read_records(loader.data_dir, FILE)
    for key, count in Counter(_key(data) for data in records).items():
        if count > 1:
            raise DemoDataError(FILE, key, f"{count} records are about it")
    for data in records:
        with loader.record(FILE, _key(data)):
            if "network" in data:
                _readings(loader, data)
            else:
                _city(loader, data)
    services.rebuild()
    # The rebuild counted what the load changed: nothing is left for after the commit.
    upkeep.forget()


def _city(loader: Loader, data: dict) -> None:
    city = loader.city(data["city"])
    figures = [
        upsert(
            DisplacementFigure,
            city=city,
            group=host["group"],
            year=host["year"],
            defaults={
                "people": host["people"],
                "source_name": host["source"],
                "source_url": host.get("source_url", ""),
            },
        )
        for host in data["hosts"]
    ]
    keep_only(city.displacement.all(), figures)
    needs = [
        upsert(
            CityNeed,
            city=city,
            topic=loader.get(loader.topics, need["topic"], "topic"),
            source=NeedSource.EDITOR,
            defaults={"year": need["year"], "note": need["note"]},
        )
        for need in data["needs"]
    ]
    keep_only(CityNeed.objects.filter(city=city, source=NeedSource.EDITOR), needs)


def _readings(loader: Loader, data: dict) -> None:
    network = Network.objects.filter(slug=data["network"]).first()
    if network is None:
        raise Unresolved(f"unknown network {data['network']!r}")
    kept = []
    for reading in data["readings"]:
        question, choice = reading["question"], reading["choice"]
        if not Choice.objects.filter(
            question__survey__network=network, question__code=question, code=choice
        ).exists():
            raise Unresolved(f"no survey of the network asks {question!r} with choice {choice!r}")
        kept.append(
            upsert(
                NeedReading,
                network=network,
                question_code=question,
                choice_code=choice,
                topic=loader.get(loader.topics, reading["topic"], "topic"),
            )
        )
    keep_only(network.need_readings.all(), kept)
