"""An item's explanation: every row of the tables that decided it, and why each fired or not.

Asked for with ``imr decide --explain`` (text or JSON); the reviewer UI shows the same from
``TableResult.rows``.  The traces are built here, on request, from the rows the evaluation
kept (``engine.runtime.explain``): a plain determination never builds them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from engine.runtime.trace import Evaluation, RowTrace, json_value

__all__ = ["CellOut", "RowOut", "TableOut", "explain_tables"]


class CellOut(BaseModel):
    """A cell that did not pass: where, on which fact and value, against which test."""

    address: str  # sheet!cell
    fact: str
    value: Any  # the fact's value as the table saw it (None when not documented)
    documented: bool
    assumed: bool  # not documented, taken as its absence rule's value
    test: str
    text: str  # the whole in one line: "sheet!C9: fact = 12 fails > 20"


class RowOut(BaseModel):
    rule: int  # 1-based rule number
    row: int  # worksheet row
    state: Literal["fired", "not fired", "undecided"]
    selected: bool  # the hit policy chose this row's outputs
    failing: CellOut | None = None  # for a row that did not fire: its first failing cell on documented facts
    missing: list[str] = []  # for an undecided row: the undocumented facts it waits for


class TableOut(BaseModel):
    table: str
    edition: str
    workbook: str
    sheet: str
    hit_policy: str  # the one-letter code
    value: Any  # the table's result
    violation: str | None = None
    default_used: bool = False
    rows: list[RowOut]


def explain_tables(evaluation: Evaluation, tables: list[str]) -> list[TableOut]:
    """The named tables of an evaluation (those it decided), each with every row explained."""
    found = []
    for name in tables:
        result = evaluation.tables.get(name)
        if result is None:
            continue
        selected = set(result.selected)
        found.append(TableOut(
            table=name, edition=result.edition, workbook=result.workbook, sheet=result.sheet,
            hit_policy=result.hit_policy, value=json_value(result.value), violation=result.violation,
            default_used=result.default_used,
            rows=[_row(trace, trace.rule in selected) for trace in result.rows],
        ))
    return found


def _row(trace: RowTrace, selected: bool) -> RowOut:
    failing = None
    if trace.failing is not None:
        cell = trace.failing
        failing = CellOut(address=cell.address, fact=cell.fact, value=json_value(cell.value),
                          documented=cell.documented, assumed=cell.assumed, test=cell.test,
                          text=cell.describe())
    return RowOut(rule=trace.rule, row=trace.row, state=trace.state.value, selected=selected,
                  failing=failing, missing=list(trace.missing))

