"""Writing a ``WorkbookSpec`` as an .xlsx in the layout of docs/tables.md.

The layout is the reader's contract, so it is spelled out here once:

- ``Guideline``: key in column A, value in column B, one per row, no header.
- ``Facts``: header row (name, type, allowed values, unit, description, question), then
  one fact per row.
- one sheet per table: ``Decision table``/``Hit policy``/``Description`` key-value rows
  at the top, a blank row, the kind row (``#`` in column A), the name row, the optional
  ``Output values`` and ``Default`` rows, then the rules numbered in column A.
- ``Tests`` (when the spec has tests): the kind row, the fact-name row, one test per row.

Text is always stored as a string cell, even when it starts with ``=`` (Excel would
otherwise take it for a formula); numbers, booleans and dates are native cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell as XlCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from engine.authoring.sheetnames import SheetNamer
from engine.authoring.spec import (
    Cell,
    FactSpec,
    GuidelineSpec,
    RuleSpec,
    TableSpec,
    TestSpec,
    WorkbookSpec,
)

__all__ = [
    "FACT_HEADER",
    "FactSpec",
    "GuidelineSpec",
    "RuleSpec",
    "TableSpec",
    "TestSpec",
    "WorkbookSpec",
    "table_layout",
    "write_workbook",
]

FACT_HEADER = ("name", "type", "allowed values", "unit", "description", "question", "when not documented",
               "absence basis")
KIND_ROW = 5  # the `#` row of a table sheet; rows 1-3 are key/value, row 4 is blank
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_NAME_FILL = PatternFill("solid", fgColor="F2F2F2")
_MIN_WIDTH, _MAX_WIDTH = 6, 60
_DATE_FORMATS = {dt.datetime: "yyyy-mm-dd hh:mm:ss", dt.date: "yyyy-mm-dd", dt.time: "hh:mm:ss"}


def write_workbook(spec: WorkbookSpec, path: str | Path) -> Path:
    """Write ``spec`` to ``path`` (parent folders are created) and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    default = book.active
    namer = SheetNamer(reserved=("Guideline", "Facts", "Tests"))

    _write_guideline(book.create_sheet("Guideline"), spec.guideline)
    _write_facts(book.create_sheet("Facts"), spec.facts)
    for table in spec.tables:
        _write_table(book.create_sheet(namer.name_for(table.name)), table)
    if spec.tests:
        _write_tests(book.create_sheet("Tests"), spec.tests)
    if default is not None:
        book.remove(default)
    book.save(target)
    return target


def table_layout(table: TableSpec) -> dict[str, int | None]:
    """Rows and columns where ``_write_table`` puts things (1-based), for callers and tests."""
    name_row = KIND_ROW + 1
    next_row = name_row + 1
    values_row = default_row = None
    if table.input_values is not None or table.output_values is not None:
        values_row, next_row = next_row, next_row + 1
    if table.defaults is not None:
        default_row, next_row = next_row, next_row + 1
    first_output = 2 + len(table.inputs)
    citation = first_output + len(table.outputs)
    return {
        "kind_row": KIND_ROW,
        "name_row": name_row,
        "values_row": values_row,
        "default_row": default_row,
        "first_rule_row": next_row,
        "first_input_col": 2,
        "first_output_col": first_output,
        "citation_col": citation,
        "rationale_col": citation + 1,
        "annotation_col": citation + 2 if table.has_annotations else None,
    }


# --- sheets -----------------------------------------------------------------------------


def _write_guideline(ws: Worksheet, guideline: GuidelineSpec) -> None:
    rows: list[tuple[str, Cell]] = [
        ("id", guideline.id),
        ("title", guideline.title),
        ("citation", guideline.citation),
        ("edition", guideline.edition),
    ]
    for key, value in (
        ("effective from", guideline.effective_from),
        ("effective to", guideline.effective_to),
        ("owner", guideline.owner),
    ):
        if value is not None:
            rows.append((key, value))
    for row, (key, cell) in enumerate(rows, start=1):
        _put(ws, row, 1, key).font = _BOLD
        _put(ws, row, 2, cell)
    _fit_columns(ws)


def _write_facts(ws: Worksheet, facts: Sequence[FactSpec]) -> None:
    _header(ws, 1, FACT_HEADER)
    for row, fact in enumerate(facts, start=2):
        cells = (fact.name, fact.type, fact.allowed_values, fact.unit, fact.description,
                 fact.question, fact.when_not_documented, fact.absence_basis)
        for col, value in enumerate(cells, start=1):
            _put(ws, row, col, value)
    ws.freeze_panes = "B2"
    _fit_columns(ws)


