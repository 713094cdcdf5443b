"""Reading the demo dataset: its files, its dates, and the errors it can raise."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from crossroads.content.dates import DatePrecision, parse_partial, period_end

#: Where the dataset ships, inside the package.
DATA_DIR = Path(__file__).resolve().parent / "data"

_RELATIVE = re.compile(r"^([+-]\d+)d$")
_PUBLICATION_TIME = dt.time(9, 0, tzinfo=dt.UTC)
#: Events dated relative to today were announced a week before it.
RELATIVE_PUBLICATION = dt.timedelta(days=7)


class DemoDataError(Exception):
    """The dataset cannot be loaded; the message names the file, the record and the problem."""

    def __init__(self, file: str, record: str | None, problem: str) -> None:
        where = f"{file}, record {record!r}" if record else file
        super().__init__(f"{where}: {problem}")
        self.file, self.record, self.problem = file, record, problem


def read_records(data_dir: Path, name: str) -> list[dict]:
    """The records of one file of the dataset: a JSON array of objects."""
    path = data_dir / name
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DemoDataError(name, None, f"the file is missing from {data_dir}") from None
    except json.JSONDecodeError as error:
        raise DemoDataError(name, None, f"this is not valid JSON ({error})") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise DemoDataError(name, None, "expected a list of records ([{…}, …])")
    return records


class Calendar:
    """Dates of the dataset: "2024-03-27", "2024-03", "2024", or "+30d" (days from today)."""

    def __init__(self, today: dt.date) -> None:
        self.today = today

    def parse(self, text: str) -> tuple[dt.date, DatePrecision, bool]:
        """The date, its precision, and whether it was given relative to today."""
        relative = _RELATIVE.match(text.strip())
        if relative:
            return self.today + dt.timedelta(days=int(relative[1])), DatePrecision.DAY, True
        try:
            day, precision = parse_partial(text)
        except ValueError:
            raise ValueError(
                f"{text!r} is not a date like 2024-03-27, 2024-03, 2024 or +30d (days from today)"
            ) from None
        return day, precision, False

    def day_within(self, text: str, precision: str) -> dt.date:
        """A day of an event known to ``precision``: a full date, or one at the event's own
        precision ("2022" in a programme of 2022), kept as the first day of that period."""
        day, given, _ = self.parse(text)
        if given not in (DatePrecision.DAY, precision):
            raise ValueError(
                f"{text!r} must be a full date like 2024-03-27, or a date known to the "
                f"{precision} as the event's dates are"
            )
        return day

    def start(self, text: str | None) -> dt.date | None:
        """The first day of a period ("from")."""
        return self.parse(text)[0] if text else None

    def end(self, text: str | None) -> dt.date | None:
        """The last day of a period ("to"): "2022" ends on 31 December 2022."""
        if not text:
            return None
        day, precision, _ = self.parse(text)
        return period_end(day, precision)

    def published_at(self, text: str | None) -> dt.datetime | None:
        """A publication date as a moment: 09:00 UTC on that day."""
        return dt.datetime.combine(self.parse(text)[0], _PUBLICATION_TIME) if text else None

    def announced_at(self) -> dt.datetime:
        """When an event dated relative to today was published."""
        return dt.datetime.combine(self.today - RELATIVE_PUBLICATION, _PUBLICATION_TIME)


def parse_time(text: str | None) -> dt.time | None:
    """A local time "09:30", or None."""
    return dt.time.fromisoformat(text) if text else None


def directory_records(data_dir: Path = DATA_DIR) -> tuple[list[dict], list[dict]]:
    """The dataset's organisations and cities as plain records with their aliases, the
    shape ``crossroads.ingest.directory.Directory.from_records`` reads: pages can be read
    against the demo directory without a database (tests, the importer's benchmark)."""
    organisations = [
        {
            "id": None,
            "name": record["name"],
            "acronym": record.get("acronym"),
            "aliases": [alias["name"] for alias in record.get("aliases", ())],
        }
        for record in read_records(data_dir, "organisations.json")
    ]
    cities = [
        {
            "id": None,
            "name": record["name"],
            "country": record["country"],
            "geonameid": record.get("geonameid"),
            "aliases": [alias["name"] for alias in record.get("aliases", ())],
        }
        for record in read_records(data_dir, "cities.json")
    ]
    return organisations, cities
