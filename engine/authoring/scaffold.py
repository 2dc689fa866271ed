"""A ready-to-fill workbook for a new topic (``imr tables new NAME``).

``scaffold_spec`` says what the workbook holds: a guideline sheet to fill in, a glossary
of four facts of the topic (an enumeration, an integer, a boolean and the
``<topic>.outcome`` the case layer decides on), one decision table with one example
rule, and one worked example that passes.  ``write_scaffold`` writes it with
``write_workbook`` and then dresses it for the author: coloured header rows, frozen
panes (the writer's), drop-down lists for the hit policy, fact types, booleans and
enumerations, and a comment on every header cell explaining what goes there and in what
syntax (``engine.authoring.guidance``).  Lists only suggest: a value typed outside one
(a comma list, ``not(...)``) is accepted after a warning, except for the hit policy.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import openpyxl
from openpyxl.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from engine.authoring import guidance
from engine.authoring.spec import FactSpec, GuidelineSpec, RuleSpec, TableSpec, TestSpec, WorkbookSpec
from engine.authoring.writer import KIND_ROW, table_layout, write_workbook
from engine.errors import Location, WorkbookError
from engine.feel import FeelSyntaxError, parse_literal_list

__all__ = ["NAME_PATTERN", "check_name", "check_scaffold", "scaffold_spec", "write_scaffold"]

NAME_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
FILL_ROWS = 200  # rows below the header that get drop-down lists
_BARE = re.compile(r"[A-Za-z][\w\-/' ]*")  # what the reader reads without quotes
_FILLS = {
    "Input": PatternFill("solid", fgColor="DDEBF7"),
    "Output": PatternFill("solid", fgColor="E2EFDA"),
    "Expected": PatternFill("solid", fgColor="E2EFDA"),
    "other": PatternFill("solid", fgColor="EDEDED"),
}


def check_name(name: str, where: str) -> None:
    """The topic name must be one fact-name word: it prefixes every fact and the table."""
    if not NAME_PATTERN.fullmatch(name) or name in ("true", "false", "null", "not"):
        raise WorkbookError(
            "bad topic name", location=Location(where),
            expected="a letter, then letters, digits or _ (knee_injections)", found=repr(name),
        )


def scaffold_spec(name: str, today: dt.date) -> WorkbookSpec:
    """The content of a new workbook for topic ``name``."""
    words = name.replace("_", " ")
    kind, sessions, improved, outcome = (f"{name}.{f}" for f in (
        "request_type", "sessions_requested", "functional_improvement", "outcome"))
    table = TableSpec(
        name=f"{name}_determination", hit_policy="FIRST",
        description=f"When a {words} request is medically necessary (fill in the guideline sections).",
        inputs=(kind, sessions, improved), outputs=(outcome,),
        output_values=('"Overturned","Upheld"',),
        rules=(RuleSpec(
            inputs=('"initial"', "[1..6]", "-"), outputs=('"Overturned"',),
            citation="8 CCR 9792.xx(a) (fill in)",
            rationale=f"A first trial of {{{sessions}}} sessions is within the 6 the guideline allows.",
            annotation="Example rule: replace it with the guideline's criteria.",
        ),),
        annotation_column=True,
    )
    return WorkbookSpec(
        guideline=GuidelineSpec(
            id=name.replace("_", "-"), title=f"{words.capitalize()} guideline (fill in the title)",
            citation="8 CCR 9792.xx (fill in)", edition=str(today.year),
        ),
        facts=(
            FactSpec(name=kind, type="enumeration", allowed_values='"initial","extension"',
                     description="A first trial, or more treatment after treatment already given.",
                     question=f"Is this a first trial of {words}, or more after {words} already given?",
                     when_not_documented="must be documented",
                     absence_basis="Replace: a first trial and an extension have different limits; ask the reviewer"),
            FactSpec(name=sessions, type="integer", unit="sessions",
                     description="Sessions in the disputed request.",
                     question=f"How many {words} sessions does the request ask for?",
                     when_not_documented="taken as null",
                     absence_basis="Replace: a request is reviewed as written; a number it does not state is not "
                     "invented"),
            FactSpec(name=improved, type="boolean",
                     description="The records document functional improvement from the treatment given.",
                     question="Do the records document functional improvement from the treatment given?",
                     when_not_documented="taken as false",
                     absence_basis="8 CCR 9792.20(f): functional improvement counts when the treating physician "
                     "documents it"),
            FactSpec(name=outcome, type="enumeration", allowed_values='"Overturned","Upheld"',
                     description=f"The proposed IMR determination for the {words} request.",
                     question=f"Is the {words} request medically necessary under the guideline?"),
        ),
        tables=(table,),
        tests=(TestSpec(
            id="T1", as_of=today, inputs={kind: '"initial"', sessions: 6, improved: None},
            expected={outcome: '"Overturned"'}, description="Example: a first trial of 6 sessions",
        ),),
    )


def write_scaffold(name: str, path: Path | str, today: dt.date | None = None) -> Path:
    """Write the new workbook for topic ``name`` to ``path`` and return the path."""
    target = Path(path)
    check_name(name, str(target))
    spec = scaffold_spec(name, today or dt.date.today())
    write_workbook(spec, target)
    book = openpyxl.load_workbook(target)
    facts = {f.name: f for f in spec.facts}
    _guideline_sheet(book["Guideline"])
    _facts_sheet(book["Facts"])
    for table in spec.tables:
        _table_sheet(_table_ws(book, table.name), table, facts)
    _tests_sheet(book["Tests"], facts)
    book.save(target)
    return target


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
        _comment(ws.cell(row=present[key], column=1), text)
    ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width or 0, 40)


def _facts_sheet(ws: Worksheet) -> None:
    for col in range(1, ws.max_column + 1):
        cell = ws.cell(row=1, column=col)
        if cell.value in guidance.FACTS:
            _comment(cell, guidance.FACTS[str(cell.value)])
    _dropdown(ws, guidance.FACT_TYPES, _column_range(2, 2), strict=False,
              error="Not a listed type: write 'list of ' before a type for a list.")


def _table_sheet(ws: Worksheet, table: TableSpec, facts: Mapping[str, FactSpec]) -> None:
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
            _prompt(ws, _column_range(col, rows[0], rows[1]), guidance.INPUT_PROMPT)
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


def _tests_sheet(ws: Worksheet, facts: Mapping[str, FactSpec]) -> None:
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
        elif kind == "As of":
            for row in range(3, 3 + FILL_ROWS):
                ws.cell(row=row, column=col).number_format = "yyyy-mm-dd"


def _table_ws(book: openpyxl.Workbook, name: str) -> Worksheet:
    for ws in book.worksheets:
        if ws.cell(row=1, column=1).value == "Decision table" and ws.cell(row=1, column=2).value == name:
            return ws
    raise LookupError(name)  # the writer wrote every table of the spec


# --- cells ------------------------------------------------------------------------------


def _choices(fact: FactSpec | None, *, for_input: bool) -> list[str]:
    """Drop-down entries for a fact's column: bare words the reader quotes itself."""
    if fact is None:
        return []
    if fact.type.strip().lower() == "boolean":
        return ["true", "false", "-"] if for_input else ["true", "false"]
    if not fact.allowed_values:
        return []
    try:
        values = parse_literal_list(fact.allowed_values)
    except FeelSyntaxError:
        return []
    words = [v for v in values if isinstance(v, str) and _BARE.fullmatch(v)]
    return [*words, "-"] if for_input and words else words


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


def check_scaffold(path: Path) -> list[str]:
    """Read and compile the new workbook and run its worked example; raises the first
    problem (one line).  Then compile it with the other workbooks of its folder (tables
    chain across workbooks) and return what clashes there, as warnings."""
    from engine.compiler.rulebase import compile_rulebase, workbook_paths
    from engine.errors import ImrError
    from engine.reader import read_workbook
    from engine.runtime.worked_examples import run_examples

    workbook = read_workbook(path)
    rulebase = compile_rulebase([workbook])
    try:
        failures = [line for outcome in run_examples(rulebase) for line in outcome.failures]
    finally:
        rulebase.close()
    if failures:
        raise WorkbookError("the example does not pass", location=Location(str(path)), found=failures[0])
    others = [p for p in workbook_paths(path.parent) if p.resolve() != path.resolve()]
    if not others:
        return []
    try:
        together = compile_rulebase([*(read_workbook(p) for p in others), workbook])
    except ImrError as error:
        return [f"with the other workbooks of {path.parent}: {error}"]
    together.close()
    return []
