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
import functools
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
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
class _Group:
    """Mutually comparable points of a column, sorted, with the class of each stretch.

    ``slots`` interleaves stretches and points: slot 0 is below ``points[0]``, slot 1 is
    ``points[0]``, slot 2 the gap after it, ..., slot 2n the stretch above the last.
    """

    points: list[Any]
    slot_class: list[int | None] = field(default_factory=list)  # None: no value lives there

    def slot(self, value: Any) -> int | None:
        """The slot of a value comparable with the points (binary search)."""
        lo, hi = 0, len(self.points)
        while lo < hi:
            mid = (lo + hi) // 2
            order = feel_values.compare(value, self.points[mid])
            if order is None:
                return None
            if order == 0:
                return 2 * mid + 1
            if order < 0:
                hi = mid
            else:
                lo = mid + 1
        return 2 * lo


@dataclass
class ColumnClasses:
    """The value classes of one input column of one table."""

    tests: list[Any]  # distinct static UnaryTests of the column (no "-")
    signatures: list[tuple[bool, ...]]  # class id -> which tests it satisfies
    representatives: list[Any]  # class id -> a value of that class
    groups: list[_Group] = field(default_factory=list)
    _by_signature: dict[tuple[bool, ...], int] = field(default_factory=dict)
    _memo: dict[Any, int] = field(default_factory=dict)
    _by_test: list[tuple[bool, ...]] | None = None

    @property
    def count(self) -> int:
        return len(self.signatures)

    def accepting(self, test_index: int) -> frozenset[int]:
        """Class ids whose values satisfy the column's test number ``test_index``."""
        if self._by_test is None:  # classes are fixed once built: transpose once
            self._by_test = list(zip(*self.signatures, strict=True))  # per test: a flag per class
        return frozenset(itertools.compress(range(self.count), self._by_test[test_index]))

    def signature(self, value: Any) -> tuple[bool, ...]:
        return tuple(t.matches(value) for t in self.tests)

    def classify(self, value: Any) -> int:
        """The class id of a value: a binary search among the points, memoised."""
        key = (type(value), _hashable(value))
        try:
            return self._memo[key]
        except (KeyError, TypeError):
            pass
        class_id = self._locate(value)
        if class_id is None:
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

    def _locate(self, value: Any) -> int | None:
        if value is None or isinstance(value, list | tuple | dict):
            return None
        for group in self.groups:
            slot = group.slot(value)
            if slot is not None:
                return group.slot_class[slot]
        return None

    def _intern(self, sig: tuple[bool, ...], value: Any) -> int:
        class_id = self._by_signature.get(sig)
        if class_id is None:
            class_id = self._by_signature[sig] = len(self.signatures)
            self.signatures.append(sig)
            self.representatives.append(value)
        return class_id


def _ordered_groups(points: list[Any]) -> list[list[Any]]:
    """Split points into groups of mutually comparable values, each sorted, no repeats."""
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
        for p in sorted(group, key=functools.cmp_to_key(lambda a, b: feel_values.compare(a, b) or 0)):
            if not unique or feel_values.compare(unique[-1], p) != 0:
                unique.append(p)
        result.append(unique)
    return result


def _slot_values(points: list[Any]) -> list[Any | None]:
    """A value for each slot of a group (None where no value lives, e.g. between days)."""
    values: list[Any | None] = [feel_values.below(points[0])]
    for i, point in enumerate(points):
        values.append(point)
        after = feel_values.midpoint(point, points[i + 1]) if i + 1 < len(points) else feel_values.above(point)
        values.append(after)
    return values


def _test_over_slots(test: Any, group: _Group, values: list[Any | None]) -> list[bool]:
    """Whether a test passes in each slot, evaluating it once per stretch of its own.

    Between two of the test's own endpoints every comparison it makes has one answer,
    so one evaluation covers the whole stretch: the cost follows the test's endpoints,
    not the number of points the column has.
    """
    own = sorted({s for e in test.endpoints() if (s := group.slot(e)) is not None})
    result = [False] * len(values)
    start = 0
    for bound in [*own, len(values)]:
        if start < bound:  # the open stretch start..bound-1: one evaluation
            probe = next((v for v in values[start:bound] if v is not None), None)
            if probe is not None and test.matches(probe):
                result[start:bound] = [True] * (bound - start)
        if bound < len(values) and values[bound] is not None:
            result[bound] = test.matches(values[bound])
        start = bound + 1
    return result


def build_column_classes(tests: list[Any]) -> ColumnClasses:
    """Classes for a column given its distinct static tests (``-`` excluded).

    Classes are numbered in value order (null first, then each group's stretches and
    points from low to high), so that a range cell such as ``>= 6`` accepts one run of
    consecutive ids, which the rule network tests with two comparisons.
    """
    points: list[Any] = []
    for t in tests:
        for e in t.endpoints():
            points.extend(e if isinstance(e, list | tuple) else [e])
    columns = ColumnClasses(tests=tests, signatures=[], representatives=[])
    columns._intern(columns.signature(None), None)
    for ordered in _ordered_groups([p for p in points if p is not None]):
        group = _Group(ordered)
        values = _slot_values(ordered)
        passes = [_test_over_slots(t, group, values) for t in tests]
        slot_signatures = zip(*passes, strict=True) if passes else (() for _ in values)
        for value, sig in zip(values, slot_signatures, strict=True):
            group.slot_class.append(None if value is None else columns._intern(tuple(sig), value))
        columns.groups.append(group)
    for probe in _TYPE_PROBES:
        if columns._locate(probe) is None:
            columns._intern(columns.signature(probe), probe)
    return columns


def candidate_values(points: list[Any]) -> list[Any]:
    """One value of every stretch the points cut out (null, each group in value order,
    then one value of each other type): a value of every class such points can make."""
    flat: list[Any] = []
    for p in points:
        flat.extend(p if isinstance(p, list | tuple) else [p])
    values: list[Any] = [None]
    for ordered in _ordered_groups([p for p in flat if p is not None]):
        values.extend(v for v in _slot_values(ordered) if v is not None)
    return [*values, *_TYPE_PROBES]
