"""Opening a workbook and presenting each sheet as a grid of plain values.

openpyxl does the parsing; this module handles Excel's habits the way the author of
the sheet expects: merged cells read as if every cell of the range held the value,
formula cells give their cached value (or a clear error when the file was never
calculated), and a workbook saved by LibreOffice reads like one saved by Excel.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from engine.errors import Location, WorkbookError

_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")


def cell_name(row: int, col: int) -> str:
    """``cell_name(7, 3) == "C7"``: rows and columns are 1-based."""
    return f"{get_column_letter(col)}{row}"


@dataclass
class Grid:
    """One worksheet's values, 1-based, with merged ranges filled in."""

    file: str
    sheet: str
    rows: list[tuple[Any, ...]]
    merged: dict[tuple[int, int], Any] = field(default_factory=dict)
    hidden_rows: frozenset[int] = frozenset()

    @property
    def max_row(self) -> int:
        return len(self.rows)

    @property
    def max_col(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def value(self, row: int, col: int) -> Any:
        if (row, col) in self.merged:
            return self.merged[(row, col)]
        if row < 1 or row > len(self.rows):
            return None
        values = self.rows[row - 1]
        if col < 1 or col > len(values):
            return None
        return values[col - 1]

    def text(self, row: int, col: int) -> str:
        """The cell as stripped text ('' for empty)."""
        value = self.value(row, col)
        if value is None:
            return ""
        return str(value).strip()

    def is_blank_row(self, row: int) -> bool:
        return all(_blank(self.value(row, c)) for c in range(1, self.max_col + 1))

    def location(self, row: int, col: int) -> Location:
        return Location(self.file, self.sheet, cell_name(row, col))

    def address(self, row: int, col: int) -> str:
        return f"{self.sheet}!{cell_name(row, col)}"

    def row_numbers(self, start: int = 1) -> Iterator[int]:
        return iter(range(start, self.max_row + 1))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class OpenedWorkbook:
    file: str
    grids: dict[str, Grid]  # keyed by the sheet's title as written
    content_hash: str
    hidden_sheets: tuple[str, ...] = ()

    def find(self, name: str) -> Grid | None:
        """A sheet by name, ignoring case and surrounding spaces."""
        wanted = name.strip().lower()
        for title, grid in self.grids.items():
            if title.strip().lower() == wanted:
                return grid
        return None


def open_workbook(path: Path, display: str | None = None) -> OpenedWorkbook:
    """Read every sheet of an .xlsx file into grids."""
    file = display or str(path)
    where = Location(file)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise WorkbookError("no such workbook", location=where) from None
    except OSError as exc:
        raise WorkbookError("cannot read the workbook", location=where, found=exc.strerror) from None
    if not zipfile.is_zipfile(path):
        found = "an old binary .xls file" if data[:4] == b"\xd0\xcf\x11\xe0" else "a file that is not a zip archive"
        raise WorkbookError(
            "not an Excel workbook", location=where, expected="an .xlsx file", found=found
        )
    has_formulas = _has_formulas(path)
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken archives
        raise WorkbookError(
            "cannot open the workbook", location=where, expected="a valid .xlsx file",
            found=f"{type(exc).__name__}: {exc}".splitlines()[0][:200],
        ) from None
    formulas = _formula_cells(path) if has_formulas else {}
    grids: dict[str, Grid] = {}
    hidden: list[str] = []
    for ws in book.worksheets:
        rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
        while rows and all(_blank(v) for v in rows[-1]):
            rows.pop()
        grid = Grid(file, ws.title, rows)
        for rng in ws.merged_cells.ranges:
            top_left = grid.value(rng.min_row, rng.min_col)
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    grid.merged[(r, c)] = top_left
        grid.hidden_rows = frozenset(
            idx for idx, dim in ws.row_dimensions.items() if dim.hidden and idx <= len(rows)
        )
        for (r, c), formula in formulas.get(ws.title, {}).items():
            if grid.value(r, c) is None:
                raise WorkbookError(
                    "formula cell has no calculated value", location=grid.location(r, c),
                    expected="a value, or a formula saved with its result",
                    found=f"{formula} never calculated",
                    hint="open and save the workbook in Excel or LibreOffice, or type the value",
                )
        if ws.sheet_state != "visible":
            hidden.append(ws.title)
        grids[ws.title] = grid
    return OpenedWorkbook(
        file=file,
        grids=grids,
        content_hash=hashlib.sha256(data).hexdigest(),
        hidden_sheets=tuple(hidden),
    )


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet XML holds an <f> element, without a second full load."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with archive.open(info) as stream:
                    tail = b""
                    while chunk := stream.read(1 << 16):
                        if _FORMULA_TAG.search(tail + chunk):
                            return True
                        tail = chunk[-8:]
    return False


def _formula_cells(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Formula text per sheet and cell (only called when the file has formulas)."""
    book = openpyxl.load_workbook(path, data_only=False, read_only=True)
    found: dict[str, dict[tuple[int, int], str]] = {}
    try:
        for ws in book.worksheets:
            cells: dict[tuple[int, int], str] = {}
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        cells[(cell.row, cell.column)] = cell.value
            found[ws.title] = cells
    finally:
        book.close()
    return found
