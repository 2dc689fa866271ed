"""How one cell (a set of accepted class ids) becomes durable-rules alpha tests.

Three limits of durable-rules 2.0.28's C engine shape the encoding (all measured):

* **Matching fan-out.**  A fact walks the alpha network depth first with a fixed 64-entry
  stack; every child test a node passes is pushed before any is explored, so a node
  whose children *pass together* in large numbers overflows (error 303).  Equality tests
  on one property are mutually exclusive and pass at most once; ``>=`` heads do not.
* **32 expression markers per rule.**  Every ``$and`` and ``$or`` in a rule costs two
  entries of a 32-entry array (error 113 beyond 31 entries), so a rule has at most 15.
* **512 children per alpha node.**  A node's children live in a 512-slot open-addressed
  table; the 513th child makes rule creation loop forever (no error), so an ``$or`` is
  kept to :data:`MAX_OR_WIDTH` alternatives.

A cell is encoded one of two ways, whichever is cheaper:

* a **chain**: ``c >= lo``, ``c <= hi`` and ``c != h`` for every hole between them.  Pure
  conjunction, no fan-out, no markers; best for one contiguous run (``>= 500`` is one or
  two comparisons whatever the number of classes) and for ``not(...)`` cells.
* an **or** of runs: each run is ``c == k``, a one-sided bound at the edge of the domain,
  or a two-sided ``$and``.  Best for scattered enumeration literals.  Equalities and
  edge bounds are mutually exclusive; each two-sided run can add one entry of fan-out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

MAX_OR_WIDTH = 256  # alternatives in one $or (hard engine limit: 512 children per node)
MAX_MARKERS = 31  # expression markers per rule before error 113
TOP_MARKERS = 2  # the rule's own top-level $and

# Cost model, in units of one alpha node visited (the node's children are probed once
# per fact property, then each child test sharing the property is evaluated).
HEAD_COST = 0.25  # evaluating one alternative of an $or that is not taken
OR_COST = 2.0  # the taken alternative plus the forward node that rejoins the rule


@dataclass(frozen=True, slots=True)
class Test:
    """One alpha test ``prop <op> value`` on an integer fact property."""

    prop: str
    op: str  # "$eq", "$neq", "$gte", "$lte", or "$ex" (the fact has ``prop``)
    value: int

    def to_json(self) -> dict[str, Any]:
        if self.op == "$eq":
            return {self.prop: self.value}
        return {self.op: {self.prop: self.value}}

    def holds(self, x: int) -> bool:
        """Evaluate the test in Python (used by the tests of this package only); for
        ``$ex``, ``x`` is whether the fact has the property."""
        if self.op == "$ex":
            return bool(x)
        if self.op == "$eq":
            return x == self.value
        if self.op == "$neq":
            return x != self.value
        if self.op == "$gte":
            return x >= self.value
        return x <= self.value


@dataclass(frozen=True, slots=True)
class Chain:
    """A conjunction of tests, flattened into the rule's top-level ``$and``."""

    tests: tuple[Test, ...]
    cost: float

    @property
    def markers(self) -> int:
        return 0

    @property
    def size(self) -> int:
        return len(self.tests)

    @property
    def fanout(self) -> int:
        return 0

    def json_terms(self) -> list[dict[str, Any]]:
        return [t.to_json() for t in self.tests]


@dataclass(frozen=True, slots=True)
class Either:
    """A disjunction of runs; each alternative is a conjunction of one or two tests."""

    alternatives: tuple[tuple[Test, ...], ...]
    cost: float

    @property
    def markers(self) -> int:
        return 2 + 2 * sum(1 for alt in self.alternatives if len(alt) > 1)

    @property
    def size(self) -> int:
        return sum(len(alt) for alt in self.alternatives)

    @property
    def fanout(self) -> int:
        """Extra stack entries this element can leave pending (two-sided runs' heads)."""
        return sum(1 for alt in self.alternatives if len(alt) > 1)

    def json_terms(self) -> list[dict[str, Any]]:
        alts: list[dict[str, Any]] = []
        for alt in self.alternatives:
            if len(alt) == 1:
                alts.append(alt[0].to_json())
            else:
                alts.append({"$and": [t.to_json() for t in alt]})
        return [{"$or": alts}]


Element = Chain | Either


@dataclass(frozen=True, slots=True)
class CellCode:
    """Both encodings of one cell; the rule builder picks one under the marker budget."""

    column: int
    chain: Chain | None  # None for a named column's cell of several classes (an $or only)
    either: Either | None  # None when an $or is not possible or not useful
    selectivity: float  # fraction of the column's classes accepted

    def preferred(self) -> Element:
        if self.chain is None:
            assert self.either is not None
            return self.either
        if self.either is not None and self.either.cost < self.chain.cost:
            return self.either
        return self.chain


