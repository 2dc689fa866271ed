"""Decision-table sheets: header block, kind row, name row, rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.errors import WorkbookError, did_you_mean
from engine.feel import FeelSyntaxError, parse_expression, parse_literal_list, parse_unary_tests
from engine.model import (
    Aggregation,
    DecisionTable,
    FactDef,
    Guideline,
    HitPolicy,
    InputColumn,
    InputEntry,
    OutputColumn,
    OutputEntry,
    Rule,
)
from engine.reader.cells import cell_feel_text, is_textual, quote_bare_words
from engine.reader.sheets import Grid

TABLE_MARKER = "decision table"
HEADER_KEYS = ("decision table", "hit policy", "description")
COLUMN_KINDS = ("input", "output", "citation", "rationale", "annotation")
LABEL_ROWS = ("output values", "default")

HIT_POLICIES: dict[str, tuple[HitPolicy, Aggregation | None]] = {
    "U": (HitPolicy.UNIQUE, None),
    "A": (HitPolicy.ANY, None),
    "P": (HitPolicy.PRIORITY, None),
    "F": (HitPolicy.FIRST, None),
    "R": (HitPolicy.RULE_ORDER, None),
    "O": (HitPolicy.OUTPUT_ORDER, None),
    "C": (HitPolicy.COLLECT, None),
    "C+": (HitPolicy.COLLECT, Aggregation.SUM),
    "C#": (HitPolicy.COLLECT, Aggregation.COUNT),
    "C<": (HitPolicy.COLLECT, Aggregation.MIN),
    "C>": (HitPolicy.COLLECT, Aggregation.MAX),
}
for _code, (_policy, _agg) in list(HIT_POLICIES.items()):
    _long = _policy.value if _agg is None else f"{_policy.value} {_agg.value}"
    HIT_POLICIES[_long] = (_policy, _agg)


def is_table_sheet(grid: Grid) -> bool:
    return grid.text(1, 1).lower().rstrip(":") == TABLE_MARKER


@dataclass
class _Column:
    col: int
    kind: str
    fact: str = ""


def parse_hit_policy(text: str) -> tuple[HitPolicy, Aggregation | None] | None:
    return HIT_POLICIES.get(" ".join(text.upper().split()))


def read_table(
    grid: Grid, guideline: Guideline, facts: dict[str, FactDef]
) -> DecisionTable:
    header: dict[str, tuple[str, int]] = {}
    kind_row = 0
    for row in grid.row_numbers():
        key = grid.text(row, 1).lower().rstrip(":")
        if key == "#":
            kind_row = row
            break
        if not key:
            continue
        if key not in HEADER_KEYS:
            raise WorkbookError(
                "unknown table header", location=grid.location(row, 1),
                expected="one of " + ", ".join(repr(k) for k in HEADER_KEYS) + " or the '#' row",
                found=repr(grid.text(row, 1)), hint=did_you_mean(key, HEADER_KEYS),
            )
        header[key] = (grid.text(row, 2), row)
    if not kind_row:
        raise WorkbookError(
            "the table has no column header row", location=grid.location(1, 1),
            expected="a row with '#' in column A, then Input/Output/Citation/Rationale",
            found="none",
        )
    if TABLE_MARKER not in header:  # read_workbook only reads sheets that is_table_sheet accepts
        raise WorkbookError(
            "not a decision table sheet", location=grid.location(1, 1),
            expected="'Decision table' in cell A1", found=repr(grid.text(1, 1)) if grid.text(1, 1) else "an empty cell",
        )
    name, name_row = header[TABLE_MARKER]
    if not name:
        raise WorkbookError(
            "the table has no name", location=grid.location(name_row, 2),
            expected="the decision table's name", found="an empty cell",
        )
    policy_text, policy_row = header.get("hit policy", ("", 0))
    policy = parse_hit_policy(policy_text)
    if policy is None:
        raise WorkbookError(
            "unknown hit policy", location=grid.location(policy_row or kind_row, 2),
            expected="one of U, A, P, F, R, O, C, C+, C#, C<, C> (or the DMN names)",
            found=repr(policy_text) if policy_text else "none",
        )
    columns = _read_columns(grid, kind_row)
    inputs, outputs = _read_column_defs(grid, kind_row, columns, facts)
    first_rule_row = kind_row + 2
    while grid.text(first_rule_row, 1).lower().rstrip(":") in LABEL_ROWS:
        first_rule_row += 1
    rules = _read_rules(grid, first_rule_row, columns, facts)
    return DecisionTable(
        name=name, sheet=grid.sheet, workbook=grid.file, guideline_id=guideline.id,
        edition=guideline.edition, hit_policy=policy[0], aggregation=policy[1],
        description=header.get("description", ("", 0))[0] or None,
        inputs=tuple(inputs), outputs=tuple(outputs), rules=tuple(rules),
        address=grid.address(name_row, 2),
    )


def _read_columns(grid: Grid, kind_row: int) -> list[_Column]:
    columns: list[_Column] = []
    for col in range(2, grid.max_col + 1):
        kind = grid.text(kind_row, col).lower()
        if not kind:
            continue
        if kind not in COLUMN_KINDS:
            raise WorkbookError(
                "unknown column kind", location=grid.location(kind_row, col),
                expected="one of Input, Output, Citation, Rationale, Annotation",
                found=repr(grid.text(kind_row, col)), hint=did_you_mean(kind, COLUMN_KINDS),
            )
        fact = " ".join(grid.text(kind_row + 1, col).split())
        if kind in ("input", "output") and not fact:
            raise WorkbookError(
                f"{kind} column names no fact", location=grid.location(kind_row + 1, col),
                expected="the name of the fact the column reads or writes", found="an empty cell",
            )
        columns.append(_Column(col, kind, fact))
    kinds = [c.kind for c in columns]
    for needed in ("input", "output"):
        if needed not in kinds:
            raise WorkbookError(
                f"the table has no {needed} column", location=grid.location(kind_row, 2),
                expected=f"at least one column marked {needed.capitalize()}",
                found=", ".join(kinds) or "no columns",
            )
    return columns


def _label_row(grid: Grid, kind_row: int, label: str) -> int:
    row = kind_row + 2
    while (key := grid.text(row, 1).lower().rstrip(":")) in LABEL_ROWS:
        if key == label:
            return row
        row += 1
    return 0


def _read_column_defs(
    grid: Grid, kind_row: int, columns: list[_Column], facts: dict[str, FactDef]
) -> tuple[list[InputColumn], list[OutputColumn]]:
    values_row = _label_row(grid, kind_row, "output values")
    default_row = _label_row(grid, kind_row, "default")
    inputs: list[InputColumn] = []
    outputs: list[OutputColumn] = []
    for column in columns:
        fact = facts.get(column.fact)
        address = grid.address(kind_row + 1, column.col)
        values_text = cell_feel_text(grid, values_row, column.col, fact) if values_row else ""
        if column.kind == "input":
            input_values = None
            if values_text:
                input_values = _parse_tests(grid, values_row, column.col, values_text, fact, facts)
            inputs.append(InputColumn(fact=column.fact, address=address, input_values=input_values))
        elif column.kind == "output":
            output_values = None
            if values_text:
                output_values = tuple(_parse_values(grid, values_row, column.col, values_text, fact))
            default = None
            if default_row and (text := cell_feel_text(grid, default_row, column.col, fact)):
                default = _parse_output(grid, default_row, column.col, text, fact, facts)
            outputs.append(OutputColumn(
                fact=column.fact, address=address, output_values=output_values, default=default,
            ))
    return inputs, outputs


def _read_rules(
    grid: Grid, first_row: int, columns: list[_Column], facts: dict[str, FactDef]
) -> list[Rule]:
    rules: list[Rule] = []
    for row in grid.row_numbers(first_row):
        if grid.is_blank_row(row):
            continue
        number = len(rules) + 1
        written = grid.value(row, 1)
        if written not in (None, "") and grid.text(row, 1) not in (str(number), f"{number}.0"):
            raise WorkbookError(
                "rule number out of sequence", location=grid.location(row, 1),
                expected=f"{number} (or a blank cell)", found=repr(grid.text(row, 1)),
            )
        inputs: list[InputEntry] = []
        outputs: list[OutputEntry] = []
        texts: dict[str, str | None] = {"citation": None, "rationale": None, "annotation": None}
        citation_address = None
        for column in columns:
            fact = facts.get(column.fact)
            text = cell_feel_text(grid, row, column.col, fact)
            if column.kind in texts:
                texts[column.kind] = text or None
                if column.kind == "citation":
                    citation_address = grid.address(row, column.col)
                continue
            if not text:
                what = "a test, or - for any value" if column.kind == "input" else "an output value"
                raise WorkbookError(
                    f"empty {column.kind} cell for {column.fact!r}", location=grid.location(row, column.col),
                    expected=what, found="an empty cell",
                )
            if column.kind == "input":
                tests = _parse_tests(grid, row, column.col, text, fact, facts)
                inputs.append(InputEntry(text=text, address=grid.address(row, column.col), tests=tests))
            else:
                outputs.append(_parse_output(grid, row, column.col, text, fact, facts))
        rules.append(Rule(
            number=number, row=row, inputs=tuple(inputs), outputs=tuple(outputs),
            citation=texts["citation"], rationale=texts["rationale"],
            annotation=texts["annotation"], citation_address=citation_address,
        ))
    return rules


def _syntax_error(grid: Grid, row: int, col: int, what: str, text: str, exc: FeelSyntaxError) -> WorkbookError:
    return WorkbookError(
        f"cannot read {what}", location=grid.location(row, col),
        expected=exc.expected, found=f"{exc.found} at character {exc.column} of {text!r}", hint=_fix(text),
    )


_DASH_RANGE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:-|\u2013|\u2014|to)\s*(-?\d+(?:\.\d+)?)\s*$")
_AT_LEAST = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*\+\s*$")


def _fix(text: str) -> str | None:
    """What the author probably meant, for the commonest slips: ``1-6`` is a range, ``6+`` at least 6."""
    if match := _DASH_RANGE.match(text):
        return f"write [{match[1]}..{match[2]}] for a range"
    if match := _AT_LEAST.match(text):
        return f"write >= {match[1]} for {match[1]} or more"
    return None


def _needs_quoting(names: frozenset[str], fact: FactDef | None, facts: dict[str, FactDef]) -> bool:
    return is_textual(fact) and bool(names) and not any(n in facts for n in names)


def _parse_tests(
    grid: Grid, row: int, col: int, text: str, fact: FactDef | None, facts: dict[str, FactDef]
) -> Any:
    try:
        tests = parse_unary_tests(text)
    except FeelSyntaxError as exc:
        quoted = _quoted(parse_unary_tests, text) if is_textual(fact) else None
        if quoted is None:
            raise _syntax_error(grid, row, col, "the input test", text, exc) from None
        return quoted[1]
    if _needs_quoting(tests.names(), fact, facts) and (quoted := _quoted(parse_unary_tests, text)):
        return quoted[1]
    return tests


def _parse_output(
    grid: Grid, row: int, col: int, text: str, fact: FactDef | None, facts: dict[str, FactDef]
) -> OutputEntry:
    address = grid.address(row, col)
    try:
        expression = parse_expression(text)
    except FeelSyntaxError as exc:
        quoted = _quoted(parse_expression, text) if is_textual(fact) and "," not in text else None
        if quoted is None:
            raise _syntax_error(grid, row, col, "the output value", text, exc) from None
        return OutputEntry(text=quoted[0], address=address, expression=quoted[1])
    if _needs_quoting(expression.names(), fact, facts) and "," not in text:
        quoted = _quoted(parse_expression, text)
        if quoted:
            return OutputEntry(text=quoted[0], address=address, expression=quoted[1])
    return OutputEntry(text=text, address=address, expression=expression)


def _quoted(parse: Callable[[str], Any], text: str) -> tuple[str, Any] | None:
    """Bare words quoted (``lumbar`` -> ``"lumbar"``) and parsed, or None when that does not parse.

    ``not(lumbar)`` quotes to unary tests but not to an output expression.
    """
    quoted = quote_bare_words(text)
    if quoted is None:
        return None
    try:
        return quoted, parse(quoted)
    except FeelSyntaxError:
        return None


def _parse_values(grid: Grid, row: int, col: int, text: str, fact: FactDef | None) -> list[Any]:
    if is_textual(fact) and '"' not in text:
        text = ",".join(f'"{p.strip()}"' for p in text.split(","))
    try:
        return parse_literal_list(text)
    except FeelSyntaxError as exc:
        raise _syntax_error(grid, row, col, "the output values", text, exc) from None
