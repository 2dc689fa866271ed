"""The workbook's container, inspected before openpyxl reads any of it.

An .xlsx file is a zip archive of XML parts.  Broken and hostile files are refused here,
from the archive's central directory and one streaming pass over each XML part, so that
openpyxl only ever sees an archive of bounded size whose XML declares nothing:

- not a zip, a truncated zip, an old binary .xls, a password-protected workbook;
- too many parts, or a part (or all parts together) whose *declared* size is past the
  limits below, or that claims to inflate more than ``MAX_RATIO`` times its compressed
  size: a zip bomb is refused without inflating it.  zipfile never inflates a part past
  its declared size, and a part whose stream disagrees with its size or CRC is damaged;
- then every XML part goes through engine/reader/xmlscan.py: no DOCTYPE or ENTITY, valid
  UTF-8, well-formed, and within the limits on rows, columns, cells and elements.

The pass also records each sheet's formula cells (for the "never calculated" check) and
whether the workbook carries macros (never run, only warned about).
docs/limits-workbooks.md gives each limit and why.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
from dataclasses import dataclass

from engine.errors import Location, WorkbookError
from engine.reader.xmlscan import Budget, Collect, Scan, SheetPart, SheetScan, parse_part

MB = 1 << 20
MAX_FILE_BYTES = 100 * MB  # the .xlsx file itself, compressed
MAX_PARTS = 1_000  # a workbook has about a dozen parts
MAX_PART_BYTES = 50 * MB  # one part, inflated (a 1,000-row table sheet is 0.6 MB)
MAX_TOTAL_BYTES = 100 * MB  # all parts, inflated
MAX_RATIO = 100  # inflated / compressed, for parts over RATIO_FROM_BYTES (real sheets: about 10)
RATIO_FROM_BYTES = 1 * MB

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted .xlsx holds
_EOCD = b"PK\x05\x06"
_WORKSHEET = "/worksheet"
_MACROS = "xl/vbaproject.bin"


@dataclass
class Container:
    """An archive that passed every check, with what the scan learnt of it."""

    sheets: dict[str, SheetPart]  # keyed by sheet title (parts no title names: by part name)
    macros: str | None = None  # the VBA project's part name, when there is one


def inspect_container(data: bytes, file: str) -> Container:
    """Check the archive in ``data``; raises WorkbookError (one line) for anything refused."""
    where = Location(file)
    _check_magic(data, where)
    _check_part_count(data, where)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:  # zipfile raises many types for a damaged directory
        raise _not_xlsx(where, "a damaged zip archive", exc) from None
    with archive:
        _check_sizes(infos, where)
        members = {info.filename: info for info in infos}
        book_part = _office_document(archive, members, where)
        titles = _sheet_titles(archive, members, book_part, where)
        done = {"_rels/.rels", book_part, _rels_of(book_part)}  # read, and so checked, by now
        sheets: dict[str, SheetPart] = {}
        budget = Budget()
        for info in infos:
            name = info.filename
            if name in done or not name.lower().endswith((".xml", ".rels", ".vml")):
                continue
            if name in titles:
                sheet = SheetPart(name, titles[name])
                parse_part(archive, info, SheetScan(sheet, where.file, budget))
                sheets[sheet.title or name] = sheet
            elif name.startswith("xl/worksheets/"):
                sheet = SheetPart(name, None)
                parse_part(archive, info, SheetScan(sheet, where.file, budget))
            else:
                parse_part(archive, info, Scan(name, Location(where.file), budget))
        macros = next((n for n in members if n.lower() == _MACROS), None)
    return Container(sheets=sheets, macros=macros)


def _not_xlsx(where: Location, found: str, exc: BaseException | None = None) -> WorkbookError:
    detail = f" ({str(exc).splitlines()[0][:120]})" if exc is not None and str(exc) else ""
    return WorkbookError("not an Excel workbook", location=where, expected="an .xlsx file", found=found + detail)


def _check_magic(data: bytes, where: Location) -> None:
    if data[:8] == OLE_MAGIC:
        if _ENCRYPTED_PACKAGE in data:
            raise WorkbookError(
                "the workbook is password-protected", location=where,
                expected="a workbook saved without a password", found="an encrypted workbook",
                hint="save it without a password: File > Info > Protect Workbook > Encrypt with Password, "
                "clear it",
            )
        raise _not_xlsx(where, "an old binary .xls file")
    if data[:4] != b"PK\x03\x04":
        raise _not_xlsx(where, "an empty file" if not data else "a file that is not a zip archive")


def _check_part_count(data: bytes, where: Location) -> None:
    """Count the parts from the end-of-directory record, before zipfile lists them all."""
    end = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise _not_xlsx(where, "a truncated or damaged zip archive (no end of central directory)")
    (entries,) = struct.unpack_from("<H", data, end + 10)
    if entries > MAX_PARTS:
        raise WorkbookError(
            "the workbook has too many parts", location=where,
            expected=f"at most {MAX_PARTS:,} parts in the archive", found=f"{entries:,}",
        )


def _check_sizes(infos: list[zipfile.ZipInfo], where: Location) -> None:
    """Refuse from the declared sizes alone: nothing is inflated here."""
    if len(infos) > MAX_PARTS:
        raise WorkbookError("the workbook has too many parts", location=where,
                            expected=f"at most {MAX_PARTS:,} parts in the archive", found=f"{len(infos):,}")
    total = 0
    for info in infos:
        name, size = info.filename, info.file_size
        if info.flag_bits & 0x1:
            raise _not_xlsx(where, f"an encrypted zip part {name!r}")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _not_xlsx(where, f"part {name!r} compressed with method {info.compress_type}")
        if size > MAX_PART_BYTES:
            raise _too_big(where, f"part {name!r} inflates to {size:,} bytes", f"at most {MAX_PART_BYTES:,} per part")
        if size > RATIO_FROM_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            raise _too_big(where, f"part {name!r} inflates {ratio:,} times ({info.compress_size:,} to {size:,} bytes)",
                           f"at most {MAX_RATIO} times its compressed size")
        total += size
        if total > MAX_TOTAL_BYTES:
            raise _too_big(where, f"parts that inflate to over {total:,} bytes", f"at most {MAX_TOTAL_BYTES:,} in all")


def _too_big(where: Location, found: str, expected: str) -> WorkbookError:
    return WorkbookError("the workbook is too large to read (a zip bomb?)", location=where, expected=expected,
                         found=found, hint="docs/limits-workbooks.md")


def _office_document(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], where: Location) -> str:
    """The workbook part's name, from _rels/.rels (xl/workbook.xml when it says nothing)."""
    rels = _relationships(archive, members, "_rels/.rels", "", where)
    return next((target for kind, target, _ in rels if kind.endswith("/officeDocument")), "xl/workbook.xml")


