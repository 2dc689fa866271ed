"""Broken and hostile workbooks: each gives one line, the same from Python and from the CLI.

One table of the corpus (tests/hostile/workbook_corpus.py): the builder, the exact line
the Python API raises (or warns), and the exact line ``imr validate`` prints for it.
Then what the lines cannot show: nothing inflated, read, fetched or run.  Mutations of
a real workbook are in test_workbook_mutations.py.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest
from click.testing import CliRunner
from defusedxml.common import EntitiesForbidden

from engine.compiler.rulebase import load_rulebase
from engine.errors import ImrError, WorkbookError
from engine.reader import read_workbook
from imr.cli import main
from tests.hostile import workbook_corpus as corpus

ZIP_BOMB = "the workbook is too large to read (a zip bomb?)"
NO_DOCTYPE = ("expected XML without DOCTYPE or ENTITY declarations (Excel never writes them; none is read or "
              "fetched)")
NOT_XLSX = "not an Excel workbook: expected an .xlsx file, found"
TABLE = "{file}, sheet 'demo_table'"


@dataclass(frozen=True)
class Entry:
    """A corpus entry: ``line`` is what Python raises (or warns); ``cli`` what imr validate prints."""

    build: Callable[[Path], Path]
    line: str
    cli: str | None = None  # default: the line, as a finding of the check 'read'
    warning: bool = False
    api: Callable[[Path], object] = read_workbook

    def cli_line(self) -> str:
        if self.cli is not None:
            return self.cli
        where, message = self.line.split(": ", 1)  # "{file}, sheet 'x', cell B7: message"
        return f"{where}: error: {message} [read]"


CORPUS: dict[str, Entry] = {
    "not a zip": Entry(corpus.not_a_zip, f"{{file}}: {NOT_XLSX} a file that is not a zip archive"),
    "empty file": Entry(corpus.empty_file, f"{{file}}: {NOT_XLSX} an empty file"),
    "a named pipe": Entry(corpus.named_pipe, "{file}: cannot read the workbook: expected a file, found a device, "
                          "a pipe or a socket"),
    "a 101 MiB file": Entry(corpus.huge_file, "{file}: the workbook file is too large: expected at most 104,857,600 "
                            "bytes, found 105,906,176 bytes"),
    "truncated xlsx": Entry(corpus.truncated, f"{{file}}: {NOT_XLSX} a truncated or damaged zip archive "
                            "(no end of central directory)"),
    "old xls": Entry(corpus.old_xls, f"{{file}}: {NOT_XLSX} an old binary .xls file"),
    "password-protected": Entry(
        corpus.password_protected,
        "{file}: the workbook is password-protected: expected a workbook saved without a password, found an "
        "encrypted workbook (save it without a password: File > Info > Protect Workbook > Encrypt with Password, "
        "clear it)"),
    "zip bomb, declared size": Entry(
        corpus.declared_bomb,
        f"{{file}}: {ZIP_BOMB}: expected at most 52,428,800 per part, found part 'xl/worksheets/sheet3.xml' "
        "inflates to 4,294,967,295 bytes (docs/limits-workbooks.md)"),
    "zip bomb, 1 GiB real": Entry(
        corpus.honest_bomb,
        f"{{file}}: {ZIP_BOMB}: expected at most 52,428,800 per part, found part 'xl/worksheets/sheet3.xml' "
        "inflates to 1,073,741,824 bytes (docs/limits-workbooks.md)"),
    "zip bomb, size understated": Entry(
        corpus.lying_bomb,
        TABLE + ": a part of the workbook is damaged: expected parts that inflate to their declared size and CRC, "
        "found BadZipFile: Bad CRC-32 for file 'xl/worksheets/sheet3.xml'"),
    "zip bomb, ratio": Entry(
        corpus.ratio_bomb,
        f"{{file}}: {ZIP_BOMB}: expected at most 100 times its compressed size, found part "
        "'xl/worksheets/sheet3.xml' inflates 1,011 times (20,742 to 20,971,520 bytes) (docs/limits-workbooks.md)"),
    "too many parts": Entry(
        corpus.too_many_parts,
        "{file}: the workbook has too many parts: expected at most 1,000 parts in the archive, found 1,013"),
    "20,000 relationships": Entry(
        corpus.many_relationships,
        "{file}: the workbook has too many <Relationship> elements in part xl/_rels/workbook.xml.rels: expected "
        "at most 10,000, found more"),
    "billion laughs": Entry(
        corpus.billion_laughs,
        f"{{file}}: the workbook's XML declares a DOCTYPE in part xl/sharedStrings.xml: {NO_DOCTYPE}, found "
        "<!DOCTYPE lolz ...>"),
    "external entity, file": Entry(
        lambda folder: corpus.external_entity(folder, "file:///etc/passwd"),
        f"{{file}}: the workbook's XML declares a DOCTYPE in part xl/sharedStrings.xml: {NO_DOCTYPE}, found "
        "<!DOCTYPE sst ...>"),
    "external entity, http": Entry(
        lambda folder: corpus.external_entity(folder, "http://127.0.0.1:9/imr"),
        f"{{file}}: the workbook's XML declares a DOCTYPE in part xl/sharedStrings.xml: {NO_DOCTYPE}, found "
        "<!DOCTYPE sst ...>"),
    "entity in a sheet": Entry(
        corpus.entity_in_sheet,
        TABLE + f": the workbook's XML declares a DOCTYPE: {NO_DOCTYPE}, found <!DOCTYPE worksheet ...>"),
    "invalid UTF-8, shared strings": Entry(
        corpus.bad_utf8_strings,
        "{file}: the workbook's text is not valid UTF-8 in part xl/sharedStrings.xml: expected UTF-8 text, found "
        "the byte 0xe4 at byte 1,043 of xl/sharedStrings.xml"),
    "invalid UTF-8, sheet": Entry(
        corpus.bad_utf8_sheet,
        TABLE + ", cell B2: the workbook's text is not valid UTF-8: expected UTF-8 text, found the byte 0xff at "
        "byte 1,135 of xl/worksheets/sheet3.xml"),
    "XML not well-formed": Entry(
        corpus.not_well_formed,
        TABLE + ", cell G9: the workbook's XML is not well-formed: expected well-formed XML, found mismatched tag "
        "at line 1, column 3082"),
    "XML nested 5,000 deep": Entry(
        corpus.deep_nesting,
        TABLE + ", cell G9: the workbook's XML is nested too deep: expected at most 100 levels, found <x> at "
        "level 101"),
    "no workbook part": Entry(
        corpus.missing_workbook_part,
        "{file}: cannot open the workbook: expected a valid .xlsx file, found KeyError: \"There is no item named "
        "'xl/workbook.xml' in the archive\""),
    "a million rows": Entry(
        corpus.million_rows,
        TABLE + ", cell A20001: the sheet has too many rows: expected at most 20,000 rows "
        "(docs/limits-workbooks.md), found row 20,001"),
    "a cell in the last row": Entry(
        corpus.far_row,
        TABLE + ", cell A1048576: the sheet has too many rows: expected at most 20,000 rows "
        "(docs/limits-workbooks.md), found row 1,048,576"),
    "a cell in the last column": Entry(
        corpus.far_column,
        TABLE + ", cell XFD1: the sheet has too many columns: expected at most 256 columns (A to IV), found a cell "
        "in column XFD1"),
    "a merged range over the whole sheet": Entry(
        corpus.merge_whole_sheet,
        TABLE + ", cell A1:XFD1048576: the sheet has a merged range past its limits: expected at most 20,000 rows "
        "and 256 columns (docs/limits-workbooks.md), found the range A1:XFD1048576"),
    "a hyperlink over 256,000 cells": Entry(
        corpus.wide_hyperlink,
        TABLE + ", cell A1:IV1000: the workbook has too many cells: expected at most 250,000 cells in all sheets, "
        "found more, with the hyperlink A1:IV1000"),
    "a 40,000-character cell": Entry(
        corpus.long_cell,
        TABLE + ", cell B7: the cell's text is too long: expected at most 32,767 characters (Excel's own limit), "
        "found 40,000 characters"),
    "formula without a cached value": Entry(
        corpus.cell("demo_table", "B7", "=1+1"),
        TABLE + ", cell B7: formula cell has no calculated value: expected a value, or a formula saved with its "
        "result, found =1+1 never calculated (open and save the workbook in Excel or LibreOffice, or type the "
        "value)"),
    "merged cells across rules": Entry(
        corpus.merged_rules,
        TABLE + ", cell C7:C8: merged cells in the rules of table 'demo_table': expected one value in each cell of "
        "a rule row, found the range C7:C8 merged (unmerge it and type the value in each cell)"),
    "empty table": Entry(
        corpus.empty_table,
        TABLE + ", cell B1: the table 'demo_table' has no rules: expected at least one rule row below the column "
        "names, found none"),
    "hidden row": Entry(
        corpus.hidden_row_and_sheet, TABLE + ", row 8: the row is hidden",
        cli=TABLE + ", cell A8: warning: the row is hidden; reviewers of the workbook do not see it, the engine "
        "reads it [hidden]", warning=True),
    "hidden sheet": Entry(
        corpus.hidden_row_and_sheet, "{file}: sheet 'Notes' is hidden",
        cli="{file}, sheet 'Notes': warning: the sheet is hidden; reviewers of the workbook do not see it, the "
        "engine reads it [hidden]", warning=True),
    "macros": Entry(
        corpus.macros,
        "{file}: the workbook contains macros (xl/vbaProject.bin); they are ignored and never run",
        cli="{file}: warning: the workbook contains macros (xl/vbaProject.bin); imr ignores them and never runs "
        "them, but Excel may when the file is opened [macros]", warning=True),
    "wrong type: a date in a number column": Entry(
        corpus.cell("demo_table", "B7", dt.datetime(2016, 1, 1)), "",
        cli=TABLE + ", cell B7: error: date(\"2016-01-01\"): compares 'sessions' (integer) with a date "
        "(date(\"2016-01-01\")), which never matches [type]", api=lambda path: None),
    "wrong type: text in a number column": Entry(
        corpus.cell("demo_table", "B7", "lots"),
        TABLE + ", cell B7: unknown fact 'lots' in a test: expected a fact from a Facts glossary, found 'lots'",
        cli=TABLE + ", cell B7: error: unknown fact 'lots' in a test [unknown-fact]", api=load_rulebase),
    "one table name in two workbooks": Entry(
        corpus.two_workbooks_one_table_name,
        "{file}/b.xlsx, sheet 'demo_table', cell B1: table name 'demo_table' is used twice: expected a name unique "
        "across the loaded workbooks (or another edition of one guideline), found the same name at {file}/a.xlsx, "
        "sheet 'demo_table'",
        cli="{file}/b.xlsx, sheet 'demo_table', cell B1: error: table name 'demo_table' is also used in "
        "{file}/a.xlsx, sheet 'demo_table'; names are unique except between editions of one guideline "
        "[duplicate-table]", api=load_rulebase),
}



@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Each corpus entry's file, built once per module."""
    cache: dict[str, Path] = {}

    def build(name: str) -> Path:
        if name not in cache:
            cache[name] = CORPUS[name].build(tmp_path_factory.mktemp("corpus"))
        return cache[name]

    return build


