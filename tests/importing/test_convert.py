"""The value converters of imr import: conservative, never a guess (docs/import.md, Conversions)."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.importing.convert import (
    Unmapped,
    boolean,
    choice,
    count_done,
    count_requested,
    date,
    finding,
    measured,
    not_documented,
)


@pytest.mark.parametrize("value", ["unknown", "Unknown number", "unknown (not mentioned in 11/08 note)", "",
                                   "  ", "not documented", "Not stated.", "unclear", "n/a", [], None, ["unknown"]])
def test_values_that_say_nothing(value):
    assert not_documented(value)


@pytest.mark.parametrize("value", [False, 0, "none documented", "progression not documented", ["x"]])
def test_values_that_say_something(value):
    assert not not_documented(value)


@pytest.mark.parametrize(("value", "expected"), [
    (6, 6), ("at least 4", 4), ("4-5", 4), ("1 of 12 attended", 1), ("4 completed", 4), ("at least 4 of 6", 4),
    ("6 sessions", 6),
])
def test_counts_done_take_the_documented_lower_bound(value, expected):
    assert count_done(value) == expected


@pytest.mark.parametrize("value", ["8 approved", "6 authorized, not yet completed", "6 requested; none started",
                                   "at least 6 approved/completed (3 documented)", True])
def test_counts_that_are_not_sessions_done(value):
    with pytest.raises(Unmapped):
        count_done(value)


@pytest.mark.parametrize(("value", "expected"), [(12, 12), ("12-18", 18), ("2-3", 3), ("12 sessions", 12)])
def test_requests_take_the_upper_bound(value, expected):
    assert count_requested(value) == expected


def test_requests_that_are_not_counts():
    with pytest.raises(Unmapped):
        count_requested("3 months coverage (amount not specified)")
    assert measured("6-8 weeks") == 6 and measured("50%") == 50


def test_booleans_and_findings():
    assert boolean(True) is True and boolean("No") is False
    for vague in ("positive Spurling's", "partially", "no improvement with physical therapy", "none documented"):
        with pytest.raises(Unmapped):
            boolean(vague)
    assert finding("none documented") is False and finding("None") is False
    with pytest.raises(Unmapped):
        finding("tingling, numbness")


def test_choice_maps_to_one_value_only():
    region = choice([(r"lumb", "lumbar"), (r"cervical|neck", "cervical")], what="region")
    assert region("Lumbar spine") == "lumbar"
    with pytest.raises(Unmapped, match="names several"):
        region("cervical and lumbar spine")
    with pytest.raises(Unmapped, match="names no known region"):
        region("right knee")
    assert choice([(r"a", 1), (r"b", 2)], several=3)("ab") == 3
    assert choice([(r"a", 1), (r"b", 2)], first=True)("ab") == 1


def test_dates():
    assert date("10/09/2016") == dt.date(2016, 10, 9) and date("2016-10-09") == dt.date(2016, 10, 9)
    for bad in ("02/30/2016", "October 10, 2015", "01/01/1850", 20161009):
        with pytest.raises(Unmapped):
            date(bad)
