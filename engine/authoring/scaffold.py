"""A ready-to-fill workbook for a new topic (``imr tables new NAME``).

``engine.authoring.topic_template`` says what the workbook holds: a topic in the shape the
shipped MTUS topics share (guideline sheet dated inside the 2009-2017 MTUS era, the topic's
own facts with their absence rules, ``NAME_determination`` in the shipped row order, worked
examples at the boundaries).  Its tables read the shared facts of the conventions workbook
(``imr_conventions.xlsx``), so it is written beside it, or checked with it from ``tables/``.
``write_scaffold`` writes the spec with ``write_workbook`` and then dresses it for the
author: coloured header rows, frozen panes (the writer's), drop-down lists for the hit
policy, fact types, booleans and enumerations (the shared facts' values read from the
conventions workbook), and a comment on every header cell explaining what goes there and in
what syntax (``engine.authoring.guidance``).  Lists only suggest: a value typed outside one
(a comma list, ``not(...)``) is accepted after a warning, except for the hit policy.
``check_scaffold`` reads and compiles it with the workbooks it depends on and runs its
worked examples.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import openpyxl
from openpyxl.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from engine.authoring import guidance
from engine.authoring.spec import FactSpec, TableSpec
from engine.authoring.topic_template import GUIDELINE_NOTES, topic_spec
from engine.authoring.writer import KIND_ROW, table_layout, write_workbook
from engine.errors import ImrError, Location, WorkbookError
from engine.feel import FeelSyntaxError, parse_literal_list
from engine.model import FactDef, FactType

__all__ = ["CONVENTIONS", "NAME_PATTERN", "check_name", "check_scaffold", "find_conventions", "write_scaffold"]

NAME_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
CONVENTIONS = "imr_conventions.xlsx"  # the shared facts' workbook (docs/content.md)
FILL_ROWS = 200  # rows below the header that get drop-down lists
_BARE = re.compile(r"[A-Za-z][\w\-/' ]*")  # what the reader reads without quotes
_FILLS = {
    "Input": PatternFill("solid", fgColor="DDEBF7"),
    "Output": PatternFill("solid", fgColor="E2EFDA"),
    "Expected": PatternFill("solid", fgColor="E2EFDA"),
    "other": PatternFill("solid", fgColor="EDEDED"),
}


class _Kind(NamedTuple):
    """A fact as a drop-down sees it: its type and allowed values, and whose glossary defines it.

    The reader reads a bare word as a text value only for a fact of the workbook's own
    glossary (a shared fact's ``trial`` would read as a fact name), so a shared fact's
    values are offered as an input message, quoted, never as a list of bare words."""

    type: str
    values: tuple[str, ...]
    shared: bool = False


def check_name(name: str, where: str) -> None:
    """The topic name must be one fact-name word: it prefixes every fact and the table."""
    if not NAME_PATTERN.fullmatch(name) or name in ("true", "false", "null", "not"):
        raise WorkbookError(
            "bad topic name", location=Location(where),
            expected="a letter, then letters, digits or _ (knee_injections)", found=repr(name),
        )


def find_conventions(target: Path, folders: Sequence[Path] = ()) -> Path:
    """The conventions workbook the new one takes its shared facts from: beside it, else in ``folders``."""
    places = list(dict.fromkeys([target.parent, *folders]))
    for folder in places:
        if (folder / CONVENTIONS).is_file():
            return folder / CONVENTIONS
    raise WorkbookError(
        "the new workbook reads the shared facts (request.screen, request.course, ...) of the conventions "
        "workbook", location=Location(str(target)),
        expected=f"{CONVENTIONS} beside it or in --tables FOLDER",
        found="none in " + ", ".join(f"{p}/" for p in places),
    )


def write_scaffold(name: str, path: Path | str, conventions: Path | None = None) -> Path:
    """Write the new workbook for topic ``name`` to ``path`` and return the path.

    ``conventions``: the conventions workbook whose glossary gives the drop-down lists of
    the shared facts' columns (default: ``imr_conventions.xlsx`` beside ``path``, if any).
    """
    target = Path(path)
    check_name(name, str(target))
    spec = topic_spec(name)
    shared = _shared_kinds(conventions or target.parent / CONVENTIONS)
    write_workbook(spec, target)
    book = openpyxl.load_workbook(target)
    kinds = {**shared, **{f.name: _spec_kind(f) for f in spec.facts}}
    _guideline_sheet(book["Guideline"])
    _facts_sheet(book["Facts"])
    for table in spec.tables:
        _table_sheet(_table_ws(book, table.name), table, kinds)
    _tests_sheet(book["Tests"], kinds)
    book.save(target)
    return target


def _shared_kinds(conventions: Path) -> dict[str, _Kind]:
    """The shared facts' drop-down kinds; none when the conventions workbook is absent or does not read."""
    from engine.reader import read_workbook

    if not conventions.is_file():
        return {}
    try:
        glossary = read_workbook(conventions).facts
    except ImrError:
        return {}
    return {name: _def_kind(fact) for name, fact in glossary.items()}


def _spec_kind(fact: FactSpec) -> _Kind:
    try:
        values = parse_literal_list(fact.allowed_values) if fact.allowed_values else []
    except FeelSyntaxError:
        values = []
    return _Kind(fact.type.strip().lower(), tuple(v for v in values if isinstance(v, str)))


def _def_kind(fact: FactDef) -> _Kind:
    values = tuple(v for v in fact.allowed_values or () if isinstance(v, str))
    return _Kind("list" if fact.is_list else fact.type.value, values, shared=True)


# --- sheets -----------------------------------------------------------------------------


def _guideline_sheet(ws: Worksheet) -> None:
    present = {str(ws.cell(row=r, column=1).value): r for r in range(1, ws.max_row + 1)}
    row = ws.max_row
    for key in guidance.GUIDELINE:
        if key not in present:  # optional keys, written blank for the author to fill
            row += 1
            ws.cell(row=row, column=1, value=key).font = Font(bold=True)
            present[key] = row
            if key.startswith("effective"):
                ws.cell(row=row, column=2).number_format = "yyyy-mm-dd"
    for key, text in guidance.GUIDELINE.items():
        note = GUIDELINE_NOTES.get(key)
        _comment(ws.cell(row=present[key], column=1), f"{text}\n{note}" if note else text, height=160)
    ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width or 0, 40)


