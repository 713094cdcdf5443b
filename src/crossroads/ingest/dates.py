"""Dates as pages state them, at the precision they state them.

Patterns find where a text names a date ("Feb 27, 2019", "5-7 December 2018",
"27 février 2019 à 10h00", "March 2024"); ``dateparser``, told the page's language,
reads each one. A date is reported as ISO 8601 truncated to what was stated: "2019-02-27",
"2024-03", "2022", or a datetime with its offset when a time and a zone were stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from dateparser.date import DateDataParser

_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    r"novembre|décembre|decembre|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|janv|févr|fevr|avr|juil|déc"
)
MONTH = rf"(?:{_MONTHS})\.?"
_WEEKDAY = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|"
    r"sat|sun|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\.?,?\s+)?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er)?"
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_TO = r"\s*(?:-|–|—|to|au|and|et|until|jusqu'au)\s*"
_TIME = (
    r"(?:\s*(?:,|at|à|from|de|-|–)?\s*(?P<time>(?:[01]?\d|2[0-3])(?:[:.h][0-5]\d|\s*[ap]\.?m\.?)"
    r"(?:\s*[ap]\.?m\.?)?)"
    r"(?:\s*\(?\s*(?P<zone>(?:UTC|GMT)(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?|CET|CEST|EAT|WAT|CAT|"
    r"EET|EEST|BST|WET|WEST|SAST|GST|AST)\s*\)?)?)?"
)

PATTERNS = (
    # 5-7 December 2018 · 5 au 7 décembre 2018
    re.compile(
        rf"\b(?P<d1>{_DAY}){_TO}(?P<d2>{_DAY})\s+(?P<m>{MONTH})\s*,?\s*(?P<y>{_YEAR})\b",
        re.IGNORECASE,
    ),
    # 30 November – 2 December 2018
    re.compile(
        rf"\b(?P<d1>{_DAY})\s+(?P<m1>{MONTH}){_TO}(?P<d2>{_DAY})\s+(?P<m>{MONTH})\s*,?\s*"
        rf"(?P<y>{_YEAR})\b",
        re.IGNORECASE,
    ),
    # March 12-14, 2024
    re.compile(
        rf"\b(?P<m>{MONTH})\s+(?P<d1>{_DAY}){_TO}(?P<d2>{_DAY}),?\s+(?P<y>{_YEAR})\b",
        re.IGNORECASE,
    ),
    # Monday 27 February 2019, 10:00 CET · 27 février 2019 à 10h00
    re.compile(
        rf"\b{_WEEKDAY}(?P<d>{_DAY})\s+(?P<m>{MONTH})\s*,?\s*(?P<y>{_YEAR})\b{_TIME}",
        re.IGNORECASE,
    ),
    # Feb 27, 2019 · February 27th 2019 at 2:30 pm
    re.compile(
        rf"\b{_WEEKDAY}(?P<m>{MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})\b{_TIME}",
        re.IGNORECASE,
    ),
    # 2019-02-27 · 2019-02-27T10:00+01:00
    re.compile(
        r"\b(?P<iso>(?P<y>\d{4})-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)"
        r"(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:Z|[+-]\d\d:?\d\d)?)?)\b"
    ),
    # 27/02/2019 (day first, as outside the United States)
    re.compile(rf"\b(?P<dmy>{_DAY}[/.](?:0?[1-9]|1[0-2])[/.](?P<y>{_YEAR}))\b"),
    # March 2024 · décembre 2018
    re.compile(rf"\b(?P<m>{MONTH})\s+(?P<y>{_YEAR})\b", re.IGNORECASE),
)
#: Times with the zone they are stated in: "14:00–16:00 EAT", "10h00 à 12h00 (UTC+1)".
_CLOCK = r"(?:[01]?\d|2[0-3])(?:[:.h][0-5]\d)(?:\s*[ap]\.?m\.?)?|(?:1[0-2]|0?[1-9])\s*[ap]\.?m\.?"
_ZONE = (
    r"(?:UTC|GMT)(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?|CET|CEST|EAT|WAT|CAT|EET|EEST|BST|WET|"
    r"WEST|SAST|GST|AST"
)
TIMES = re.compile(
    rf"(?P<t1>{_CLOCK})(?:\s*(?:-|–|—|to|à|au)\s*(?P<t2>{_CLOCK}))?\s*\(?\s*(?P<zone>{_ZONE})\b",
    re.IGNORECASE,
)
YEAR = re.compile(rf"(?<![\d/.-]){_YEAR}(?![\d/-])")


@dataclass(frozen=True)
class FoundDate:
    """A date a text states: ``start`` (and ``end`` for a range) as truncated ISO 8601."""

    start: str
    end: str | None
    offset: int
    end_offset: int

    @property
    def precision(self) -> str:
        return precision(self.start)


def precision(value: str) -> str:
    """ "day", "month", "year" or "time" for a truncated ISO 8601 value."""
    if "T" in value:
        return "time"
    return {4: "year", 7: "month"}.get(len(value), "day")


def find_dates(text: str, language: str, offset: int = 0) -> list[FoundDate]:
    """Every date ``text`` states, in order, the most precise reading of each place."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            date = _read(match, language)
            if date:
                taken.append((start, end))
                found.append(FoundDate(date[0], date[1], start + offset, end + offset))
    return sorted(found, key=lambda d: d.offset)


