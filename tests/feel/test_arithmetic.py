"""Arithmetic on FEEL values: exact decimals, dates and durations, null when undefined."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from engine.feel.arithmetic import binary, negate
from engine.feel.values import DaysTimeDuration, YearsMonthsDuration

D = Decimal
DAY = D(86400)
UTC = dt.UTC


def days(n: int | str) -> DaysTimeDuration:
    return DaysTimeDuration(D(n) * DAY)


@pytest.mark.parametrize(
    ("op", "a", "b", "result"),
    [
        ("+", D("0.1"), D("0.2"), D("0.3")),
        ("+", 1, 2.5, D("3.5")),
        ("-", D(1), D("0.9"), D("0.1")),
        ("*", D("1.1"), D("1.1"), D("1.21")),
        ("/", D(1), D(8), D("0.125")),
        ("/", D(1), D(0), None),
        ("**", D(2), D("0.5"), D("1.414213562373095048801688724209698")),
        ("+", "a", "b", "ab"),
        ("+", "a", D(1), None),
        ("-", "a", "b", None),
        ("+", None, D(1), None),
        ("+", D(1), None, None),
        ("+", True, True, None),
        ("*", [1], D(2), None),
    ],
)
def test_numbers_and_strings(op: str, a: Any, b: Any, result: Any) -> None:
    assert binary(op, a, b) == result


def test_precision_is_34_digits() -> None:
    third = binary("/", D(1), D(3))
    assert len(third.as_tuple().digits) == 34
    assert binary("*", D(10) ** 6000, D(10) ** 6000) is None  # overflow is null


@pytest.mark.parametrize(
    ("op", "a", "b", "result"),
    [
        ("+", dt.date(2015, 1, 31), days(1), dt.date(2015, 2, 1)),
        ("+", days(1), dt.date(2015, 1, 31), dt.date(2015, 2, 1)),
        ("-", dt.date(2015, 3, 1), days(1), dt.date(2015, 2, 28)),
        ("+", dt.date(2015, 1, 1), DaysTimeDuration(D(36 * 3600)), dt.date(2015, 1, 2)),
        ("+", dt.date(2015, 1, 31), YearsMonthsDuration(1), dt.date(2015, 2, 28)),
        ("-", dt.date(2016, 3, 31), YearsMonthsDuration(1), dt.date(2016, 2, 29)),
        ("+", dt.date(2015, 11, 15), YearsMonthsDuration(3), dt.date(2016, 2, 15)),
        ("-", dt.date(2015, 3, 16), dt.date(2015, 3, 1), days(15)),
        ("-", dt.date(2015, 3, 1), dt.date(2015, 3, 16), days(-15)),
        ("+", dt.datetime(2015, 1, 1, 23), DaysTimeDuration(D(3600)), dt.datetime(2015, 1, 2)),
        (
            "-",
            dt.datetime(2015, 1, 2, tzinfo=UTC),
            dt.datetime(2015, 1, 1, 22, tzinfo=dt.timezone(dt.timedelta(hours=-2))),
            DaysTimeDuration(D(0)),
        ),
        ("-", dt.datetime(2015, 1, 2, tzinfo=UTC), dt.datetime(2015, 1, 1), None),
        ("+", dt.time(23, 30), DaysTimeDuration(D(3600)), dt.time(0, 30)),
        ("-", dt.time(10, 30), dt.time(10), DaysTimeDuration(D(1800))),
        ("-", dt.time(10, 30), dt.time(10, tzinfo=UTC), None),
        ("+", YearsMonthsDuration(11), YearsMonthsDuration(2), YearsMonthsDuration(13)),
        ("-", days(2), days(3), days(-1)),
        ("+", YearsMonthsDuration(1), days(1), None),
        ("*", days(2), D("1.5"), days(3)),
        ("*", D(2), YearsMonthsDuration(5), YearsMonthsDuration(10)),
        ("/", days(3), D(2), DaysTimeDuration(D("1.5") * DAY)),
        ("/", YearsMonthsDuration(12), YearsMonthsDuration(4), D(3)),
        ("/", days(1), days(0), None),
        ("/", YearsMonthsDuration(12), D(0), None),
        ("-", days(1), dt.date(2015, 1, 1), None),
        ("+", dt.date(2015, 1, 1), dt.date(2015, 1, 1), None),
        ("+", dt.date(2015, 1, 1), D(1), None),
        ("+", dt.date.max, days(1), None),
    ],
)
def test_dates_and_durations(op: str, a: Any, b: Any, result: Any) -> None:
    assert binary(op, a, b) == result


@pytest.mark.parametrize(
    ("value", "result"),
    [
        (D(5), D(-5)),
        (3, D(-3)),
        (YearsMonthsDuration(2), YearsMonthsDuration(-2)),
        (days(1), days(-1)),
        ("a", None),
        (None, None),
        (True, None),
    ],
)
def test_negate(value: Any, result: Any) -> None:
    assert negate(value) == result