def _write_table(ws: Worksheet, table: TableSpec) -> None:
    layout = table_layout(table)
    for row, key, value in (
        (1, "Decision table", table.name),
        (2, "Hit policy", table.hit_policy),
        (3, "Description", table.description),
    ):
        _put(ws, row, 1, key).font = _BOLD
        _put(ws, row, 2, value)
    ws.cell(row=1, column=2).font = Font(bold=True, size=13)

    kinds = ["#", *["Input"] * len(table.inputs), *["Output"] * len(table.outputs),
             "Citation", "Rationale"]
    if table.has_annotations:
        kinds.append("Annotation")
    _header(ws, KIND_ROW, kinds)
    name_row = KIND_ROW + 1
    _header(ws, name_row, ["", *table.inputs, *table.outputs], fill=_NAME_FILL)

    if layout["values_row"] is not None:
        inputs = table.input_values or (None,) * len(table.inputs)
        outputs = table.output_values or (None,) * len(table.outputs)
        _labelled_row(ws, layout["values_row"], "Output values", [*inputs, *outputs])
    if layout["default_row"] is not None:
        blanks = (None,) * len(table.inputs)
        _labelled_row(ws, layout["default_row"], "Default", [*blanks, *(table.defaults or ())])

    first = layout["first_rule_row"]
    assert first is not None
    for number, rule in enumerate(table.rules, start=1):
        _write_rule(ws, first + number - 1, number, rule, table.has_annotations)

    ws.freeze_panes = ws.cell(row=name_row + 1, column=2).coordinate
    _fit_columns(ws, skip_rows={1, 2, 3})


def _write_rule(ws: Worksheet, row: int, number: int, rule: RuleSpec, annotations: bool) -> None:
    cells: list[Cell] = [number, *rule.inputs, *rule.outputs, rule.citation, rule.rationale]
    if annotations:
        cells.append(rule.annotation)
    for col, value in enumerate(cells, start=1):
        cell = _put(ws, row, col, value)
        cell.alignment = Alignment(vertical="top", wrap_text=col > 1)
    ws.cell(row=row, column=1).alignment = Alignment(horizontal="left", vertical="top")


def _write_tests(ws: Worksheet, tests: Sequence[TestSpec]) -> None:
    inputs = _ordered_union(t.inputs for t in tests)
    expected = _ordered_union(t.expected for t in tests)
    kinds = ["#", "As of", *["Input"] * len(inputs), *["Expected"] * len(expected),
             "Expected error", "Description"]
    _header(ws, 1, kinds)
    _header(ws, 2, ["", "", *inputs, *expected], fill=_NAME_FILL)
    for row, test in enumerate(tests, start=3):
        cells: list[Cell] = [
            test.id,
            test.as_of,
            *(test.inputs.get(name) for name in inputs),
            *(test.expected.get(name) for name in expected),
            test.expected_error,
            test.description,
        ]
        for col, value in enumerate(cells, start=1):
            _put(ws, row, col, value)
    ws.freeze_panes = "C3"
    _fit_columns(ws)


# --- cells ------------------------------------------------------------------------------


def _put(ws: Worksheet, row: int, col: int, value: Cell) -> XlCell:
    """Store one value: text verbatim as a string cell, everything else natively."""
    cell: XlCell = ws.cell(row=row, column=col)
    if value is None:
        return cell
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, even for text such as "=5"
    else:
        for kind, number_format in _DATE_FORMATS.items():
            if isinstance(value, kind):
                cell.number_format = number_format
                break
    return cell


def _header(ws: Worksheet, row: int, titles: Sequence[Cell], fill: PatternFill = _HEADER_FILL,
            ) -> None:
    for col, title in enumerate(titles, start=1):
        cell = _put(ws, row, col, title or None)
        cell.font = _BOLD
        cell.fill = fill


def _labelled_row(ws: Worksheet, row: int, label: str, cells: Sequence[Cell]) -> None:
    _put(ws, row, 1, label).font = Font(bold=True, italic=True)
    for col, value in enumerate(cells, start=2):
        _put(ws, row, col, value).font = Font(italic=True)


def _ordered_union(mappings: Iterable[dict[str, Cell]]) -> list[str]:
    names: dict[str, None] = {}
    for mapping in mappings:
        names.update(dict.fromkeys(mapping))
    return list(names)


def _fit_columns(ws: Worksheet, skip_rows: set[int] | None = None) -> None:
    """Width of each column from its longest line (the key/value rows do not count)."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or (skip_rows and cell.row in skip_rows and cell.column > 1):
                continue
            longest = max(len(line) for line in str(cell.value).splitlines() or [""])
            widths[cell.column] = max(widths.get(cell.column, 0), longest)
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(
            _MAX_WIDTH, max(_MIN_WIDTH, width + 2)
        )
