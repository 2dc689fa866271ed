"""One decision table compiled for the rule network.

Each row becomes a rule over the value classes of the table's input columns (see
``value_classes``).  A cell that names another fact (``> prior_sessions``) cannot be
classed ahead of time; it becomes a two-class column of its own, computed per case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.compiler.value_classes import ColumnClasses, build_column_classes
from engine.model import DecisionTable
from engine.rete.durable_adapter import TableSpec


@dataclass
class CompiledColumn:
    fact: str
    classes: ColumnClasses
    row_tests: list[int | None]  # per row: index into classes.tests, None for "-" or dynamic


@dataclass
class DynamicCell:
    row: int  # 0-based rule index
    column: int  # 0-based input column
    tests: Any  # UnaryTests naming other facts


@dataclass
class CompiledTable:
    table: DecisionTable
    key: str  # unique name in the rule network
    columns: list[CompiledColumn]
    dynamic: list[DynamicCell]
    spec: TableSpec
    reads: frozenset[str]  # every fact the table's cells and outputs read
    writes: tuple[str, ...]

    def classes(self, env: dict[str, Any]) -> list[int]:
        """The case's class per spec column (static columns, then dynamic cells)."""
        result = [c.classes.classify(env.get(c.fact)) for c in self.columns]
        for cell in self.dynamic:
            value = env.get(self.columns[cell.column].fact)
            result.append(1 if cell.tests.matches(value, env) else 0)
        return result


def compile_table(table: DecisionTable, key: str) -> CompiledTable:
    columns: list[CompiledColumn] = []
    dynamic: list[DynamicCell] = []
    reads: set[str] = set()
    for c, column in enumerate(table.inputs):
        reads.add(column.fact)
        distinct: dict[str, int] = {}
        tests: list[Any] = []
        row_tests: list[int | None] = []
        for r, rule in enumerate(table.rules):
            cell = rule.inputs[c].tests
            if cell.is_dont_care:
                row_tests.append(None)
            elif not cell.is_static:
                reads.update(cell.names())
                dynamic.append(DynamicCell(r, c, cell))
                row_tests.append(None)
            else:
                text = str(cell)
                if text not in distinct:
                    distinct[text] = len(tests)
                    tests.append(cell)
                row_tests.append(distinct[text])
        columns.append(CompiledColumn(column.fact, build_column_classes(tests), row_tests))
    for rule in table.rules:
        for out in rule.outputs:
            reads.update(out.expression.names())
    for out_col in table.outputs:
        if out_col.default is not None:
            reads.update(out_col.default.expression.names())
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
    return CompiledTable(
        table=table, key=key, columns=columns, dynamic=dynamic, spec=spec,
        reads=frozenset(reads), writes=tuple(o.fact for o in table.outputs),
    )
