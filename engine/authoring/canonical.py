"""The canonical text of a workbook: what it says, not how Excel stored it.

``imr tables show`` prints it and git uses it as the textconv driver of ``*.xlsx``
(docs/authoring.md), so the text depends only on what the reader understood:

- every rule cell is printed from its parsed S-FEEL tree (``> 6`` whether the author
  typed ``>6`` or ``> 6``; ``6`` whether Excel stored a number or the text ``6``; a date
  cell and the text ``date("2015-04-01")`` print alike; bare words in a text column print
  quoted);
- test values are printed as FEEL literals of the fact's type;
- fonts, fills, widths, comments, data validations, sheet order of the glossary and the
  worksheet rows a rule sits on do not show;
- no file path is printed (git hands the driver temporary copies).

Rules are printed in order without their numbers, so inserting a rule changes one line
of a diff, not every line below it (``numbered=True`` adds them for reading).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from engine.feel.values import to_feel_literal
from engine.model import DecisionTable, FactDef, Rule, Workbook, WorkbookTest

__all__ = [
    "fact_summary",
    "hit_policy_text",
    "input_text",
    "output_text",
    "raw_text",
    "rule_cells",
    "rule_line",
    "show_workbook",
    "value_text",
]

INDENT = "  "


def value_text(value: Any) -> str:
    """A FEEL value as literal text (a list as comma-separated literals)."""
    return to_feel_literal(list(value) if isinstance(value, tuple) else value)


def input_text(tests: Any) -> str:
    """An input cell's unary tests as canonical S-FEEL text."""
    return str(tests)


def output_text(expression: Any) -> str:
    """An output cell's expression as canonical S-FEEL text."""
    return str(expression)


def rule_cells(table: DecisionTable, rule: Rule) -> dict[str, str]:
    """Per column fact (inputs, then outputs), the rule's cell as canonical text."""
    cells = {col.fact: input_text(entry.tests) for col, entry in zip(table.inputs, rule.inputs, strict=True)}
    for col, out in zip(table.outputs, rule.outputs, strict=True):
        cells[col.fact] = output_text(out.expression)
    return cells


def rule_line(table: DecisionTable, rule: Rule) -> str:
    """``"initial" | [1..6] => "Overturned"``: the inputs, then the outputs."""
    inputs = " | ".join(input_text(e.tests) for e in rule.inputs)
    outputs = " | ".join(output_text(e.expression) for e in rule.outputs)
    return f"{inputs} => {outputs}"


def hit_policy_text(table: DecisionTable) -> str:
    """``FIRST``, ``COLLECT SUM``: the DMN name, however the author wrote it."""
    policy = table.hit_policy.value
    return f"{policy} {table.aggregation.value}" if table.aggregation is not None else policy


def fact_summary(fact: FactDef) -> str:
    """``integer (sessions)``, ``enumeration "a","b"``, ``list of text``."""
    text = ("list of " if fact.is_list else "") + fact.type.value
    if fact.allowed_values:
        text += " " + ",".join(value_text(v) for v in fact.allowed_values)
    if fact.unit:
        text += f" ({fact.unit})"
    return text


def show_workbook(workbook: Workbook, *, numbered: bool = False) -> str:
    """The whole workbook as canonical text, ending with a newline."""
    lines: list[str] = []
    lines += _guideline(workbook)
    lines += _facts(workbook.facts)
    for table in workbook.tables:
        lines += _table(table, numbered)
    lines += _tests(workbook.tests)
    return "\n".join(lines) + "\n"


def _field(label: str, value: object, depth: int = 1) -> list[str]:
    """``label: value``; text on several lines continues indented under the label."""
    if value is None or value == "":
        return []
    first, *rest = str(value).splitlines() or [""]
    pad = INDENT * depth
    return [f"{pad}{label}: {first}"] + [f"{pad}{INDENT}{line}" for line in rest]


def _guideline(workbook: Workbook) -> list[str]:
    g = workbook.guideline
    lines = ["guideline"]
    for label, value in (
        ("id", g.id), ("title", g.title), ("citation", g.citation), ("edition", g.edition),
        ("effective from", g.effective_from), ("effective to", g.effective_to), ("owner", g.owner),
    ):
        lines += _field(label, value)
    return lines


def _facts(facts: dict[str, FactDef]) -> list[str]:
    lines = ["", "facts"]
    for name in sorted(facts):
        fact = facts[name]
        lines.append(f"{INDENT}{name}: {fact_summary(fact)}")
        lines += _field("description", fact.description, 2)
        lines += _field("question", fact.question, 2)
        if fact.absence is not None:
            lines += _field("when not documented", fact.absence.text, 2)
            lines += _field("absence basis", fact.absence.basis, 2)
    return lines


def _table(table: DecisionTable, numbered: bool) -> list[str]:
    lines = ["", f"table {table.name}"]
    lines += _field("sheet", table.sheet)
    lines += _field("hit policy", hit_policy_text(table))
    lines += _field("description", table.description)
    lines += _field("inputs", " | ".join(c.fact for c in table.inputs))
    lines += _field("outputs", " | ".join(c.fact for c in table.outputs))
    for col in table.inputs:
        if col.input_values is not None:
            lines += _field(f"input values of {col.fact}", input_text(col.input_values))
    for out in table.outputs:
        if out.output_values is not None:
            lines += _field(f"output values of {out.fact}", ",".join(value_text(v) for v in out.output_values))
        if out.default is not None:
            lines += _field(f"default of {out.fact}", output_text(out.default.expression))
    lines.append(f"{INDENT}rules")
    for rule in table.rules:
        prefix = f"{rule.number}: " if numbered else ""
        lines.append(f"{INDENT * 2}{prefix}{rule_line(table, rule)}")
        lines += _field("citation", rule.citation, 3)
        lines += _field("rationale", rule.rationale, 3)
        lines += _field("annotation", rule.annotation, 3)
    return lines


def _tests(tests: Iterable[WorkbookTest]) -> list[str]:
    tests = list(tests)
    if not tests:
        return []
    lines = ["", "tests"]
    for test in tests:
        when = f" as of {test.as_of.isoformat()}" if test.as_of else ""
        lines.append(f"{INDENT}{test.id}{when}")
        lines += _field("description", test.description, 2)
        lines += _field("given", _pairs(test.inputs), 2)
        lines += _field("expect", _pairs(test.expected), 2)
        lines += _field("expect error", test.expected_error, 2)
    return lines


def _pairs(values: dict[str, Any]) -> str:
    return "; ".join(f"{name} = {value_text(v)}" for name, v in values.items())


def raw_text(path: Path | str) -> str:
    """Every non-empty cell as ``Sheet!A1: value``: the fallback for a workbook the reader
    rejects, so that a diff of a half-edited workbook still shows something."""
    from engine.reader.sheets import cell_name, open_workbook

    book = open_workbook(Path(path))
    lines: list[str] = []
    for title, grid in book.grids.items():
        lines.append(f"sheet {title}")
        for r in range(1, grid.max_row + 1):
            for c in range(1, grid.max_col + 1):
                value = grid.value(r, c)
                if value is not None and str(value).strip():
                    lines.append(f"{INDENT}{cell_name(r, c)}: {_raw(value)}")
    return "\n".join(lines) + "\n"


def _raw(value: Any) -> str:
    if isinstance(value, str):
        return value.strip().replace("\n", "\\n")
    try:
        return to_feel_literal(value)
    except TypeError:
        return str(value)
