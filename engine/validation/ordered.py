"""Cells along an ordered domain: which atoms a cell matches, found by bisection.

Along a column of numbers, texts, dates or durations every comparison, interval or
equality holds on one run of consecutive atoms (the points and the open stretches
between them, in order), so a cell's atoms are found by two binary searches instead of
testing each atom.  A 1,000-row table has about as many atoms as cells in a threshold
column, so this is what keeps building its domains fast.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

from engine.feel import values as feel_values
from engine.feel.ast import CompareTest, Endpoint, EqualTest, IntervalTest, Literal, UnaryTests

SEARCHABLE = frozenset({"number", "string", "date", "years and months duration", "days and time duration"})


class Order:
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: Order) -> bool:
        return feel_values.compare(self.value, other.value) == -1


_NATIVE = frozenset({"number", "string", "date"})  # Python orders these as FEEL does


def keys(values: list[Any], kind: str | None) -> list[Any]:
    return values if kind in _NATIVE else [Order(v) for v in values]


def run_mask(tests: UnaryTests, order: list[Any], kind: str | None) -> int:
    """The atoms (documented values, in order) a cell matches, as a bit mask."""
    n = len(order)
    true = 0
    unknown = False  # some test is null on every atom (a value of another type)
    for test in tests.tests:
        ends = [test.low, test.high] if isinstance(test, IntervalTest) else [test.endpoint]
        if any(not isinstance(e, Literal) or feel_values.kind(e.value) != kind for e in ends):
            if any(isinstance(e, Literal) and e.value is None for e in ends) and isinstance(test, EqualTest):
                continue  # `null`: false on every documented value
            unknown = True
            continue
        low, high = _run(test, order, kind in _NATIVE)
        if low < high:
            true |= ((1 << high) - 1) ^ ((1 << low) - 1)
    if not tests.negated:
        return true
    return 0 if unknown else ((1 << n) - 1) & ~true


def _literal(endpoint: Endpoint) -> Any:
    """The value of an endpoint that run_mask has already checked is a literal."""
    assert isinstance(endpoint, Literal)
    return endpoint.value


def _run(test: EqualTest | CompareTest | IntervalTest, order: list[Any], native: bool) -> tuple[int, int]:
    n = len(order)

    def key(value: Any) -> Any:
        return value if native else Order(value)

    if isinstance(test, EqualTest):
        i = bisect_left(order, key(_literal(test.endpoint)))
        found = order[i] if i < n else None
        hit = found is not None and feel_values.compare(
            found if native else found.value, _literal(test.endpoint)) == 0
        return (i, i + 1) if hit else (0, 0)
    if isinstance(test, CompareTest):
        e = key(_literal(test.endpoint))
        return {
            "<": (0, bisect_left(order, e)),
            "<=": (0, bisect_right(order, e)),
            ">": (bisect_right(order, e), n),
            ">=": (bisect_left(order, e), n),
        }[test.op]
    lo, hi = key(_literal(test.low)), key(_literal(test.high))
    start = bisect_left(order, lo) if test.low_closed else bisect_right(order, lo)
    stop = bisect_right(order, hi) if test.high_closed else bisect_left(order, hi)
    return start, stop