def _facts_sheet(ws: Worksheet) -> None:
    for col in range(1, ws.max_column + 1):
        cell = ws.cell(row=1, column=col)
        if cell.value in guidance.FACTS:
            text = guidance.FACTS[str(cell.value)]
            _comment(cell, f"{text}\n{guidance.SHARED_FACTS}" if cell.value == "name" else text, height=160)
        if cell.value == "when not documented":
            _dropdown(ws, guidance.ABSENCE_RULES, _column_range(col, 2), strict=False,
                      error='Not a listed rule: any taken as <literal> is accepted (taken as "none").')
    _dropdown(ws, guidance.FACT_TYPES, _column_range(2, 2), strict=False,
              error="Not a listed type: write 'list of ' before a type for a list.")


def _table_sheet(ws: Worksheet, table: TableSpec, facts: Mapping[str, _Kind]) -> None:
    layout = table_layout(table)
    for header_row in (1, 2, 3):
        cell = ws.cell(row=header_row, column=1)
        _comment(cell, guidance.TABLE_HEADER[str(cell.value)])
    _dropdown(ws, guidance.HIT_POLICIES, "B2", strict=True,
              error="Write a hit policy: FIRST, UNIQUE, PRIORITY, ANY, RULE ORDER, OUTPUT ORDER, COLLECT ...")
    last_col = ws.max_column
    for col in range(1, last_col + 1):
        kind = str(ws.cell(row=KIND_ROW, column=col).value)
        ws.cell(row=KIND_ROW, column=col).fill = _FILLS.get(kind, _FILLS["other"])
        if kind in guidance.COLUMNS:
            _comment(ws.cell(row=KIND_ROW, column=col), guidance.COLUMNS[kind])
    for key in ("values_row", "default_row"):
        if (row := layout[key]) is not None:
            label = ws.cell(row=row, column=1)
            _comment(label, guidance.LABELS[str(label.value)])
    first = layout["first_rule_row"]
    assert first is not None
    rows = (first, first + FILL_ROWS)
    first_input, first_output = layout["first_input_col"], layout["first_output_col"]
    assert first_input is not None and first_output is not None
    for offset, fact in enumerate(table.inputs):
        col = first_input + offset
        choices = _choices(facts.get(fact), for_input=True)
        if choices:
            _dropdown(ws, choices, _column_range(col, rows[0], rows[1]), strict=False,
                      error="Not a listed value: any S-FEEL test is accepted.", prompt=guidance.INPUT_PROMPT)
        else:
            _prompt(ws, _column_range(col, rows[0], rows[1]), _hint(facts.get(fact), guidance.INPUT_PROMPT))
    for offset, fact in enumerate(table.outputs):
        col = first_output + offset
        choices = _choices(facts.get(fact), for_input=False)
        if choices:
            _dropdown(ws, choices, _column_range(col, rows[0], rows[1]), strict=False,
                      error="Not a listed value of the fact.", prompt=guidance.OUTPUT_PROMPT)
        else:
            _prompt(ws, _column_range(col, rows[0], rows[1]), guidance.OUTPUT_PROMPT)
    if table.rules:
        _comment(ws.cell(row=first, column=first_input), guidance.INPUT_CELL, height=260)
        _comment(ws.cell(row=first, column=first_output), guidance.OUTPUT_CELL)