@pytest.mark.parametrize("name", list(CORPUS))
def test_python_api_gives_the_one_line(name: str, built: Callable[[str], Path]) -> None:
    entry = CORPUS[name]
    path = built(name)
    expected = entry.line.format(file=path)
    if entry.warning:
        assert expected in read_workbook(path).warnings
    elif entry.line:
        with pytest.raises(ImrError) as info:
            entry.api(path)
        assert str(info.value) == expected
    else:
        entry.api(path)  # read fine: only imr validate's type check finds it


@pytest.mark.parametrize("name", list(CORPUS))
def test_imr_validate_prints_the_one_line(name: str, built: Callable[[str], Path]) -> None:
    entry = CORPUS[name]
    path = built(name)
    severity = "warning" if entry.warning else "error"
    result = CliRunner().invoke(main, ["validate", "--static", "--severity", severity, str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and not result.stderr
    lines = result.stdout.splitlines()
    assert entry.cli_line().format(file=path) in lines
    if entry.warning:
        assert result.exit_code == 0
    else:
        assert result.exit_code == 1
        assert len(lines) == 2 and lines[1].startswith("1 error,")  # the line and the summary


def test_imr_decide_prints_one_line_and_exits_2(built: Callable[[str], Path]) -> None:
    path = built("zip bomb, 1 GiB real")
    case = Path(__file__).resolve().parents[2] / "cases" / "seed.yaml"
    result = CliRunner().invoke(main, ["decide", str(case), "--tables", str(path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["error: " + CORPUS["zip bomb, 1 GiB real"].line.format(file=path)]
    assert "Traceback" not in result.output


# --- what a line cannot show -------------------------------------------------------------

@pytest.mark.parametrize("build", [corpus.honest_bomb, corpus.lying_bomb])
def test_bombs_are_refused_without_inflating_them(build: Callable[[Path], Path], tmp_path: Path) -> None:
    path = build(tmp_path)
    tracemalloc.start()
    try:
        with pytest.raises(WorkbookError):
            read_workbook(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 2**20, f"{peak:,} bytes allocated"  # the sheet would inflate to 1 GiB


def test_a_million_rows_are_refused_while_streaming(built: Callable[[str], Path]) -> None:
    path = built("a million rows")  # 40 MB of sheet XML: openpyxl would take minutes and gigabytes
    started = time.perf_counter()
    with pytest.raises(WorkbookError, match="too many rows"):
        read_workbook(path)
    assert time.perf_counter() - started < 2  # about 0.4 s: the scan stops at row 20,001


class _Watch:
    """Records files opened and network use (audit events) while on."""

    def __init__(self) -> None:
        self.on = False
        self.events: list[tuple[str, str]] = []
        sys.addaudithook(self)

    def __call__(self, event: str, args: tuple[object, ...]) -> None:
        if self.on and (event == "open" or event.startswith(("socket.", "urllib."))):
            self.events.append((event, str(args[0]) if args else ""))


_WATCH = _Watch()


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_external_entities_are_never_read_or_fetched(scheme: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    target = secret.as_uri() if scheme == "file" else "http://127.0.0.1:9/imr-secret"
    path = corpus.external_entity(tmp_path, target)
    _WATCH.events.clear()
    _WATCH.on = True
    try:
        with pytest.raises(WorkbookError) as info:
            read_workbook(path)
        with pytest.raises(Exception) as direct:  # openpyxl alone, behind the check, refuses too
            openpyxl.load_workbook(path)
    finally:
        _WATCH.on = False
    assert "TOP-SECRET" not in str(info.value) and "TOP-SECRET" not in str(direct.value)
    assert not [e for e in _WATCH.events if e[1] == str(secret) or e[0].startswith(("socket.", "urllib."))]
    assert [e for e in _WATCH.events if e[1] == str(path)]  # the watch does see what is opened


def test_openpyxl_parses_with_defusedxml(tmp_path: Path) -> None:
    """The second line of defence: openpyxl itself refuses entities when defusedxml is installed."""
    assert openpyxl.xml.DEFUSEDXML
    with pytest.raises(ValueError) as info:
        openpyxl.load_workbook(corpus.billion_laughs(tmp_path))
    cause = info.value.__cause__ or info.value.__context__
    assert isinstance(cause, EntitiesForbidden)


LONG_CELLS = {
    "32,000 parentheses in an input cell": ("B7", "(" * 32_000, read_workbook,
                                            "cannot read the input test: expected a number"),
    "32,767 letters in a number column": ("B7", "x" * 32_767, load_rulebase, "unknown fact 'xxxx"),
}


@pytest.mark.parametrize("name", list(LONG_CELLS))
def test_a_cell_of_excels_greatest_length_fails_in_one_line(name: str, tmp_path: Path) -> None:
    ref, text, api, message = LONG_CELLS[name]
    path = corpus.cell("demo_table", ref, text)(tmp_path)
    with pytest.raises(ImrError) as info:  # not a RecursionError, not a hang
        api(path)
    line = str(info.value)
    assert line.startswith(f"{path}, sheet 'demo_table', cell {ref}: {message}")
    assert "\n" not in line


@pytest.mark.parametrize("name", list(LONG_CELLS))
def test_a_long_cell_is_quoted_short(name: str, tmp_path: Path) -> None:
    ref, text, api, _ = LONG_CELLS[name]
    with pytest.raises(ImrError) as info:
        api(corpus.cell("demo_table", ref, text)(tmp_path))
    line = str(info.value)
    assert len(line) < 1_000 and f"({len(text):,} characters)" in line


def test_macros_are_read_past_and_never_run(tmp_path: Path) -> None:
    path = corpus.macros(tmp_path)
    workbook = read_workbook(path)
    assert [t.name for t in workbook.tables] == ["demo_table"]
    assert len(workbook.tables[0].rules) == 3
    assert workbook.warnings == (CORPUS["macros"].line.format(file=path),)


def test_a_valid_workbook_reads_with_no_warning(tmp_path: Path) -> None:
    assert read_workbook(corpus.demo(tmp_path)).warnings == ()
    assert read_workbook(corpus.saved_by_libreoffice(tmp_path)).warnings == ()
