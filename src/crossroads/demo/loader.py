"""What a load of the demo dataset keeps as it goes: the records loaded so far, by the
keys the dataset refers to them with, and the helpers that save rows validated."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models

from crossroads.demo.dataset import Calendar, DemoDataError, read_records
from crossroads.directory.models import City, Office, Organisation, Person
from crossroads.events.models import Event
from crossroads.library.models import Resource
from crossroads.taxonomy.models import Framework, Objective, Topic


@dataclass
class LoadReport:
    """How many records of each kind the dataset holds, now in the database."""

    countries: int = 0
    topics: int = 0
    frameworks: int = 0
    objectives: int = 0
    organisations: int = 0
    cities: int = 0
    people: int = 0
    networks: int = 0
    resources: int = 0
    versions: int = 0
    events: int = 0
    programmes: int = 0
    sessions: int = 0
    stories: int = 0

    def as_dict(self) -> dict[str, int]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


class Unresolved(Exception):
    """A reference to a record that does not exist; reported with the record it is in."""


class Loader:
    def __init__(self, *, data_dir: Path, calendar: Calendar) -> None:
        self.data_dir = data_dir
        self.calendar = calendar
        self.report = LoadReport()
        #: Names of the files written, removed again when the load fails.
        self.written: list[str] = []
        self.countries: set[str] = set()
        self.topics: dict[str, Topic] = {}
        self.frameworks: dict[str, Framework] = {}
        self.objectives: dict[str, Objective] = {}
        self.organisations: dict[str, Organisation] = {}
        self.cities: dict[tuple[str, str], City] = {}
        self.people: dict[str, Person] = {}
        self.offices: dict[tuple, Office] = {}
        self.resources: dict[str, Resource] = {}
        self.events: dict[str, Event] = {}

    def read(self, name: str, key: str) -> list[dict]:
        """The records of file ``name``, checked to have distinct ``key`` values."""
        records = read_records(self.data_dir, name)
        for value, count in Counter(record.get(key) for record in records).items():
            if count > 1:
                raise DemoDataError(name, str(value), f"{count} records share this {key}")
        return records

    @contextmanager
    def record(self, file: str, key: object) -> Iterator[None]:
        """Report any problem inside as DemoDataError naming ``file`` and the record."""
        try:
            yield
        except Unresolved as error:
            raise DemoDataError(file, str(key), str(error)) from None
        except ValidationError as error:
            raise DemoDataError(file, str(key), describe(error)) from error
        except KeyError as error:
            raise DemoDataError(file, str(key), f"the field {error} is missing") from error
        except ValueError as error:
            raise DemoDataError(file, str(key), str(error)) from error

    # -- references: each raises Unresolved for a record the dataset lacks ------
    @staticmethod
    def get(table: dict, key, what: str):
        try:
            return table[key]
        except KeyError:
            raise Unresolved(f"unknown {what} {key!r}") from None

    def organisation(self, slug: str | None) -> Organisation | None:
        return self.get(self.organisations, slug, "organisation") if slug else None

    def person(self, slug: str | None) -> Person | None:
        return self.get(self.people, slug, "person") if slug else None

    def event(self, slug: str | None) -> Event | None:
        return self.get(self.events, slug, "event") if slug else None

    def city(self, ref: dict | None) -> City | None:
        if not ref:
            return None
        key = (ref["name"], ref["country"])
        if key not in self.cities:
            raise Unresolved(f"unknown city {key[0]!r} ({key[1]})")
        return self.cities[key]

    def country(self, code: str | None) -> str | None:
        if code and code not in self.countries:
            raise Unresolved(f"unknown country code {code!r}")
        return code or None

    def office(self, ref: dict | None) -> Office | None:
        """The office named by ``ref``, created the first time it is named."""
        if not ref:
            return None
        city, organisation = self.city(ref["city"]), self.organisation(ref["organisation"])
        key = (ref["title"], city, organisation)
        if key not in self.offices:
            self.offices[key] = upsert(
                Office, title=ref["title"], city=city, organisation=organisation
            )
        return self.offices[key]


def save(instance: models.Model) -> models.Model:
    """Save ``instance`` once the model's own rules (``full_clean``) hold."""
    instance.full_clean()
    instance.save()
    return instance


def upsert(model: type[models.Model], defaults: dict | None = None, **lookup) -> models.Model:
    """``update_or_create`` that validates the row (``full_clean``) before saving it, and
    leaves alone a row that holds these values already (its ``updated_at`` too)."""
    defaults = defaults or {}
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup)
    elif not any(_differs(instance, name, value) for name, value in defaults.items()):
        return instance
    for name, value in defaults.items():
        setattr(instance, name, value)
    return save(instance)


def set_parent(instance: models.Model, parent: models.Model | None) -> None:
    """Point ``instance`` at its ``parent``, once every record of the kind exists."""
    if instance.parent_id != (parent.pk if parent else None):
        instance.parent = parent
        instance.full_clean()
        instance.save(update_fields=["parent"])


def keep_only(queryset: models.QuerySet, kept: Iterable[models.Model]) -> None:
    """Delete the rows of ``queryset`` that are not ``kept``: what the dataset dropped."""
    queryset.exclude(pk__in=[instance.pk for instance in kept]).delete()


def _differs(instance: models.Model, name: str, value) -> bool:
    field = instance._meta.get_field(name)
    if field.is_relation and name == field.name:
        # Compare the ids: reading the relation would fetch the related row.
        return getattr(instance, field.attname) != (value.pk if value is not None else None)
    return getattr(instance, name) != value


def describe(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
