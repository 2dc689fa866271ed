"""The contract between the compiler and the rule engine: one decision table as value classes.

The compiler maps each input column's value to a small integer *value class*; a table row
is then, per column, the set of class ids its cell accepts (``None`` for a don't-care
``-``).  Class ids should follow the order of the values they stand for (intervals and
thresholds in ascending order), so that a range cell such as ``>= 500`` is one contiguous
run of ids: the encoding in :mod:`engine.rete.encoding` turns a run into two comparisons,
while a scattered set costs one test per member or per hole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Cell = frozenset[int] | None
TYPE_CHECKED = 256  # cells up to this size have every class id's type checked
# A fact holds at most 254 properties in durable-rules (error 302 beyond, measured);
# a case's fact has one per column plus "id", "g" and the "sid" the engine adds.
MAX_COLUMNS = 251


@dataclass(frozen=True)
class TableSpec:
    """One decision table, ready for the rule engine."""

    name: str  # unique within one RuleNetwork
    columns: int  # number of input columns
    rows: Sequence[Sequence[Cell]]  # per row, per column: accepted class ids, None = any
    class_counts: Sequence[int]  # per column: classes are 0..class_counts[c]-1


def validate_spec(spec: TableSpec) -> None:
    """Raise ``ValueError`` (one line, naming the table) if the spec is malformed.

    The class ids inside cells are checked while compiling, see :func:`cell_bounds`.
    """
    where = f"table {spec.name!r}"
    if not isinstance(spec.name, str) or not spec.name:
        raise ValueError(f"{where}: the name must be a non-empty string")
    if not 0 <= spec.columns <= MAX_COLUMNS:
        raise ValueError(
            f"{where}: columns must be 0..{MAX_COLUMNS} (durable-rules' limit on properties "
            f"per fact), found {spec.columns}"
        )
    if len(spec.class_counts) != spec.columns:
        raise ValueError(
            f"{where}: expected {spec.columns} class counts, found {len(spec.class_counts)}"
        )
    for column, count in enumerate(spec.class_counts):
        if not isinstance(count, int) or count < 1:
            raise ValueError(f"{where}: column {column} must have >= 1 class, found {count!r}")
    for index, row in enumerate(spec.rows):
        if len(row) != spec.columns:
            raise ValueError(
                f"{where}: row {index} has {len(row)} cells, expected {spec.columns}"
            )
        for column, cell in enumerate(row):
            if cell is None:
                continue
            if not isinstance(cell, frozenset | set):
                raise ValueError(
                    f"{where}: row {index} column {column}: expected a frozenset of class "
                    f"ids or None, found {type(cell).__name__}"
                )


def cell_bounds(spec: TableSpec, row: int, column: int, cell: frozenset[int]) -> tuple[int, int]:
    """``(min, max)`` of a non-empty cell; ``ValueError`` if an id is not a class of the
    column.  Every id's type is checked in small cells; in large ones (a range over
    thousands of classes) the two ends stand for the rest, to keep compiling fast."""
    count = spec.class_counts[column]
    lo, hi = min(cell), max(cell)
    if (
        type(lo) is not int
        or type(hi) is not int
        or lo < 0
        or hi >= count
        or (len(cell) <= TYPE_CHECKED and set(map(type, cell)) != {int})
    ):
        bad = next(x for x in cell if type(x) is not int or not 0 <= x < count)
        raise ValueError(
            f"table {spec.name!r}: row {row} column {column}: class id {bad!r} is "
            f"outside 0..{count - 1}"
        )
    return lo, hi


def validate_case(spec: TableSpec, classes: Sequence[int]) -> None:
    """Raise ``ValueError`` if a case does not fit the table's columns and class counts."""
    if len(classes) != spec.columns:
        raise ValueError(
            f"table {spec.name!r}: a case needs {spec.columns} class ids, found {len(classes)}"
        )
    for column, class_id in enumerate(classes):
        count = spec.class_counts[column]
        if type(class_id) is not int or not 0 <= class_id < count:
            raise ValueError(
                f"table {spec.name!r}: column {column}: class id {class_id!r} is outside "
                f"0..{count - 1}"
            )