class MarkerBudgetError(ValueError):
    """A row's ``$or`` of named classes cannot fit the engine's expression markers."""


def runs_of(ids: Iterable[int], bounds: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """Maximal runs of consecutive ids, ascending, as inclusive ``(lo, hi)`` pairs.

    ``bounds``, the set's ``(min, max)`` if known, lets one run skip sorting."""
    if bounds is not None and isinstance(ids, frozenset | set):
        lo, hi = bounds
        if hi - lo + 1 == len(ids):
            return [(lo, hi)]
    ordered = sorted(ids)
    runs: list[tuple[int, int]] = []
    for x in ordered:
        if runs and runs[-1][1] == x - 1:
            runs[-1] = (runs[-1][0], x)
        else:
            runs.append((x, x))
    return runs


def encode_cell(
    column: int,
    prop: str,
    accepted: frozenset[int],
    count: int,
    bounds: tuple[int, int] | None = None,
) -> CellCode | None:
    """Encode ``class in accepted`` for a column of ``count`` classes.

    Returns None for a cell that accepts every class (no test needed).  The caller must
    handle an empty set (a row that can never match) before calling, and may pass the
    set's ``(min, max)`` as ``bounds``.
    """
    if len(accepted) >= count:
        return None
    runs = runs_of(accepted, bounds)
    lo, hi = runs[0][0], runs[-1][1]
    tests: list[Test] = []
    if lo == hi:
        tests.append(Test(prop, "$eq", lo))
    else:
        if lo > 0:
            tests.append(Test(prop, "$gte", lo))
        if hi < count - 1:
            tests.append(Test(prop, "$lte", hi))
        for (_, a_hi), (b_lo, _) in pairwise(runs):
            tests.extend(Test(prop, "$neq", h) for h in range(a_hi + 1, b_lo))
    chain = Chain(tuple(tests), float(len(tests)))
    either: Either | None = None
    if 1 < len(runs) <= MAX_OR_WIDTH:
        alternatives: list[tuple[Test, ...]] = []
        for a, b in runs:
            if a == b:
                alternatives.append((Test(prop, "$eq", a),))
            elif a == 0:
                alternatives.append((Test(prop, "$lte", b),))
            elif b == count - 1:
                alternatives.append((Test(prop, "$gte", a),))
            else:
                alternatives.append((Test(prop, "$gte", a), Test(prop, "$lte", b)))
        cost = OR_COST + HEAD_COST * len(alternatives)
        either = Either(tuple(alternatives), cost)
    return CellCode(column, chain, either, len(accepted) / count)


def encode_named_cell(column: int, props: Sequence[str], accepted: frozenset[int]) -> CellCode | None:
    """Encode ``class in accepted`` for a *named* column: the fact carries one property
    per column whose name says the class (``props[k]`` for class ``k``), so a cell is
    ``$ex`` tests on those names, one per accepted class (an ``$or`` of them if several).

    The engine keeps a node's children by property name and evaluates only those whose
    name the fact has: of a named column's tests at one node, one at most is evaluated
    (and it passes), where tests of one property are all evaluated.  Returns None for a
    cell that accepts every class.
    """
    count = len(props)
    if len(accepted) >= count:
        return None
    tests = [Test(props[k], "$ex", 1) for k in sorted(accepted)]
    if len(tests) == 1:
        return CellCode(column, Chain((tests[0],), 1.0), None, 1 / count)
    either = Either(tuple((t,) for t in tests), OR_COST + HEAD_COST)
    return CellCode(column, None, either, len(accepted) / count)


def choose_elements(
    codes: Sequence[CellCode],
    budget: int,
    priority: Callable[[CellCode], tuple[float, ...]] | None = None,
) -> list[tuple[CellCode, Element]]:
    """Pick an encoding per cell so that the ``$or`` markers fit in ``budget``.

    Cells are returned most selective first, so that a failing case leaves the rule's
    chain early.  Over budget, the ``$or`` whose chain costs least extra is dropped first.
    """
    chosen: dict[int, Element] = {code.column: code.preferred() for code in codes}
    used = sum(el.markers for el in chosen.values())
    if used > budget:
        ors = [c for c in codes if isinstance(chosen[c.column], Either) and c.chain is not None]
        ors.sort(key=lambda c: c.chain.cost - chosen[c.column].cost)  # type: ignore[union-attr]
        for code in ors:
            if used <= budget:
                break
            used -= chosen[code.column].markers
            chosen[code.column] = code.chain  # type: ignore[assignment]
        if used > budget:
            raise MarkerBudgetError(f"a row needs {used} expression markers, {budget} fit")
    ordered = sorted(codes, key=priority or (lambda c: (c.selectivity, c.column)))
    return [(c, chosen[c.column]) for c in ordered]
