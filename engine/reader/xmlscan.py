"""One streaming pass over an XML part of a workbook, before openpyxl parses it.

expat reads each part in chunks, never past the part's declared size (zipfile stops
there), and refuses what openpyxl should never see:

- a DOCTYPE (and so any ENTITY): entity expansion, external entities.  Excel never
  writes them; nothing is expanded, read or fetched;
- text that is not UTF-8, XML that is not well-formed, nesting past ``MAX_DEPTH``;
- in a worksheet: a row past ``MAX_ROWS`` (counting both ``<row>`` elements and the
  rows cells name: ``<dimension>`` is not trusted), a column past ``MAX_COLUMNS``;
- in the workbook: past ``MAX_CELLS`` cells (openpyxl also makes a cell for each cell a
  merged range or a hyperlink spans) or ``MAX_ELEMENTS`` elements.

A worksheet's scan also records its formula cells.  docs/limits-workbooks.md gives
each limit and why.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from engine.errors import Location, WorkbookError

MAX_DEPTH = 100  # XML nesting (sheets nest 5 deep, charts about 20)
MAX_ROWS = 20_000  # per sheet (the bundled tables have under 100 rows, the benchmark 1,000)
MAX_COLUMNS = 256  # per sheet: columns A to IV
MAX_CELLS = 250_000  # per workbook: cells written, and cells that merged ranges and links span
MAX_ELEMENTS = 2_000_000  # XML elements in all parts: each becomes an object in openpyxl
MAX_COLLECTED = 10_000  # sheets in the workbook part, relationships in a .rels part

_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_CHUNK = 1 << 16


@dataclass
class SheetPart:
    """What the scan learnt of one worksheet part."""

    part: str
    title: str | None
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


class _Refused(Exception):
    """Raised inside an expat handler; carries the error to raise outside the parser."""

    def __init__(self, error: WorkbookError) -> None:
        self.error = error


class Scan:
    """The checks every XML part gets: no declarations, bounded nesting."""

    def __init__(self, part: str, where: Location, budget: Budget | None = None) -> None:
        self.part = part
        self.where = where
        self.budget = budget or Budget()
        self.depth = 0
        self.parser: Any = None  # the expat parser, while it runs

    def describe(self) -> str:
        return f"part {self.part}"

    def context(self) -> str:
        return ""

    def refuse(self, message: str, expected: str, found: str, cell: str | None = None) -> _Refused:
        where = Location(self.where.file, self.where.sheet, cell) if cell else self.where
        return _Refused(WorkbookError(f"{message} in {self.describe()}", location=where, expected=expected,
                                      found=found))

    def doctype(self, name: str, *_: object) -> None:
        raise self.refuse("the workbook's XML declares a DOCTYPE", "XML without DOCTYPE or ENTITY declarations "
                          "(Excel never writes them; none is read or fetched)", f"<!DOCTYPE {name} ...>")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        self.budget.elements += 1
        if self.budget.elements > MAX_ELEMENTS:
            raise self.refuse("the workbook's XML is too large", f"at most {MAX_ELEMENTS:,} elements in all parts",
                              "more")
        if self.depth > MAX_DEPTH:
            raise self.refuse("the workbook's XML is nested too deep", f"at most {MAX_DEPTH} levels",
                              f"<{name}> at level {self.depth}")

    def end(self, name: str) -> None:
        self.depth -= 1


class Collect(Scan):
    """Gathers the attributes of every element of one tag (small parts: rels, the workbook)."""

    def __init__(self, part: str, tag: str, where: Location) -> None:
        super().__init__(part, where)
        self.tag = tag
        self.found: list[dict[str, str]] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        super().start(name, attrs)
        if name.rpartition(":")[2] == self.tag:
            if len(self.found) >= MAX_COLLECTED:
                raise self.refuse(f"the workbook has too many <{self.tag}> elements",
                                  f"at most {MAX_COLLECTED:,}", "more")
            self.found.append(attrs)


class Budget:
    """What all the parts of one workbook have used so far."""

    def __init__(self) -> None:
        self.cells = 0
        self.elements = 0


class SheetScan(Scan):
    """A worksheet part: its size against the limits, its formula cells."""

    def __init__(self, sheet: SheetPart, file: str, budget: Budget) -> None:
        super().__init__(sheet.part, Location(file, sheet.title), budget)
        self.sheet = sheet
        self.rows = 0
        self.row = 0
        self.col = 0
        self.formula: list[str] | None = None
        self.in_cell = False

    def describe(self) -> str:
        return f"the sheet's XML ({self.part})" if self.sheet.title else f"part {self.part}"

    def context(self) -> str:
        return cell_ref(self.row, self.col) if self.row and self.col else ""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        super().start(name, attrs)
        tag = name.rpartition(":")[2]
        if tag == "c":
            self._cell(attrs.get("r"))
            self.in_cell = True
        elif tag == "row":
            r = attrs.get("r", "")
            self.row = int(r) if r.isdigit() else self.row + 1
            self.col = 0
            self.rows += 1
            self._check_row(max(self.row, self.rows), f"A{max(self.row, self.rows)}")
        elif tag in ("mergeCell", "hyperlink") and ":" in attrs.get("ref", ""):
            self._span(tag, attrs["ref"])
        elif tag == "f" and self.in_cell:
            self.formula = []
            self.parser.CharacterDataHandler = self.formula.append  # text is only wanted here

    def end(self, name: str) -> None:
        super().end(name)
        tag = name.rpartition(":")[2]
        if tag == "c":
            self.in_cell = False
        elif self.formula is not None and tag == "f":
            text = "".join(self.formula)
            self.sheet.formulas[(self.row, self.col)] = f"={text}" if text else "a shared formula"
            self.formula = None
            self.parser.CharacterDataHandler = None

    def _cell(self, ref: str | None) -> None:
        match = _CELL_REF.match(ref) if ref else None
        if match:
            self.col, self.row = column_number(match[1]), int(match[2])
        else:
            self.col += 1
        self.budget.cells += 1
        where = cell_ref(self.row, self.col)
        self._check_row(self.row, where)
        if self.col > MAX_COLUMNS:
            raise self.refuse("the sheet has too many columns", f"at most {MAX_COLUMNS} columns (A to IV)",
                              f"a cell in column {ref or where}", where)
        if self.budget.cells > MAX_CELLS:
            raise self.refuse("the workbook has too many cells", f"at most {MAX_CELLS:,} cells in all sheets",
                              "more", where)

    def _check_row(self, row: int, where: str) -> None:
        if row > MAX_ROWS:
            raise self.refuse("the sheet has too many rows", f"at most {MAX_ROWS:,} rows (docs/limits-workbooks.md)",
                              f"row {row:,}", where)

    def _span(self, tag: str, ref: str) -> None:
        """A merged range or a hyperlink over a range: openpyxl makes a cell for each cell it spans."""
        corners = [_CELL_REF.match(c) for c in ref.split(":", 1)]
        if not all(corners):
            return  # openpyxl refuses it, in one line
        (top, left), (bottom, right) = ((int(m[2]), column_number(m[1])) for m in corners if m)
        what = "merged range" if tag == "mergeCell" else "hyperlink"
        if max(top, bottom) > MAX_ROWS or max(left, right) > MAX_COLUMNS:
            raise self.refuse(f"the sheet has a {what} past its limits",
                              f"at most {MAX_ROWS:,} rows and {MAX_COLUMNS} columns (docs/limits-workbooks.md)",
                              f"the range {ref}", ref)
        self.budget.cells += (abs(bottom - top) + 1) * (abs(right - left) + 1)
        if self.budget.cells > MAX_CELLS:
            raise self.refuse("the workbook has too many cells", f"at most {MAX_CELLS:,} cells in all sheets",
                              f"more, with the {what} {ref}", ref)

    def refuse(self, message: str, expected: str, found: str, cell: str | None = None) -> _Refused:
        if self.sheet.title:  # the message names the sheet through its location
            where = Location(self.where.file, self.sheet.title, cell or self.context() or None)
            return _Refused(WorkbookError(message, location=where, expected=expected, found=found))
        return super().refuse(message, expected, found, cell)


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def cell_ref(row: int, col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def parse_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, scan: Scan) -> None:
    """Stream one part through expat, checking UTF-8 as it goes; never past its declared size."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = scan.doctype
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.buffer_text = True
    scan.parser = parser
    decoder: codecs.IncrementalDecoder | None = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                if offset == 0 and chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
                    decoder = None  # UTF-16, declared by its byte-order mark: expat decodes it
                bad = _bad_utf8(decoder, chunk) if decoder is not None else None
                if bad is not None:
                    parser.Parse(chunk[:bad], False)  # up to the bad byte, so the scan knows the cell
                    raise scan.refuse("the workbook's text is not valid UTF-8", "UTF-8 text",
                                      f"the byte 0x{chunk[bad]:02x} at byte {offset + bad:,} of {info.filename}")
                parser.Parse(chunk, False)
                offset += len(chunk)
            parser.Parse(b"", True)
    except _Refused as refused:
        raise refused.error from None
    except expat.ExpatError as exc:
        raise scan.refuse("the workbook's XML is not well-formed", "well-formed XML",
                          f"{expat.ErrorString(exc.code)} at line {exc.lineno}, column {exc.offset}").error from None
    except Exception as exc:  # zipfile and zlib raise many types for a damaged part
        raise scan.refuse("a part of the workbook is damaged", "parts that inflate to their declared size and CRC",
                          f"{type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else 'no detail'}"
                          ).error from None


def _bad_utf8(decoder: codecs.IncrementalDecoder, chunk: bytes) -> int | None:
    """Where in ``chunk`` the UTF-8 goes wrong (None when it does not)."""
    try:
        decoder.decode(chunk)
    except UnicodeDecodeError as exc:
        return max(0, exc.start - (len(exc.object) - len(chunk)))
    return None
