"""Dates known to a day, a month or a year ("March 2024", "2022"), and how to show them."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

#: Spans of dates remembered per process with how they are shown (a card shows one).
REMEMBERED = 20_000


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial(text: str) -> tuple[dt.date, DatePrecision]:
    """``"2024-03"`` → (2024-03-01, MONTH); ``"2022"`` → (2022-01-01, YEAR)."""
    match = _PARTIAL.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a date like 2024-03-27, 2024-03 or 2024")
    year, month, day = match.groups()
    if day:
        return dt.date(int(year), int(month), int(day)), DatePrecision.DAY
    if month:
        return dt.date(int(year), int(month), 1), DatePrecision.MONTH
    return dt.date(int(year), 1, 1), DatePrecision.YEAR


def period_end(value: dt.date, precision: str) -> dt.date:
    """The last day of the period that ``value`` stands for at ``precision``."""
    if precision == DatePrecision.YEAR:
        return dt.date(value.year, 12, 31)
    if precision == DatePrecision.MONTH:
        return dt.date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])
    return value


def period_start(value: dt.date, precision: str) -> dt.date:
    """The first day of the period that ``value`` stands for at ``precision``."""
    if precision == DatePrecision.YEAR:
        return dt.date(value.year, 1, 1)
    if precision == DatePrecision.MONTH:
        return dt.date(value.year, value.month, 1)
    return value


def format_date(value: dt.date, precision: str, *, language: str | None = None) -> str:
    """One date at its precision, in ``language`` (the active one unless given): "17 May
    2022", "March 2024"."""
    return _range(value, value, precision, language or get_language())


def _one_date(value: dt.date, precision: str) -> str:
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


def format_range(
    start: dt.date, end: dt.date | None, precision: str, *, language: str | None = None
) -> str:
    """A span at its precision, in ``language`` (the active one unless given): "17–21 May
    2022", "March 2024", "2021–2022"."""
    return _range(start, end or start, precision, language or get_language())


@lru_cache(maxsize=REMEMBERED)
def _range(start: dt.date, end: dt.date, precision: str, language: str | None) -> str:
    """``format_range`` in ``language`` (the active one, a key of the cache): Django's
    date formatting costs tens of microseconds a date, and a page shows twenty."""
    if precision == DatePrecision.YEAR:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if precision == DatePrecision.MONTH:
        if (start.year, start.month) == (end.year, end.month):
            return _one_date(start, precision)
        return f"{_one_date(start, precision)} – {_one_date(end, precision)}"
    if start == end:
        return _one_date(start, precision)
    if (start.year, start.month) == (end.year, end.month):
        return f"{date_format(start, 'j')}–{_one_date(end, precision)}"
    if start.year == end.year:
        return f"{date_format(start, 'MONTH_DAY_FORMAT')} – {_one_date(end, precision)}"
    return f"{_one_date(start, precision)} – {_one_date(end, precision)}"
