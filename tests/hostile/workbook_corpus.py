"""Builders of broken and hostile workbooks, each written into a test's tmp_path.

Every builder takes a folder and returns the path of the file it wrote.  They start
from the reader tests' small valid workbook (tests/reader/conftest.py) and break one
thing: the container, one XML part, or one cell.  Only the password-protected workbook
is committed (tests/hostile/data/, made by make_encrypted.py): nothing here encrypts.
"""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from engine.authoring.writer import write_workbook
from tests.reader.conftest import SPEC

DATA = Path(__file__).parent / "data"
LIBREOFFICE = Path(__file__).parents[1] / "reader" / "data" / "demo_saved_by_libreoffice.xlsx"
TABLE_PART = "xl/worksheets/sheet3.xml"  # the demo's 'demo_table' sheet
STRINGS_PART = "xl/sharedStrings.xml"  # in the LibreOffice copy
GIB = 1 << 30


def demo(folder: Path, name: str = "demo.xlsx") -> Path:
    """The valid demo workbook (inline strings, as the project's writer saves)."""
    return write_workbook(SPEC, folder / name)


def saved_by_libreoffice(folder: Path) -> Path:
    """The same workbook as LibreOffice saves it: its text in xl/sharedStrings.xml."""
    path = folder / "saved.xlsx"
    path.write_bytes(LIBREOFFICE.read_bytes())
    return path


def edited(folder: Path, edit: Callable[[Any], None], name: str = "demo.xlsx") -> Path:
    """The demo with ``edit(book)`` applied through openpyxl."""
    path = demo(folder, name)
    book = openpyxl.load_workbook(path)
    edit(book)
    book.save(path)
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(folder: Path, name: str, changes: dict[str, bytes | None], source: Path | None = None) -> Path:
    """The demo (or ``source``) with some parts replaced, added or (None) removed."""
    content = parts(source or demo(folder, "source.xlsx"))
    content.update(changes)
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in content.items():
            if data is not None:
                archive.writestr(part, data)
    return path


def raw_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip written by hand: (name, deflated stream, crc, declared size) per member.

    The declared size and CRC are whatever the caller says: they may lie.
    """
    body, directory = b"", b""
    for name, stream, crc, size in members:
        encoded = name.encode()
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(stream), size, len(encoded), 0)
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(stream), size,
                                 len(encoded), 0, 0, 0, 0, 0, len(body)) + encoded
        body += header + encoded + stream
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(body), 0)
    path.write_bytes(body + directory + end)
    return path


def deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def zeros_stream(size: int) -> bytes:
    """A deflate stream of ``size`` zero bytes (a multiple of 1 MiB), built in milliseconds.

    One full-flushed block of 1 MiB is self-contained, so it can simply be repeated.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(1 << 20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * (size >> 20) + compressor.flush()


def demo_members(folder: Path, replace: dict[str, tuple[bytes, int, int]]) -> list[tuple[str, bytes, int, int]]:
    """The demo's parts as raw_zip members, some replaced by (stream, crc, declared size)."""
    members = []
    for name, data in parts(demo(folder, "source.xlsx")).items():
        members.append((name, *replace.get(name, (deflate(data), zlib.crc32(data), len(data)))))
    return members


def sheet_xml(rows: Any) -> bytes:
    """A worksheet part from an iterable of row XML (bytes)."""
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    return head + b"".join(rows) + b"</sheetData></worksheet>"


# --- the container ---------------------------------------------------------------------

def not_a_zip(folder: Path) -> Path:
    path = folder / "notes.xlsx"
    path.write_text("Decision table, demo_table\n")
    return path


def empty_file(folder: Path) -> Path:
    path = folder / "empty.xlsx"
    path.write_bytes(b"")
    return path


def truncated(folder: Path) -> Path:
    data = demo(folder).read_bytes()
    path = folder / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def old_xls(folder: Path) -> Path:
    path = folder / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"W\0o\0r\0k\0b\0o\0o\0k\0" + bytes(100))
    return path


def password_protected(folder: Path) -> Path:
    path = folder / "locked.xlsx"
    path.write_bytes((DATA / "encrypted.xlsx").read_bytes())
    return path


def declared_bomb(folder: Path) -> Path:
    """A sheet whose central directory says 4 GiB - 1: refused from that number alone."""
    stream = deflate(b"<worksheet/>")
    return raw_zip(folder / "declared_bomb.xlsx", demo_members(folder, {TABLE_PART: (stream, 0, 0xFFFFFFFF)}))


