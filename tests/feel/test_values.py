"""FEEL values: durations, type names, ordering, equality, printing, conversion, gaps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from engine.feel import parse_literal, parse_literal_list
from engine.feel.values import (
    DaysTimeDuration,
    YearsMonthsDuration,
    above,
    below,
    compare,
    equal,
    from_python,
    midpoint,
    parse_duration,
    to_feel_literal,
    type_name,
)

D = Decimal
UTC = dt.UTC
PLUS2 = dt.timezone(dt.timedelta(hours=2))

# --- durations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "canonical"),
    [
        ("P1M", YearsMonthsDuration(1), "P1M"),
        ("P1Y2M", YearsMonthsDuration(14), "P1Y2M"),
        ("P2Y", YearsMonthsDuration(24), "P2Y"),
        ("P14M", YearsMonthsDuration(14), "P1Y2M"),
        ("P0Y", YearsMonthsDuration(0), "P0M"),
        ("-P1Y", YearsMonthsDuration(-12), "-P1Y"),
        ("P42D", DaysTimeDuration(D(42 * 86400)), "P42D"),
        ("PT10H", DaysTimeDuration(D(36000)), "PT10H"),
        ("P1DT2H3M4.5S", DaysTimeDuration(D("93784.5")), "P1DT2H3M4.5S"),
        ("PT36H", DaysTimeDuration(D(36 * 3600)), "P1DT12H"),
        ("PT0S", DaysTimeDuration(D(0)), "PT0S"),
        ("P0D", DaysTimeDuration(D(0)), "PT0S"),
        ("-P1D", DaysTimeDuration(D(-86400)), "-P1D"),
        ("PT0.25S", DaysTimeDuration(D("0.25")), "PT0.25S"),
    ],
)
def test_duration_text(text: str, value: object, canonical: str) -> None:
    assert parse_duration(text) == value
    assert str(value) == canonical
    assert parse_duration(canonical) == value


@pytest.mark.parametrize(
    "text", ["P1M2D", "P1YT1H", "P", "PT", "-P", "P1", "1D", "P1.5Y", "", "P1DT"]
)
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_durations_order_within_their_kind_only() -> None:
    assert YearsMonthsDuration(1) < YearsMonthsDuration(2)
    assert DaysTimeDuration(D(1)) < DaysTimeDuration(D(2))
    assert compare(YearsMonthsDuration(1), DaysTimeDuration(D(86400 * 40))) is None
    assert compare(YearsMonthsDuration(0), DaysTimeDuration(D(0))) is None
    assert equal(YearsMonthsDuration(0), DaysTimeDuration(D(0))) is None


# --- type names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (D(1), "number"),
        (1, "number"),
        (1.5, "number"),
        ("a", "string"),
        (True, "boolean"),
        (None, "null"),
        (dt.date(2015, 1, 1), "date"),
        (dt.time(10, 30), "time"),
        (dt.datetime(2015, 1, 1, 10, 30), "date and time"),
        (DaysTimeDuration(D(1)), "days and time duration"),
        (YearsMonthsDuration(1), "years and months duration"),
        ([1, 2], "list"),
        ((), "list"),
        ({"a": 1}, "context"),
    ],
)
def test_type_name(value: object, name: str) -> None:
    assert type_name(value) == name


def test_type_name_of_a_non_feel_value() -> None:
    with pytest.raises(TypeError):
        type_name(object())


# --- compare and equal ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "order"),
    [
        (D(1), D(2), -1),
        (D("2.0"), D(2), 0),
        (D(1), 2, -1),
        (D("0.1"), 0.1, 0),
        ("b", "a", 1),
        ("B", "a", -1),  # code point order
        (dt.date(2015, 1, 2), dt.date(2015, 1, 1), 1),
        (dt.time(10), dt.time(11), -1),
        (dt.time(10, tzinfo=UTC), dt.time(11, tzinfo=PLUS2), 1),
        (dt.datetime(2015, 1, 1, 12, tzinfo=UTC), dt.datetime(2015, 1, 1, 14, tzinfo=PLUS2), 0),
        (YearsMonthsDuration(12), YearsMonthsDuration(11), 1),
    ],
)
def test_compare(a: object, b: object, order: int) -> None:
    assert compare(a, b) == order
    assert compare(b, a) == -order


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (None, None),
        (None, D(1)),
        (D(1), "1"),
        (True, False),
        (True, True),
        (dt.date(2015, 1, 1), dt.datetime(2015, 1, 1)),
        (dt.datetime(2015, 1, 1), dt.datetime(2015, 1, 1, tzinfo=UTC)),
        (dt.time(10), dt.time(10, tzinfo=UTC)),
        ([1], [1]),
        ({"a": 1}, {"a": 1}),
        (object(), object()),
    ],
)
def test_not_comparable(a: object, b: object) -> None:
    assert compare(a, b) is None


@pytest.mark.parametrize(
    ("a", "b", "result"),
    [
        (None, None, True),
        (None, D(0), False),
        ("", None, False),
        (D(1), D("1.00"), True),
        (D(1), 1, True),
        ("a", "a", True),
        ("a", "b", False),
        (True, True, True),
        (True, False, False),
        (D(1), True, None),
        ("1", D(1), None),
        (dt.date(2015, 1, 1), dt.datetime(2015, 1, 1), None),
        ([D(1), "a"], [D(1), "a"], True),
        ([D(1)], [D(1), D(2)], False),
        ([D(1), "a"], [D(2), D(1)], False),  # false and null = false
        ([D(1), "a"], [D(1), D(1)], None),
        ({"x": D(1)}, {"x": D(1)}, True),
        ({"x": D(1)}, {"y": D(1)}, False),
        (YearsMonthsDuration(12), YearsMonthsDuration(12), True),
    ],
)
def test_equal(a: object, b: object, result: bool | None) -> None:
    assert equal(a, b) is result
    assert equal(b, a) is result


# --- printing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D(5), "5"),
        (5, "5"),
        (D("5.00"), "5"),
        (D("-0"), "0"),
        (D("0.10"), "0.1"),
        (D("1E+3"), "1000"),
        (D("1.5E-7"), "0.00000015"),
        (2.5, "2.5"),
        ("a", '"a"'),
        ('a "q"', r'"a \"q\""'),
        ("back\\slash\nnew", r'"back\\slash\nnew"'),
        (True, "true"),
        (False, "false"),
        (None, "null"),
        (dt.date(2016, 11, 1), 'date("2016-11-01")'),
        (dt.time(16, 11), 'time("16:11:00")'),
        (dt.time(16, 11, 0, 500000), 'time("16:11:00.5")'),
        (dt.time(16, 11, tzinfo=PLUS2), 'time("16:11:00+02:00")'),
        (dt.datetime(2018, 7, 30, 16, 12, tzinfo=UTC), 'date and time("2018-07-30T16:12:00Z")'),
        (dt.datetime(2018, 7, 30), 'date and time("2018-07-30T00:00:00")'),
        (YearsMonthsDuration(1), 'duration("P1M")'),
        (DaysTimeDuration(D(-86400)), 'duration("-P1D")'),
        ([D(1), "a", None], '1, "a", null'),
    ],
)
def test_to_feel_literal(value: object, text: str) -> None:
    assert to_feel_literal(value) == text
    parsed = parse_literal_list(text) if isinstance(value, list) else parse_literal(text)
    assert equal(parsed, from_python(value)) is True or parsed is value is None


def test_zoned_date_and_time_prints_its_zone() -> None:
    value = parse_literal('date and time("2018-07-30T16:12:00@Europe/Paris")')
    assert to_feel_literal(value) == 'date and time("2018-07-30T16:12:00@Europe/Paris")'
    assert value.utcoffset() == dt.timedelta(hours=2)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"age": D(40), "first name": "Ann"}, '{age: 40, "first name": "Ann"}'),
        ([[D(1), D(2)], D(3)], "[1, 2], 3"),
        ([{"a": [True]}], "{a: [true]}"),
        (dt.timedelta(days=42), 'duration("P42D")'),
        (dt.timedelta(hours=-1), 'duration("-PT1H")'),
    ],
)
def test_values_beyond_s_feel_print_for_display(value: object, text: str) -> None:
    assert to_feel_literal(value) == text


@pytest.mark.parametrize("value", [object(), {1, 2}, b"bytes"])
def test_values_without_a_literal(value: object) -> None:
    with pytest.raises(TypeError):
        to_feel_literal(value)


# --- conversion -------------------------------------------------------------------------


def test_from_python() -> None:
    assert from_python(5) == D(5) and type(from_python(5)) is Decimal
    assert from_python(0.1) == D("0.1")
    assert from_python(True) is True
    assert from_python(None) is None
    assert from_python([1, "a", [2.5]]) == [D(1), "a", [D("2.5")]]
    assert from_python({"age": 40}) == {"age": D(40)}
    assert from_python(dt.timedelta(days=1, seconds=1)) == DaysTimeDuration(D(86401))
    assert from_python(dt.timedelta(microseconds=5)) == DaysTimeDuration(D("0.000005"))
    assert from_python(dt.date(2015, 1, 1)) == dt.date(2015, 1, 1)
    with pytest.raises(TypeError):
        from_python({1, 2})


# --- gaps between thresholds ------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (D(1), D(6)),
        (D(1), D(2)),
        (D("0.1"), D("0.2")),
        (D(-5), D(-4)),
        ("a", "b"),
        ("a", "c"),
        ("cervical", "lumbar"),
        ("ab", "abc"),
        ("a", "a\0\0"),
        ("", "a"),
        (dt.date(2015, 1, 1), dt.date(2015, 1, 3)),
        (dt.date(2015, 1, 1), dt.date(2016, 1, 1)),
        (dt.time(10), dt.time(10, 0, 1)),
        (dt.time(10, tzinfo=UTC), dt.time(13, tzinfo=PLUS2)),
        (dt.datetime(2015, 1, 1), dt.datetime(2015, 1, 1, 0, 0, 1)),
        (dt.datetime(2015, 1, 1, tzinfo=UTC), dt.datetime(2015, 1, 1, 3, tzinfo=PLUS2)),
        (YearsMonthsDuration(1), YearsMonthsDuration(3)),
        (DaysTimeDuration(D(1)), DaysTimeDuration(D(2))),
    ],
)
def test_midpoint_is_strictly_between(a: Any, b: Any) -> None:
    mid = midpoint(a, b)
    assert mid is not None
    assert type_name(mid) == type_name(a)
    assert compare(a, mid) == -1 and compare(mid, b) == -1


def test_midpoint_prefers_round_numbers() -> None:
    assert midpoint(D(1), D(6)) == D(3)
    assert midpoint(D(6), D(7)) == D("6.5")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (dt.date(2015, 1, 1), dt.date(2015, 1, 2)),  # consecutive dates
        (YearsMonthsDuration(1), YearsMonthsDuration(2)),
        ("a", "a\0"),
        (dt.time(10), dt.time(10, 0, 0, 1)),
        (D(2), D(1)),  # not in order
        (D(1), D(1)),
        (D(1), "2"),  # different types
        (True, False),
        (None, None),
        ([1], [2]),
    ],
)
def test_no_midpoint(a: Any, b: Any) -> None:
    assert midpoint(a, b) is None


@pytest.mark.parametrize(
    "value",
    [
        D(5),
        D("0.5"),
        D("1E+40"),
        "lumbar",
        dt.date(2015, 1, 1),
        dt.time(12),
        dt.time(0, 0, 0, 500000),
        dt.time(23, 59, 59, 500000, tzinfo=UTC),
        dt.datetime(2015, 1, 1, 12),
        YearsMonthsDuration(0),
        DaysTimeDuration(D(0)),
        DaysTimeDuration(D(42 * 86400)),
        DaysTimeDuration(D("1.5")),
    ],
)
def test_below_and_above(value: Any) -> None:
    low, high = below(value), above(value)
    assert low is not None and high is not None
    assert compare(low, value) == -1 and compare(value, high) == -1
    assert type_name(low) == type_name(high) == type_name(value)


def test_ends_of_ranges() -> None:
    assert below("") is None and above("") == "z"
    assert below(dt.time(0)) is None
    assert above(dt.time(23, 59, 59, 999999)) is None
    assert below(dt.date.min) is None and above(dt.date.max) is None
    assert above(dt.datetime.max) is None
    for value in (True, None, [1], {"a": 1}):
        assert below(value) is None and above(value) is None
    assert below(DaysTimeDuration(D(86400 * 42))) == DaysTimeDuration(D(86400 * 41))
