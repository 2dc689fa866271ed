"""Value classes: how one input column's values are folded onto a few integers.

durable-rules matches a fact against every alpha test in its network, and its C engine
fails once a fact satisfies more than 64 of them (see ``../shared/notes``).  A column
whose rows each use their own threshold would trip that on every case.  So the compiler
does not hand the engine the raw value: it maps the value onto a *class*, the set of
values that every static test of the column treats alike, and the rules test the class.

The classes are found from the tests themselves: each threshold or literal is a point,
each gap between two points (and below the lowest, above the highest) is a stretch on
which every comparison gives the same answer, and null and values of other types get
classes of their own.  A class is identified by its *signature*: which of the column's
distinct tests it satisfies.  Two values with one signature are one class.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import Any

from engine.feel import values as feel_values

_MEMO_LIMIT = 50_000

# One value of each type, so that a value of a type the column never mentions
# (a text in a number column) still falls in a known class.
_TYPE_PROBES: tuple[Any, ...] = (
    Decimal(0),
    "",
    True,
    False,
    dt.date(2000, 1, 1),
    dt.time(0, 0),
    dt.datetime(2000, 1, 1, 0, 0),
    feel_values.YearsMonthsDuration(0),
    feel_values.DaysTimeDuration(Decimal(0)),
    (),
)


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    return value


@dataclass
class ColumnClasses:
    """The value classes of one input column of one table."""

    tests: list[Any]  # distinct static UnaryTests of the column (no "-")
    signatures: list[tuple[bool, ...]]  # class id -> which tests it satisfies
    representatives: list[Any]  # class id -> a value of that class
    _by_signature: dict[tuple[bool, ...], int] = field(default_factory=dict)
    _memo: dict[Any, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.signatures)

    def accepting(self, test_index: int) -> frozenset[int]:
        """Class ids whose values satisfy the column's test number ``test_index``."""
        return frozenset(k for k, sig in enumerate(self.signatures) if sig[test_index])

    def signature(self, value: Any) -> tuple[bool, ...]:
        return tuple(t.matches(value) for t in self.tests)

    def classify(self, value: Any) -> int:
        """The class id of a value (memoised: case values repeat)."""
        key = (type(value), _hashable(value))
        try:
            return self._memo[key]
        except (KeyError, TypeError):
            pass
        sig = self.signature(value)
        class_id = self._by_signature.get(sig)
        if class_id is None:
            # A signature no representative had: impossible for tests made of
            # comparisons against the points, kept as a guard against a new construct.
            raise LookupError(f"value {value!r} falls in no value class of the column")
        if len(self._memo) >= _MEMO_LIMIT:
            self._memo.clear()
        with contextlib.suppress(TypeError):  # an unhashable value is just not memoised
            self._memo[key] = class_id
        return class_id


def _ordered_groups(points: list[Any]) -> list[list[Any]]:
    """Split points into groups of mutually comparable values, each sorted."""
    groups: list[list[Any]] = []
    for point in points:
        for group in groups:
            if feel_values.compare(group[0], point) is not None:
                group.append(point)
                break
        else:
            groups.append([point])
    result = []
    for group in groups:
        unique: list[Any] = []
        for p in sorted(group, key=_SortKey):
            if not unique or feel_values.compare(unique[-1], p) != 0:
                unique.append(p)
        result.append(unique)
    return result


class _SortKey:
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _SortKey) -> bool:
        return feel_values.compare(self.value, other.value) == -1


def candidate_values(points: list[Any]) -> list[Any]:
    """Values beyond both ends, the points and a value inside each gap, in value order.

    Value order matters to the rule network: a cell such as ``>= 6`` then accepts one
    run of consecutive class ids, which it tests with two comparisons.
    """
    candidates: list[Any] = [None]
    flat = [p for p in points if not isinstance(p, list | tuple)]
    for p in points:
        if isinstance(p, list | tuple):
            flat.extend(p)
    for group in _ordered_groups([p for p in flat if p is not None]):
        low_end = feel_values.below(group[0])
        if low_end is not None:
            candidates.append(low_end)
        for low, high in pairwise(group):
            candidates.append(low)
            mid = feel_values.midpoint(low, high)
            if mid is not None:
                candidates.append(mid)
        candidates.append(group[-1])
        high_end = feel_values.above(group[-1])
        if high_end is not None:
            candidates.append(high_end)
    return [*candidates, *_TYPE_PROBES]


def build_column_classes(tests: list[Any]) -> ColumnClasses:
    """Classes for a column given its distinct static tests (``-`` excluded)."""
    points: list[Any] = []
    for t in tests:
        points.extend(t.endpoints())
    columns = ColumnClasses(tests=tests, signatures=[], representatives=[])
    for value in candidate_values(points):
        sig = columns.signature(value)
        if sig not in columns._by_signature:
            columns._by_signature[sig] = len(columns.signatures)
            columns.signatures.append(sig)
            columns.representatives.append(value)
    return columns
