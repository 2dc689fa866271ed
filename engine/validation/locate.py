"""Cells the table model does not keep an address for, found in the sheet when needed.

The model keeps the address of every input, output and citation cell, of the Tests
rows and of their expected cells; a rationale cell and a Tests input column are found
here, by opening the workbook's grids once (only when a finding needs them).
"""

from __future__ import annotations

from pathlib import Path

from engine.errors import ImrError
from engine.reader.sheets import Grid, OpenedWorkbook, cell_name, open_workbook


class CellLocator:
    def __init__(self, paths: dict[str, Path]) -> None:
        self._paths = paths  # workbook as displayed -> the file
        self._books: dict[str, OpenedWorkbook | None] = {}

    def _grid(self, file: str, sheet: str) -> Grid | None:
        if file not in self._books:
            try:
                self._books[file] = open_workbook(self._paths[file], file) if file in self._paths else None
            except ImrError:
                self._books[file] = None
        book = self._books[file]
        return book.find(sheet) if book is not None else None

    def rationale(self, file: str, sheet: str, row: int) -> str:
        """The rationale cell of a rule row (column A when the sheet has none)."""
        grid = self._grid(file, sheet)
        if grid is not None:
            for kind_row in grid.row_numbers():
                if grid.text(kind_row, 1) == "#":
                    for col in range(2, grid.max_col + 1):
                        if grid.text(kind_row, col).lower() == "rationale":
                            return f"{sheet}!{cell_name(row, col)}"
                    break
        return f"{sheet}!A{row}"

    def tests_column(self, file: str, fact: str) -> str:
        """The name cell (row 2) of a Tests column, by fact name."""
        grid = self._grid(file, "Tests")
        sheet = grid.sheet if grid is not None else "Tests"
        if grid is not None:
            for col in range(1, grid.max_col + 1):
                if " ".join(grid.text(2, col).split()) == fact:
                    return f"{sheet}!{cell_name(2, col)}"
        return f"{sheet}!A2"

    def guideline_value(self, file: str, key: str) -> str:
        """The value cell (column B) of a key of the Guideline sheet."""
        grid = self._grid(file, "Guideline")
        sheet = grid.sheet if grid is not None else "Guideline"
        if grid is not None:
            for row in grid.row_numbers():
                if grid.text(row, 1).lower().rstrip(":") == key:
                    return f"{sheet}!B{row}"
            return f"{sheet}!A{grid.max_row + 1}"
        return f"{sheet}!A1"
