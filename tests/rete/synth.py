"""Synthetic decision tables (as :class:`TableSpec`) for the rule engine's tests and benchmarks.

Class ids follow the compiler's convention for a numeric column whose cells use the
thresholds ``t_1 < ... < t_m``: ``0`` is ``(-inf, t_1)``, ``1`` is ``{t_1}``, ``2`` is
``(t_1, t_2)``, ..., ``2m`` is ``(t_m, +inf)`` and ``2m + 1`` is null.  An enumeration
column has one class per literal, then "other", then null.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from engine.rete.spec import Cell, TableSpec


def comparison(op: str, k: int, m: int) -> frozenset[int]:
    """Classes accepted by ``<op> t_k`` (1-based threshold ``k`` of ``m``), null excluded."""
    point = 2 * k - 1
    top = 2 * m  # the last interval class
    if op == ">=":
        return frozenset(range(point, top + 1))
    if op == ">":
        return frozenset(range(point + 1, top + 1))
    if op == "<":
        return frozenset(range(0, point))
    if op == "<=":
        return frozenset(range(0, point + 1))
    if op == "=":
        return frozenset({point})
    raise ValueError(op)


def between(k1: int, k2: int) -> frozenset[int]:
    """Classes accepted by ``[t_k1..t_k2]``."""
    return frozenset(range(2 * k1 - 1, 2 * k2))


def own_thresholds_table(
    rows: int = 1000, columns: int = 6, seed: int = 1, name: str = "own_thresholds"
) -> TableSpec:
    """Every row compares every column against its own threshold (no sharing at all).

    A column then has ``2 * rows + 2`` classes and a ``>= t`` cell accepts about half of
    them: the case that trips naive encodings (hundreds of passing tests per fact).
    """
    rng = random.Random(seed)
    ops = ["-", "-", ">=", ">=", "<", "<", ">", "<=", "<=", "="]
    spec_rows: list[list[Cell]] = []
    ranks = [rng.sample(range(1, rows + 1), rows) for _ in range(columns)]
    for r in range(rows):
        row: list[Cell] = []
        for c in range(columns):
            op = rng.choice(ops)
            row.append(None if op == "-" else comparison(op, ranks[c][r], rows))
        spec_rows.append(row)
    return TableSpec(name, columns, spec_rows, [2 * rows + 2] * columns)


def guideline_table(
    rows: int = 100, columns: int = 6, seed: int = 2, name: str = "guideline"
) -> TableSpec:
    """A table shaped like a clinical criteria table: numeric columns with a handful of
    shared thresholds, enumeration columns with a few literals, many don't-cares."""
    rng = random.Random(seed)
    counts: list[int] = []
    kinds: list[tuple[str, int]] = []
    for c in range(columns):
        if c % 2 == 0:
            m = rng.randint(3, 8)
            kinds.append(("num", m))
            counts.append(2 * m + 2)
        else:
            n = rng.randint(3, 12)
            kinds.append(("enum", n))
            counts.append(n + 2)
    spec_rows: list[list[Cell]] = []
    for _ in range(rows):
        row: list[Cell] = []
        for kind, m in kinds:
            if rng.random() < 0.4:
                row.append(None)
            elif kind == "num":
                if rng.random() < 0.2:
                    k1 = rng.randint(1, m)
                    row.append(between(k1, rng.randint(k1, m)))
                else:
                    op = rng.choice([">=", ">", "<", "<=", "="])
                    row.append(comparison(op, rng.randint(1, m), m))
            else:
                literals = rng.sample(range(m), rng.randint(1, min(3, m)))
                if rng.random() < 0.2:  # not(...): everything else but null
                    row.append(frozenset(range(m + 1)) - frozenset(literals))
                else:
                    row.append(frozenset(literals))
        spec_rows.append(row)
    return TableSpec(name, columns, spec_rows, counts)


def random_cases(spec: TableSpec, n: int, seed: int = 3) -> list[list[int]]:
    """``n`` cases drawing each column's class uniformly."""
    rng = random.Random(seed)
    counts: Sequence[int] = spec.class_counts
    return [[rng.randrange(k) for k in counts] for _ in range(n)]


def reference_match(spec: TableSpec, case: Sequence[int]) -> list[int]:
    """Brute force: rows whose every cell accepts the case's class (the oracle in tests)."""
    return [
        index
        for index, row in enumerate(spec.rows)
        if all(cell is None or case[c] in cell for c, cell in enumerate(row))
    ]
