"""Workbook reader: openpyxl cells -> the table model (``engine.model``)."""

from __future__ import annotations

from pathlib import Path

from engine.errors import Location, WorkbookError
from engine.model import DecisionTable, Workbook
from engine.reader.glossary import read_facts, read_guideline
from engine.reader.sheets import Grid, cell_name, open_workbook
from engine.reader.tables import is_table_sheet, read_table
from engine.reader.tests_sheet import read_tests

__all__ = ["read_workbook"]


def read_workbook(path: Path | str, display: str | None = None) -> Workbook:
    """Read one workbook; raises WorkbookError naming the file, sheet and cell."""
    path = Path(path)
    book = open_workbook(path, display)
    guideline = read_guideline(book)
    facts = read_facts(book)
    tables = [read_table(grid, guideline, facts) for grid in book.grids.values() if is_table_sheet(grid)]
    tests_grid = book.find("Tests")
    tests = read_tests(tests_grid, facts) if tests_grid is not None else []
    for table in tables:
        _check_rules(book.grids[table.sheet], table)
    warnings = list(book.warnings)
    warnings += [f"{book.file}: sheet {name!r} is hidden" for name in book.hidden_sheets]
    for grid in book.grids.values():
        for row in sorted(grid.hidden_rows):
            warnings.append(f"{book.file}, sheet {grid.sheet!r}, row {row}: the row is hidden")
    if not tables:
        raise WorkbookError(
            "the workbook has no decision table", location=Location(book.file),
            expected="a sheet whose cell A1 says 'Decision table'",
            found="sheets " + ", ".join(repr(s) for s in book.grids),
        )
    return Workbook(
        path=book.file, guideline=guideline, facts=facts, tables=tuple(tables),
        tests=tuple(tests), warnings=tuple(warnings), content_hash=book.content_hash,
    )


def _check_rules(grid: Grid, table: DecisionTable) -> None:
    """A table without rules, or a merged range in its rule rows, is refused.

    A rule is one row, each cell its own value.  Header merges (``Input`` over B5:C5)
    read as if each cell held the value; a merge over rule rows or columns would tie
    rules together, and sorting or inserting rows in Excel would silently change them.
    """
    if not table.rules:
        raise WorkbookError(
            f"the table {table.name!r} has no rules",
            location=Location(grid.file, grid.sheet, table.address.split("!")[-1]),
            expected="at least one rule row below the column names", found="none",
        )
    first = table.rules[0].row
    for min_row, min_col, max_row, max_col in grid.merged_ranges:
        if max_row >= first and (max_row > min_row or max_col > min_col):
            span = f"{cell_name(min_row, min_col)}:{cell_name(max_row, max_col)}"
            raise WorkbookError(
                f"merged cells in the rules of table {table.name!r}", location=Location(grid.file, grid.sheet, span),
                expected="one value in each cell of a rule row", found=f"the range {span} merged",
                hint="unmerge it and type the value in each cell",
            )