def find_years(text: str, offset: int = 0) -> list[FoundDate]:
    """Years standing alone ("Africities 2022"), for titles and labelled fields."""
    return [
        FoundDate(m.group(), None, m.start() + offset, m.end() + offset)
        for m in YEAR.finditer(text)
    ]


def parse(value: str, language: str) -> str | None:
    """One stated date, as truncated ISO 8601, or None when it is not a date."""
    dates = find_dates(value, language)
    if dates:
        return dates[0].start
    years = find_years(value)
    return years[0].start if years else None


def at_times(day: str, text: str, language: str) -> tuple[str, str | None] | None:
    """The start (and end) on ``day`` ("2024-11-05") of the times ``text`` states with
    their zone ("14:00–16:00 EAT"), as datetimes with offsets; None when ``text`` states
    no time with a zone (a time without its zone is not a moment)."""
    match = TIMES.search(text)
    if match is None:
        return None
    zone = match.group("zone")
    start = _dateparser(f"{day} {_clock(match.group('t1'))} {zone}", language)
    if start is None or "T" not in start:
        return None
    end = (
        _dateparser(f"{day} {_clock(match.group('t2'))} {zone}", language)
        if match.group("t2")
        else None
    )
    return start, end if end and "T" in end else None


def _clock(value: str) -> str:
    """ "14h00" → "14:00": the form dateparser reads in every language."""
    return re.sub(r"(?<=\d)[h.](?=\d\d)", ":", value)


def normalise(value: str) -> str | None:
    """A date a format states (ISO 8601: a calendar's DTSTART, schema.org's startDate),
    in the form the record uses: a datetime to the minute with its offset, or the date,
    month or year as stated; None when it is not ISO 8601."""
    if re.fullmatch(r"\d{4}(-\d\d){0,2}", value):
        return value
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.isoformat(timespec="minutes") if moment.tzinfo else moment.date().isoformat()


def _read(match: re.Match, language: str) -> tuple[str, str | None] | None:
    groups = match.groupdict()
    if groups.get("iso"):
        return _iso(match.group("iso"), language), None
    if groups.get("dmy"):
        return _dateparser(match.group("dmy"), language, day_first=True), None
    year, month = groups["y"], groups.get("m")
    if groups.get("d1"):
        first_month = groups.get("m1") or month
        start = _dateparser(f"{_digits(groups['d1'])} {first_month} {year}", language)
        end = _dateparser(f"{_digits(groups['d2'])} {month} {year}", language)
        if start and end and start <= end:
            return start, end
        return None
    if groups.get("d"):
        text = f"{_digits(groups['d'])} {month} {year}"
        if groups.get("time") and groups.get("zone"):
            text += f" {groups['time']} {groups['zone']}"
        return _dateparser(text, language), None
    value = _dateparser(f"{month} {year}", language)
    return (value[:7], None) if value else None


def _digits(day: str) -> str:
    return re.sub(r"\D", "", day)


def _iso(value: str, language: str) -> str | None:
    return _dateparser(value, language) if len(value) == 10 else normalise(value)


@cache
def _parser(language: str, day_first: bool) -> DateDataParser:
    languages = [language] if language in ("en", "fr") else ["en", "fr"]
    settings = {"RETURN_TIME_AS_PERIOD": True, "PREFER_DAY_OF_MONTH": "first"}
    if day_first:
        settings["DATE_ORDER"] = "DMY"
    return DateDataParser(languages=languages, settings=settings)


@cache
def _dateparser(text: str, language: str, day_first: bool = False) -> str | None:
    """``text`` read by dateparser, truncated to the period it states."""
    data = _parser(language, day_first).get_date_data(text)
    moment = data.date_obj
    if moment is None:
        # A French month on an English page ("27 février 2019"): try the other language.
        other = "fr" if language == "en" else "en"
        data = _parser(other, day_first).get_date_data(text)
        moment = data.date_obj
        if moment is None:
            return None
    if data.period == "time" and moment.tzinfo is not None:
        return moment.isoformat(timespec="minutes")
    if data.period == "month":
        return moment.strftime("%Y-%m")
    if data.period == "year":
        return moment.strftime("%Y")
    return moment.date().isoformat()
