"""Workbook reader: openpyxl cells -> the table model (``engine.model``)."""

from __future__ import annotations

from pathlib import Path

from engine.errors import Location, WorkbookError
from engine.model import Workbook
from engine.reader.glossary import read_facts, read_guideline
from engine.reader.sheets import open_workbook
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
    warnings = [f"{book.file}: sheet {name!r} is hidden" for name in book.hidden_sheets]
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