def honest_bomb(folder: Path) -> Path:
    """A real 1 GiB sheet of zeros in about 1 MB, its size declared truthfully."""
    stream = zeros_stream(GIB)
    return raw_zip(folder / "honest_bomb.xlsx", demo_members(folder, {TABLE_PART: (stream, 0, GIB)}))


def lying_bomb(folder: Path) -> Path:
    """The same 1 GiB stream declared as 1,000 bytes: zipfile stops at 1,000, the CRC fails."""
    stream = zeros_stream(GIB)
    return raw_zip(folder / "lying_bomb.xlsx", demo_members(folder, {TABLE_PART: (stream, 0, 1000)}))


def ratio_bomb(folder: Path) -> Path:
    """20 MiB of zeros: under the size limits, but 1,000 times its compressed size."""
    data = bytes(20 << 20)
    stream = zeros_stream(20 << 20)
    return raw_zip(folder / "ratio_bomb.xlsx",
                   demo_members(folder, {TABLE_PART: (stream, zlib.crc32(data), len(data))}))


def too_many_parts(folder: Path) -> Path:
    return rezip(folder, "many_parts.xlsx", {f"xl/media/image{n}.png": b"" for n in range(1001)})


# --- the XML ---------------------------------------------------------------------------

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10) for n in range(1, 10))
    + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
    + b"<si><t>&lol9;</t></si></sst>"
)


def billion_laughs(folder: Path) -> Path:
    return rezip(folder, "laughs.xlsx", {STRINGS_PART: BILLION_LAUGHS}, saved_by_libreoffice(folder))


def external_entity(folder: Path, target: str) -> Path:
    """Shared strings whose first string is an external entity: ``target`` (a file:// or http URL)."""
    strings = parts(saved_by_libreoffice(folder))[STRINGS_PART]
    declared = b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "' + target.encode() + b'">]>'
    body = re.sub(rb"^<\?xml[^>]*\?>", b"", strings)
    body = body.replace(b"<t>", b"<t>&xxe;", 1)
    return rezip(folder, "xxe.xlsx", {STRINGS_PART: declared + body}, saved_by_libreoffice(folder))


def entity_in_sheet(folder: Path) -> Path:
    sheet = parts(demo(folder))[TABLE_PART]
    doctype = b'<!DOCTYPE worksheet [<!ENTITY policy "FIRST">]>'
    sheet = doctype + sheet.replace(b"<t>FIRST</t>", b"<t>&policy;</t>")
    return rezip(folder, "sheet_entity.xlsx", {TABLE_PART: sheet})


def bad_utf8_strings(folder: Path) -> Path:
    strings = parts(saved_by_libreoffice(folder))[STRINGS_PART]
    return rezip(folder, "latin1_strings.xlsx", {STRINGS_PART: strings.replace(b"lumbar", b"lumb\xe4r", 1)},
                 saved_by_libreoffice(folder))


def bad_utf8_sheet(folder: Path) -> Path:
    sheet = parts(demo(folder))[TABLE_PART]
    return rezip(folder, "latin1_sheet.xlsx", {TABLE_PART: sheet.replace(b"<t>FIRST</t>", b"<t>FIRST \xff</t>")})


def not_well_formed(folder: Path) -> Path:
    sheet = parts(demo(folder))[TABLE_PART]
    return rezip(folder, "broken_xml.xlsx", {TABLE_PART: sheet.replace(b"</sheetData>", b"</sheetDta>")})


def deep_nesting(folder: Path) -> Path:
    sheet = parts(demo(folder))[TABLE_PART]
    nest = b"<x>" * 5000 + b"</x>" * 5000
    return rezip(folder, "deep.xlsx", {TABLE_PART: sheet.replace(b"</sheetData>", b"</sheetData>" + nest)})


def missing_workbook_part(folder: Path) -> Path:
    return rezip(folder, "no_workbook.xlsx", {"xl/workbook.xml": None})


# --- the size of sheets -----------------------------------------------------------------

def million_rows(folder: Path) -> Path:
    """A 'demo_table' sheet of 1,000,000 rows (about 40 MB of XML, 200 KB compressed)."""
    rows = (b'<row r="%d"><c r="B%d"><v>1</v></c></row>' % (n, n) for n in range(1, 1_000_001))
    return rezip(folder, "million_rows.xlsx", {TABLE_PART: sheet_xml(rows)})


