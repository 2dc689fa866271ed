"""A decision table and its trace, as the reviewer reads them: cells as written, states in words.

Pure functions over the engine's table model (``DecisionTable``) and trace
(``TableResult``, ``RowTrace``, ``CellCheck``); the widgets in ``tui/widgets/`` only lay
them out.  Every string that came from a workbook or a case is wrapped in
``rich.text.Text`` (never parsed as markup), so ``[b]`` in a cell shows as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text

from engine import (
    CellCheck,
    DecisionTable,
    Evaluation,
    RowState,
    RowTrace,
    Rule,
    Rulebase,
    TableResult,
    to_feel_literal,
    upstream,
)
from engine.authoring import hit_policy_words
from tui.text import literal
from tui.words import fact_label, plain_rationale, table_label, taken_words

# Colour only repeats what the words say (house rule: never colour alone).
STATE_STYLE = {
    RowState.FIRED: "bold green",
    RowState.NOT_FIRED: "dim",
    RowState.UNDECIDED: "yellow",
}
SELECTED = "selected"


@dataclass(frozen=True)
class ChainLink:
    """A fact a row reads that another table decides: following it opens that table."""

    fact: str
    table: str


def chain(rulebase: Rulebase, evaluation: Evaluation, deciding: str) -> list[str]:
    """The deciding table and the tables it reads from (as evaluated), the deciding table first."""
    return [name for name in upstream(rulebase, deciding) if name in evaluation.tables]


def table_model(rulebase: Rulebase, result: TableResult) -> DecisionTable:
    """The edition of the table that was evaluated."""
    return next(c.table for c in rulebase.tables[result.name] if c.table.edition == result.edition)


def state_words(row: RowTrace, result: TableResult) -> str:
    """``fired``, ``not fired``, ``undecided``, and ``selected`` when the hit policy chose it."""
    words = row.state.value
    return f"{words}, {SELECTED}" if row.rule in result.selected else words


def state_text(row: RowTrace, result: TableResult) -> Text:
    return literal(state_words(row, result), style=STATE_STYLE[row.state])


def header(table: DecisionTable) -> list[str]:
    """Column labels: rule, state, each input fact's label, each output's (after an arrow), citation."""
    return (["rule", "state"] + [fact_label(c.fact) for c in table.inputs]
            + [f"-> {fact_label(c.fact)}" for c in table.outputs] + ["citation"])


def row_cells(table: DecisionTable, result: TableResult, rule: Rule) -> list[Text]:
    """One row as the author wrote it, its state in words; the failing cell says so, a cell
    waiting for an undocumented fact is marked ``(?)``."""
    trace = result.rows[rule.number - 1]
    failing = trace.failing.address if trace.failing else None
    waiting = {c.address for c in trace.cells if cell_verdict(c) == "not documented"}
    cells = [literal(str(rule.number)), state_text(trace, result)]
    for entry in rule.inputs:
        if entry.address == failing:
            cells.append(Text.assemble(literal(entry.text, style="underline"), " (fails)"))
        elif entry.address in waiting:
            cells.append(Text.assemble(literal(entry.text), " (?)"))
        else:
            cells.append(literal(entry.text))
    cells.extend(literal(out.text) for out in rule.outputs)
    cells.append(literal(rule.citation or ""))
    return cells


def cell_verdict(cell: CellCheck) -> str:
    """``passes``, ``fails``, ``any value`` (a ``-`` cell) or ``not documented``.

    A cell decided on a fact's absence rule passes or fails like any other; its value says so.
    """
    if cell.test.strip() == "-":
        return "any value"
    if not cell.documented and not cell.passed:
        return "not documented"
    return "passes" if cell.passed else "fails"


def value_words(value: Any) -> str:
    """A value as a reviewer reads it: text as written (no quotes), yes / no, numbers, lists."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | type(None)):
        return taken_words(value)
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(value_words(v) for v in value)
    return to_feel_literal(value)


def shown_value(cell: CellCheck) -> str:
    if cell.assumed:
        return f"not documented: taken as {value_words(cell.value)}"
    return value_words(cell.value) if cell.documented else "not documented"