def _sheet_titles(
    archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], book_part: str, where: Location
) -> dict[str, str | None]:
    """Worksheet part name -> the sheet's title, from the workbook part and its relationships."""
    rels = _relationships(archive, members, _rels_of(book_part), posixpath.dirname(book_part), where)
    by_id = {rel_id: target for kind, target, rel_id in rels if kind.endswith(_WORKSHEET)}
    parts: dict[str, str | None] = dict.fromkeys(by_id.values())
    if book_part in members:
        scan = Collect(book_part, "sheet", where)
        parse_part(archive, members[book_part], scan)
        for attrs in scan.found:
            rel_id = next((v for k, v in attrs.items() if k.endswith(":id")), None)
            if rel_id in by_id:
                parts[by_id[rel_id]] = attrs.get("name")
    return parts


def _rels_of(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _relationships(
    archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], part: str, folder: str, where: Location
) -> list[tuple[str, str, str]]:
    """(type, target part name, id) of each relationship in a .rels part (none when it is absent)."""
    if part not in members:
        return []
    scan = Collect(part, "Relationship", where)
    parse_part(archive, members[part], scan)
    found = []
    for attrs in scan.found:
        target = attrs.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found.append((attrs.get("Type", ""), name, attrs.get("Id", "")))
    return found