def far_row(folder: Path) -> Path:
    """One cell, in Excel's last row: openpyxl would fill a million rows in."""
    last = b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
    return rezip(folder, "far_row.xlsx", {TABLE_PART: sheet_xml([last])})


def far_column(folder: Path) -> Path:
    return rezip(folder, "far_column.xlsx", {TABLE_PART: sheet_xml([b'<row r="1"><c r="XFD1"><v>1</v></c></row>'])})


# --- cells ------------------------------------------------------------------------------

def cell(sheet: str, ref: str, value: Any, name: str = "demo.xlsx") -> Callable[[Path], Path]:
    """A builder: the demo with one cell set."""

    def build(folder: Path) -> Path:
        def edit(book: Any) -> None:
            book[sheet][ref] = value

        return edited(folder, edit, name)

    build.__name__ = f"cell_{sheet}_{ref}"
    return build


def merged_rules(folder: Path) -> Path:
    return edited(folder, lambda book: book["demo_table"].merge_cells("C7:C8"))


def hidden_row_and_sheet(folder: Path) -> Path:
    def edit(book: Any) -> None:
        book["demo_table"].row_dimensions[8].hidden = True
        book.create_sheet("Notes").sheet_state = "hidden"

    return edited(folder, edit)


def macros(folder: Path) -> Path:
    """An .xlsm: the demo plus a VBA project part (an auto-open macro, were it ever run)."""
    content_types = parts(demo(folder))["[Content_Types].xml"]
    content_types = content_types.replace(
        b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Sub Auto_Open(): Shell \"touch /tmp/pwned\": End Sub"
    return rezip(folder, "macros.xlsm", {"xl/vbaProject.bin": vba, "[Content_Types].xml": content_types})


def empty_table(folder: Path) -> Path:
    def edit(book: Any) -> None:
        book["demo_table"].delete_rows(7, 3)

    return edited(folder, edit)


def two_workbooks_one_table_name(folder: Path) -> Path:
    """A folder of two workbooks (other guideline ids) that both define 'demo_table'."""
    sub = folder / "tables"
    sub.mkdir()
    demo(sub, "a.xlsx")
    edited(sub, lambda book: book["Guideline"].__setitem__("B1", "other"), "b.xlsx")
    return sub


def long_cell(folder: Path) -> Path:
    """Cell B7 holding 40,000 characters (openpyxl itself writes at most 32,767, so raw XML)."""
    sheet = parts(demo(folder))[TABLE_PART]
    sheet, count = re.subn(rb'<c r="B7"([^>]*)>.*?</c>', b'<c r="B7" t="inlineStr"><is><t>' + b"9" * 40_000
                           + b"</t></is></c>", sheet)
    assert count == 1
    return rezip(folder, "long_cell.xlsx", {TABLE_PART: sheet})


def merge_whole_sheet(folder: Path) -> Path:
    """One merged range over every cell Excel has: openpyxl would make 17 billion cells."""
    sheet = parts(demo(folder))[TABLE_PART]
    merge = b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    return rezip(folder, "merge_all.xlsx", {TABLE_PART: sheet.replace(b"</sheetData>", merge)})


def wide_hyperlink(folder: Path) -> Path:
    """A hyperlink over A1:IV1000 (256,000 cells): within the row and column limits, past the cell limit."""
    sheet = parts(demo(folder))[TABLE_PART]
    link = b'</sheetData><hyperlinks><hyperlink ref="A1:IV1000" location="Facts!A1"/></hyperlinks>'
    return rezip(folder, "wide_link.xlsx", {TABLE_PART: sheet.replace(b"</sheetData>", link)})


def named_pipe(folder: Path) -> Path:
    """A FIFO named like a workbook: opening it to read would wait for a writer for ever."""
    path = folder / "pipe.xlsx"
    os.mkfifo(path)
    return path


def huge_file(folder: Path) -> Path:
    """A sparse file of 101 MiB (written in no time): refused from its size before reading."""
    path = folder / "huge.xlsx"
    with path.open("wb") as stream:
        stream.truncate(101 << 20)
    return path


def many_relationships(folder: Path) -> Path:
    """20,000 relationships in the workbook's .rels part (a workbook has one per sheet and a few more)."""
    part = "xl/_rels/workbook.xml.rels"
    rels = parts(demo(folder))[part]
    many = b"".join(b'<Relationship Id="x%d" Type="t" Target="a"/>' % n for n in range(20_000))
    return rezip(folder, "many_rels.xlsx", {part: rels.replace(b"</Relationships>", many + b"</Relationships>")})
