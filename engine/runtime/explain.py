"""Why each row did or did not fire, read from the compiled cells the network was built from.

Deciding a table gives the case's class tuple (``CompiledTable.classes``) and the rows the
network matched.  A cell *passes* when the case's class in the cell's column is one the
cell accepts (``CompiledTable.row_cells``): the same sets the rules in durable-rules test,
so the explanation cannot tell another story than the decision.  No cell is tested again
on the raw values here; the one matcher of raw values is ``UnaryTests.matches``, which built
the classes.

``row_statuses`` is what deciding needs (is any row undecided, and for want of what) and
runs on every decision: set look-ups only.  ``explain_rows`` builds the full trace with
every cell's value and text, and runs when ``TableResult.rows`` is first read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from engine.compiler.compiled_table import CompiledTable
from engine.errors import EvaluationError
from engine.feel.values import to_feel_literal
from engine.runtime.trace import CellCheck, RowState, RowStatus, RowTrace

_FIRED = RowStatus(RowState.FIRED)
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def row_statuses(
    compiled: CompiledTable, classes: Sequence[int], matched: Sequence[int], env: Mapping[str, Any]
) -> list[RowStatus]:
    """Each row's state: fired (the network matched it), not fired on the first cell that
    fails on documented facts, or undecided with the undocumented facts it waits for.

    A row the network did not match has a cell that fails; finding none means the network
    and the compiled cells disagree, which raises (``EvaluationError``) rather than explain
    a decision with a story of its own.
    """
    fired = set(matched)
    statuses: list[RowStatus] = []
    for r, cells in enumerate(compiled.row_cells):
        if r in fired:
            statuses.append(_FIRED)
            continue
        failing: int | None = None
        missing: list[str] = []
        for cell in cells:
            if classes[cell.spec_column] in cell.accepts:
                continue
            absent = [f for f in cell.facts if f not in env]
            if absent:
                missing.extend(f for f in absent if f not in missing)
            elif failing is None:
                failing = cell.column
        if failing is not None:
            statuses.append(RowStatus(RowState.NOT_FIRED, failing))
        elif missing:
            statuses.append(RowStatus(RowState.UNDECIDED, None, tuple(missing)))
        else:
            raise EvaluationError(
                f"rule {compiled.table.rules[r].number} passes every cell but the rule network did not fire it",
                found=compiled.table.name,
            )
    return statuses


def explain_rows(
    compiled: CompiledTable,
    classes: Sequence[int],
    statuses: Sequence[RowStatus],
    env: Mapping[str, Any],
    assumed: Mapping[str, Any],
    fired_outputs: Mapping[int, Mapping[str, Any]],
) -> list[RowTrace]:
    """The full trace of every row: each input cell with its fact's value and its verdict.

    ``fired_outputs``: per fired row (0-based), its outputs; a fired row's rationale has
    its ``{fact}`` placeholders filled from the case and those outputs.
    """
    table = compiled.table
    rationales = {r: fill_rationale(table.rules[r].rationale, {**env, **out}) for r, out in fired_outputs.items()}
    rows: list[RowTrace] = []
    for r, (rule, cells, status) in enumerate(zip(table.rules, compiled.row_cells, statuses, strict=True)):
        verdicts = {cell.column: classes[cell.spec_column] in cell.accepts for cell in cells}
        checks = []
        for c, (column, entry) in enumerate(zip(table.inputs, rule.inputs, strict=True)):
            checks.append(CellCheck(
                entry.address, column.fact, env.get(column.fact), column.fact in env, entry.text,
                verdicts.get(c, True), assumed=column.fact in assumed,
            ))
        failing = checks[status.failing] if status.failing is not None else None
        rows.append(RowTrace(
            rule=rule.number, row=rule.row, state=status.state, failing=failing,
            missing=status.missing, citation=rule.citation,
            rationale=rationales.get(r, rule.rationale), cells=tuple(checks),
        ))
    return rows


def fill_rationale(template: str | None, env: Mapping[str, Any]) -> str | None:
    """Replace ``{fact}`` with the fact's value; nothing else in the text is read."""
    if not template:
        return template

    def value_of(match: re.Match[str]) -> str:
        name = " ".join(match.group(1).split())
        if name not in env:
            return "not documented"
        value = env[name]
        if isinstance(value, str):
            return value
        if isinstance(value, list):
            return ", ".join(v if isinstance(v, str) else to_feel_literal(v) for v in value)
        return to_feel_literal(value)

    return _PLACEHOLDER.sub(value_of, template)
