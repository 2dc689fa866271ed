"""One decision table compiled for the rule network.

Each row becomes a rule over the value classes of the table's input columns (see
``value_classes``).  A cell that names another fact (``> prior_sessions``) cannot be
classed ahead of time; it becomes a two-class column of its own, computed per case.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from engine.compiler.value_classes import ColumnClasses, build_column_classes
from engine.model import DecisionTable
from engine.rete.durable_adapter import TableSpec


@dataclass
class CompiledColumn:
    fact: str
    classes: ColumnClasses
    row_tests: list[int | None]  # per row: index into classes.tests, None for "-" or dynamic


@dataclass(frozen=True, slots=True)
class RowCell:
    """One input cell of a row that is not ``-``, as the network tests it."""

    column: int  # 0-based input column of the table
    spec_column: int  # the column of the case's class tuple that the cell tests
    accepts: frozenset[int]  # the classes of that column the cell accepts
    facts: tuple[str, ...]  # the facts the cell reads: its column's, then any it names


@dataclass
class DynamicCell:
    row: int  # 0-based rule index
    column: int  # 0-based input column
    tests: Any  # UnaryTests naming other facts


class CompiledTable:
    """A table with its value classes and its ``TableSpec`` for the network.

    ``reads`` and ``writes`` are known at once; the value classes (``columns``,
    ``dynamic``) and the ``spec`` are built on first use, since deciding a case needs only
    the tables of its items' topics.  Nothing in them raises for a table that read.
    """

    def __init__(self, table: DecisionTable, key: str) -> None:
        self.table = table
        self.key = key  # unique name in the rule network
        self.reads = _reads(table)  # every fact the table's cells and outputs read
        self.writes = tuple(o.fact for o in table.outputs)

    @cached_property
    def _parts(self) -> tuple[list[CompiledColumn], list[DynamicCell], TableSpec]:
        return _build(self.table, self.key)

    @property
    def columns(self) -> list[CompiledColumn]:
        return self._parts[0]

    @property
    def dynamic(self) -> list[DynamicCell]:
        return self._parts[1]

    @property
    def spec(self) -> TableSpec:
        return self._parts[2]

    @cached_property
    def row_cells(self) -> list[list[RowCell]]:
        """Per row, its cells that are not ``-``: what the network tests, by class.

        The explanation reads rows from these (a cell passes when the case's class is
        among ``accepts``), so it tells exactly what the network decided.
        """
        columns, dynamic, spec = self._parts
        extra = {(cell.row, cell.column): len(columns) + j for j, cell in enumerate(dynamic)}
        result: list[list[RowCell]] = []
        for r, (rule, row) in enumerate(zip(self.table.rules, spec.rows, strict=True)):
            cells = []
            for c, entry in enumerate(rule.inputs):
                spec_column = extra.get((r, c), c)
                accepts = row[spec_column]
                if accepts is not None:
                    names = tuple(n for n in sorted(entry.tests.names()) if n != columns[c].fact)
                    cells.append(RowCell(c, spec_column, accepts, (columns[c].fact, *names)))
            result.append(cells)
        return result

    def classes(self, env: dict[str, Any]) -> list[int]:
        """The case's class per spec column (static columns, then dynamic cells)."""
        columns, dynamic, _ = self._parts
        result = [c.classes.classify(env.get(c.fact)) for c in columns]
        for cell in dynamic:
            value = env.get(columns[cell.column].fact)
            result.append(1 if cell.tests.matches(value, env) else 0)
        return result


def compile_table(table: DecisionTable, key: str) -> CompiledTable:
    """The table for the network under ``key``; its classes are built when first needed."""
    return CompiledTable(table, key)


def _reads(table: DecisionTable) -> frozenset[str]:
    reads: set[str] = {column.fact for column in table.inputs}
    for rule in table.rules:
        for entry in rule.inputs:
            if not entry.tests.is_dont_care and not entry.tests.is_static:
                reads.update(entry.tests.names())
        for out in rule.outputs:
            reads.update(out.expression.names())
    for out_col in table.outputs:
        if out_col.default is not None:
            reads.update(out_col.default.expression.names())
    return frozenset(reads)


def _build(table: DecisionTable, key: str) -> tuple[list[CompiledColumn], list[DynamicCell], TableSpec]:
    columns: list[CompiledColumn] = []
    dynamic: list[DynamicCell] = []
    for c, column in enumerate(table.inputs):
        distinct: dict[str, int] = {}
        tests: list[Any] = []
        row_tests: list[int | None] = []
        for r, rule in enumerate(table.rules):
            cell = rule.inputs[c].tests
            if cell.is_dont_care:
                row_tests.append(None)
            elif not cell.is_static:
                dynamic.append(DynamicCell(r, c, cell))
                row_tests.append(None)
            else:
                text = str(cell)
                if text not in distinct:
                    distinct[text] = len(tests)
                    tests.append(cell)
                row_tests.append(distinct[text])
        columns.append(CompiledColumn(column.fact, build_column_classes(tests), row_tests))
    spec_rows: list[list[frozenset[int] | None]] = []
    accepting: list[dict[int, frozenset[int]]] = [{} for _ in columns]
    for r in range(len(table.rules)):
        row: list[frozenset[int] | None] = []
        for c, compiled_col in enumerate(columns):
            index = compiled_col.row_tests[r]
            if index is None:
                row.append(None)
            else:
                if index not in accepting[c]:
                    accepting[c][index] = compiled_col.classes.accepting(index)
                row.append(accepting[c][index])
        row.extend(frozenset({1}) if cell.row == r else None for cell in dynamic)
        spec_rows.append(row)
    spec = TableSpec(
        name=key,
        columns=len(columns) + len(dynamic),
        rows=spec_rows,
        class_counts=[c.classes.count for c in columns] + [2] * len(dynamic),
    )
    return columns, dynamic, spec