def _tests_sheet(ws: Worksheet, facts: Mapping[str, _Kind]) -> None:
    """Row 1 (kinds) and row 2 (fact names) as the writer left them say what each column is."""
    for col in range(1, ws.max_column + 1):
        kind = str(ws.cell(row=1, column=col).value)
        ws.cell(row=1, column=col).fill = _FILLS.get(kind, _FILLS["other"])
        if kind in guidance.TESTS:
            _comment(ws.cell(row=1, column=col), guidance.TESTS[kind])
        fact = facts.get(str(ws.cell(row=2, column=col).value))
        if kind in ("Input", "Expected") and fact is not None:
            choices = _choices(fact, for_input=False)
            if kind == "Expected" and choices:
                choices.append("null")
            if choices:
                _dropdown(ws, choices, _column_range(col, 3), strict=False, error="Not a listed value of the fact.")
            elif (hint := _hint(fact, "")) != "":
                _prompt(ws, _column_range(col, 3), hint)
        elif kind == "As of":
            for row in range(3, 3 + FILL_ROWS):
                ws.cell(row=row, column=col).number_format = "yyyy-mm-dd"


def _table_ws(book: openpyxl.Workbook, name: str) -> Worksheet:
    for ws in book.worksheets:
        if ws.cell(row=1, column=1).value == "Decision table" and ws.cell(row=1, column=2).value == name:
            return ws
    raise LookupError(name)  # the writer wrote every table of the spec


# --- cells ------------------------------------------------------------------------------


def _choices(fact: _Kind | None, *, for_input: bool) -> list[str]:
    """Drop-down entries for a fact's column: true/false, or bare words the reader quotes itself."""
    if fact is None:
        return []
    if fact.type == FactType.BOOLEAN.value:
        return ["true", "false", "-"] if for_input else ["true", "false"]
    if fact.shared:
        return []  # see _Kind: offered quoted, by _hint
    words = [v for v in fact.values if _BARE.fullmatch(v)]
    return [*words, "-"] if for_input and words else words


def _hint(fact: _Kind | None, default: str) -> str:
    """The input message of a column without a list: a shared fact's values, quoted, else ``default``."""
    if fact is None or not fact.shared or not fact.values:
        return default
    text = "A shared fact (imr_conventions.xlsx): quote its values, " + ", ".join(f'"{v}"' for v in fact.values)
    return text if len(text) <= 255 else default  # Excel's limit for an input message


def _column_range(col: int, first: int, last: int | None = None) -> str:
    letter = get_column_letter(col)
    return f"{letter}{first}:{letter}{last or first + FILL_ROWS}"


def _dropdown(ws: Worksheet, choices: Iterable[str], cells: str, *, strict: bool, error: str,
              prompt: str | None = None) -> None:
    formula = '"' + ",".join(choices) + '"'
    if len(formula) > 255:  # Excel's limit for a list typed into the validation
        return
    validation = DataValidation(
        type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
        errorStyle="stop" if strict else "warning", errorTitle="Check the value", error=error,
        showInputMessage=prompt is not None, prompt=prompt,
    )
    validation.add(cells)
    ws.add_data_validation(validation)


def _prompt(ws: Worksheet, cells: str, prompt: str) -> None:
    """An input message only (no list): the syntax, shown when a cell is selected."""
    validation = DataValidation(showInputMessage=True, prompt=prompt, allow_blank=True)
    validation.add(cells)
    ws.add_data_validation(validation)


def _comment(cell: Cell, text: str, height: int = 120) -> None:
    comment = Comment(text, guidance.AUTHOR)
    comment.width, comment.height = 360, height
    cell.comment = comment


def check_scaffold(path: Path, context: Sequence[Path] = ()) -> list[str]:
    """Read the new workbook, compile it with the workbooks it depends on (its folder's, or
    ``context``'s: the conventions workbook) and run its worked examples; raises the first
    problem (one line).  Then compile it with every workbook there (tables chain across
    workbooks) and return what clashes, as warnings."""
    from engine.compiler.rulebase import compile_rulebase, workbook_paths
    from engine.reader import read_workbook
    from engine.runtime.worked_examples import run_example
    from engine.validation.dependencies import dependencies

    workbook = read_workbook(path)
    folders = list(context) or [path.parent]
    others = [p for p in workbook_paths(folders) if p.resolve() != path.resolve()]
    candidates, warnings = [], []
    for other in others:
        try:
            candidates.append(read_workbook(other))
        except ImrError as error:
            warnings.append(f"a workbook beside it does not read: {error}")
    rulebase = compile_rulebase([*dependencies([workbook], candidates), workbook])
    try:
        failures = [line for test in workbook.tests for line in run_example(rulebase, workbook, test).failures]
    finally:
        rulebase.close()
    if failures:
        raise WorkbookError("a worked example does not pass", location=Location(str(path)), found=failures[0])
    try:
        together = compile_rulebase([*candidates, workbook])
    except ImrError as error:
        return [*warnings, f"with the other workbooks of {', '.join(map(str, folders))}: {error}"]
    together.close()
    return warnings
