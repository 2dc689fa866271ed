"""The 219 S-FEEL cases of DMN TCK 0072-feel-in, read as decision-table input entries.

Each case is the TCK decision ``value in unary_tests``.  As a table cell, the entry
``unary_tests`` matches the input ``value`` exactly when the TCK expects ``true``
(``false``, null and errors mean the rule does not fire).  The file is read in place
from ``../shared`` next to the repository, never copied.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from engine.feel import parse_duration, parse_unary_tests
from engine.feel.values import parse_date, parse_date_and_time, parse_time

TCK_FILE = (
    Path(__file__).resolve().parents[2].parent
    / "shared" / "conformance" / "dmn-tck" / "compliance-level-3" / "0072-feel-in"
    / "0072-feel-in.unary-tests.json"
)
EXPECTED_CASES = 219

_TYPED = {
    "date": parse_date,
    "time": parse_time,
    "date and time": parse_date_and_time,
    "duration": parse_duration,
    "days and time duration": parse_duration,
    "years and months duration": parse_duration,
}


def _cases() -> list[dict[str, Any]]:
    if not TCK_FILE.is_file():
        return []
    with TCK_FILE.open(encoding="utf-8") as f:
        return list(json.load(f, parse_float=Decimal)["cases"])


CASES = _cases()
pytestmark = pytest.mark.skipif(
    not CASES, reason=f"DMN TCK file not found at {TCK_FILE} (it lives in ../shared, "
    "next to the repository, and is not copied into it)",
)


def feel_value(value: Any) -> Any:
    """A TCK JSON value as a FEEL value: numbers as Decimal, typed scalars parsed."""
    if isinstance(value, bool) or value is None or isinstance(value, str | Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, list):
        return [feel_value(v) for v in value]
    return _TYPED[value["$type"]](value["$value"])


def test_all_cases_are_present() -> None:
    assert len(CASES) == EXPECTED_CASES


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_unary_test_matches_exactly_when_tck_expects_true(case: dict[str, Any]) -> None:
    tests = parse_unary_tests(case["unary_tests"])
    value = feel_value(case["value"])
    assert tests.matches(value) is (case["expected"] is True), case["feel"]
    if case.get("error_result"):
        assert tests.evaluate(value) is None  # the TCK's error is FEEL's null


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_tck_text_round_trips(case: dict[str, Any]) -> None:
    tests = parse_unary_tests(case["unary_tests"])
    assert parse_unary_tests(str(tests)) == tests
