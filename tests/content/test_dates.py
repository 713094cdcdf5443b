import datetime as dt

import pytest
from django.utils import translation

from crossroads.content.dates import (
    DatePrecision,
    format_date,
    format_range,
    parse_partial,
    period_end,
    period_start,
)

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-27", (D(2024, 3, 27), "day")),
        ("2024-03", (D(2024, 3, 1), "month")),
        ("2022", (D(2022, 1, 1), "year")),
        ("  2024-02-29 ", (D(2024, 2, 29), "day")),
    ],
)
def test_parse_partial(text, expected):
    assert parse_partial(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "24",
        "2024-3",
        "2024-03-7",
        "2024/03/27",
        "March 2024",
        "2024-03-27T10:00",
        "2024-13",
        "2023-02-29",
        "2024-00-10",
    ],
)
def test_parse_partial_refuses_anything_else(text):
    with pytest.raises(ValueError):
        parse_partial(text)


@pytest.mark.parametrize(
    ("value", "precision", "start", "end"),
    [
        (D(2024, 3, 17), "day", D(2024, 3, 17), D(2024, 3, 17)),
        (D(2024, 2, 17), "month", D(2024, 2, 1), D(2024, 2, 29)),
        (D(2023, 2, 17), "month", D(2023, 2, 1), D(2023, 2, 28)),
        (D(2024, 12, 5), "month", D(2024, 12, 1), D(2024, 12, 31)),
        (D(2022, 6, 30), "year", D(2022, 1, 1), D(2022, 12, 31)),
    ],
)
def test_period_start_and_end(value, precision, start, end):
    assert (period_start(value, precision), period_end(value, precision)) == (start, end)


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        (D(2019, 2, 27), "day", "27 February 2019"),
        (D(2024, 3, 1), "month", "March 2024"),
        (D(2022, 1, 1), "year", "2022"),
    ],
)
def test_format_date(value, precision, expected):
    assert format_date(value, precision) == expected


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        (D(2022, 5, 17), D(2022, 5, 17), "day", "17 May 2022"),
        (D(2022, 5, 17), None, "day", "17 May 2022"),
        (D(2022, 5, 17), D(2022, 5, 21), "day", "17–21 May 2022"),
        (D(2023, 11, 30), D(2023, 12, 2), "day", "30 November – 2 December 2023"),
        (D(2023, 12, 30), D(2024, 1, 2), "day", "30 December 2023 – 2 January 2024"),
        (D(2024, 3, 1), D(2024, 3, 31), "month", "March 2024"),
        (D(2024, 3, 1), None, "month", "March 2024"),
        (D(2024, 3, 1), D(2024, 5, 31), "month", "March 2024 – May 2024"),
        (D(2024, 11, 1), D(2025, 2, 28), "month", "November 2024 – February 2025"),
        (D(2022, 1, 1), D(2022, 12, 31), "year", "2022"),
        (D(2022, 1, 1), None, "year", "2022"),
        (D(2021, 1, 1), D(2022, 12, 31), "year", "2021–2022"),
    ],
)
def test_format_range(start, end, precision, expected):
    with translation.override("en"):
        assert format_range(start, end, precision) == expected


def test_a_range_is_shown_in_the_active_language_each_time():
    start, end = dt.date(2024, 3, 4), dt.date(2024, 3, 6)

    with translation.override("en"):
        english = format_range(start, end, DatePrecision.DAY)
    with translation.override("fr"):
        french = format_range(start, end, DatePrecision.DAY)
    with translation.override("en"):
        again = format_range(start, end, DatePrecision.DAY)

    assert (english, french, again) == ("4–6 March 2024", "4–6 mars 2024", "4–6 March 2024")