def known_values(evaluation: Evaluation) -> dict[str, str]:
    """Every fact a cell of the evaluation read, in words: what a rationale's ``{fact}`` is filled with."""
    values: dict[str, str] = {}
    for result in evaluation.tables.values():
        for row in result.rows:
            for cell in row.cells:
                if cell.documented or cell.assumed:
                    values.setdefault(cell.fact, value_words(cell.value))
    return values


DETAIL_COLUMNS = ["verdict", "fact", "value", "test", "cell", "decided by"]


def cell_cells(cell: CellCheck, link: ChainLink | None = None) -> list[Text]:
    """One input cell of the highlighted row: why, the fact, its value, the test, ``Rules!C7``, its table."""
    verdict = cell_verdict(cell)
    style = {"passes": "green", "fails": "bold red", "not documented": "yellow"}.get(verdict, "dim")
    return [literal(verdict, style=style), literal(fact_label(cell.fact)), literal(shown_value(cell)),
            literal(cell.test), literal(cell.address),
            literal(f"{table_label(link.table)} (enter opens it)" if link else "", style="italic")]


def row_links(rulebase: Rulebase, evaluation: Evaluation, trace: RowTrace) -> dict[str, ChainLink]:
    """Per cell address: the table deciding the fact the cell reads, for cells that test it."""
    links: dict[str, ChainLink] = {}
    for cell in trace.cells:
        producer = rulebase.producers.get(cell.fact)
        if producer is not None and producer in evaluation.tables and cell.test.strip() != "-":
            links[cell.address] = ChainLink(cell.fact, producer)
    return links


def row_detail(table: DecisionTable, result: TableResult, rule: Rule,
               links: dict[str, ChainLink]) -> list[tuple[str, list[Text]]]:
    """The highlighted row as table rows: every input cell (why it passed or failed), then each output."""
    trace = result.rows[rule.number - 1]
    rows = [(cell.address, cell_cells(cell, links.get(cell.address))) for cell in trace.cells]
    for column, out in zip(table.outputs, rule.outputs, strict=True):
        rows.append((out.address, [literal("output", style="dim"), literal(fact_label(column.fact)), literal(out.text),
                                   literal(""), literal(out.address), literal("")]))
    return rows


def row_heading(result: TableResult, rule: Rule, values: dict[str, str] | None = None) -> Text:
    """``Rule 6 (row 13): fired, selected``, then the missing facts, citation and rationale.

    A row that did not fire keeps its rationale as written, ``{fact}`` and all: each is filled
    with the fact's value where the evaluation read it (``values``), else with its label.
    """
    trace = result.rows[rule.number - 1]
    lines = [Text.assemble(literal(f"Rule {rule.number} (row {rule.row}): ", style="bold"), state_text(trace, result))]
    if trace.missing:
        lines.append(Text.assemble("missing: ", literal(", ".join(fact_label(m) for m in trace.missing))))
    if rule.citation:
        lines.append(Text.assemble("citation: ", literal(rule.citation)))
    rationale = trace.rationale or rule.rationale
    if rationale:
        if trace.state is not RowState.FIRED:  # a fired row's rationale was filled by the engine
            rationale = plain_rationale(rationale, values or {})
        lines.append(Text.assemble("rationale: ", literal(rationale)))
    if rule.annotation:
        lines.append(Text.assemble("note: ", literal(rule.annotation)))
    return literal("\n").join(lines)


def table_title(table: DecisionTable, result: TableResult) -> Text:
    """``acupuncture determination: Overturned; the first matching row decides (acupuncture.xlsx, edition 2007)``."""
    value: Any = result.value
    shown = "undecided" if value is None and not result.decided else value_words(value)
    title = Text.assemble(
        literal(table_label(table.name), style="bold"), ": ", literal(shown, style="bold"), "; ",
        literal(hit_policy_words(result.hit_policy)),
        literal(f" ({table.workbook.rsplit('/', 1)[-1]}, edition {result.edition})", style="dim"),
    )
    if result.violation:
        title.append_text(Text.assemble(" - ", literal(result.violation)))
    if table.description:
        title.append_text(Text.assemble("\n", literal(table.description, style="italic")))
    return title
