"""Opening a workbook and presenting each sheet as a grid of plain values.

openpyxl does the parsing; this module handles Excel's habits the way the author of
the sheet expects: merged cells read as if every cell of the range held the value,
formula cells give their cached value (or a clear error when the file was never
calculated), and a workbook saved by LibreOffice reads like one saved by Excel.
What could harm the reader (zip bombs, XML declarations, huge sheets) is refused
before openpyxl runs, by engine/reader/archive.py.
"""

from __future__ import annotations

import hashlib
import io
import stat
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from engine.errors import Location, WorkbookError
from engine.reader.archive import MAX_FILE_BYTES, inspect_container

MAX_CELL_CHARS = 32_767  # Excel's own limit on a cell's text


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
    merged_ranges: tuple[tuple[int, int, int, int], ...] = ()  # (min_row, min_col, max_row, max_col)

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
    warnings: tuple[str, ...] = ()  # one line each, naming the file

    def find(self, name: str) -> Grid | None:
        """A sheet by name, ignoring case and surrounding spaces."""
        wanted = name.strip().lower()
        for title, grid in self.grids.items():
            if title.strip().lower() == wanted:
                return grid
        return None


def open_workbook(path: Path, display: str | None = None) -> OpenedWorkbook:
    """Read every sheet of an .xlsx file into grids.

    The container is checked first (engine/reader/archive.py: size limits, zip bombs,
    XML declarations, row and column limits); openpyxl then reads the same bytes.
    Nothing in a workbook is ever run: formulas give their cached values, macros are
    not loaded, links to other files are not followed.
    """
    file = display or str(path)
    where = Location(file)
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a pipe would block, a device never end
            found = "a folder" if stat.S_ISDIR(status.st_mode) else "a device, a pipe or a socket"
            raise WorkbookError("cannot read the workbook", location=where, expected="a file", found=found)
        if status.st_size > MAX_FILE_BYTES:
            raise WorkbookError("the workbook file is too large", location=where,
                                expected=f"at most {MAX_FILE_BYTES:,} bytes", found=f"{status.st_size:,} bytes")
        with path.open("rb") as stream:
            data = stream.read(status.st_size + 1)  # bounded, even for a file that grows
    except FileNotFoundError:
        raise WorkbookError("no such workbook", location=where) from None
    except OSError as exc:
        raise WorkbookError("cannot read the workbook", location=where, found=exc.strerror) from None
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookError("the workbook file is too large", location=where,
                            expected=f"at most {MAX_FILE_BYTES:,} bytes", found="more")
    container = inspect_container(data, file)
    try:
        with warnings.catch_warnings():  # openpyxl warns (on stderr) of parts it drops: not the user's concern
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_vba=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for broken archives
        raise WorkbookError(
            "cannot open the workbook", location=where, expected="a valid .xlsx file",
            found=f"{type(exc).__name__}: {exc}".splitlines()[0][:200],
        ) from None
    grids: dict[str, Grid] = {}
    hidden: list[str] = []
    for ws in book.worksheets:
        grid = _grid(file, ws)
        scanned = container.sheets.get(ws.title)
        for (r, c), formula in (scanned.formulas if scanned else {}).items():
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
    notes = []
    if container.macros:
        notes.append(f"{file}: the workbook contains macros ({container.macros}); they are ignored and never run")
    return OpenedWorkbook(
        file=file,
        grids=grids,
        content_hash=hashlib.sha256(data).hexdigest(),
        hidden_sheets=tuple(hidden),
        warnings=tuple(notes),
    )


def _grid(file: str, ws: Any) -> Grid:
    """One worksheet as a Grid: trailing blank rows dropped, merged ranges filled in."""
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()
    grid = Grid(file, ws.title, rows)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise WorkbookError(
                    "the cell's text is too long", location=grid.location(r, c),
                    expected=f"at most {MAX_CELL_CHARS:,} characters (Excel's own limit)",
                    found=f"{len(value):,} characters",
                )
    ranges = []
    for rng in ws.merged_cells.ranges:
        ranges.append((rng.min_row, rng.min_col, rng.max_row, rng.max_col))
        top_left = grid.value(rng.min_row, rng.min_col)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                grid.merged[(r, c)] = top_left
    grid.merged_ranges = tuple(ranges)
    grid.hidden_rows = frozenset(
        idx for idx, dim in ws.row_dimensions.items() if dim.hidden and idx <= len(rows)
    )
    return grid
