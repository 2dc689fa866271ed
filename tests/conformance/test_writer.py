"""engine.authoring.writer: the file it writes, read back cell by cell with openpyxl."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from engine.authoring import (
    FactSpec,
    GuidelineSpec,
    RuleSpec,
    TableSpec,
    TestSpec,
    WorkbookSpec,
    write_workbook,
)
from engine.authoring.sheetnames import MAX_LENGTH, SheetNamer, safe_sheet_name
from engine.authoring.writer import FACT_HEADER, table_layout

GUIDELINE = GuidelineSpec(
    id="mtus-acupuncture", title="MTUS Acupuncture Medical Treatment Guidelines",
    citation="8 CCR 9792.24.1", edition="2007", effective_from=dt.date(2007, 6, 15),
    owner="clinical team",
)
FACTS = (
    FactSpec(name="request_type", type="enumeration", allowed_values='"initial","extension"',
             description="initial trial or extension", question="Is this an initial trial?"),
    FactSpec(name="sessions_requested", type="integer", unit="sessions"),
    FactSpec(name="acupuncture.outcome", type="text", allowed_values='"Overturned","Upheld"'),
)
ACUPUNCTURE = TableSpec(
    name="acupuncture_initial",
    hit_policy="FIRST",
    description="Initial trial of acupuncture (9792.24.1(c))",
    inputs=("request_type", "sessions_requested"),
    outputs=("acupuncture.outcome",),
    output_values=('"Overturned","Upheld"',),
    defaults=('"Upheld"',),
    rules=(
        RuleSpec(inputs=('"initial"', "[1..6]"), outputs=('"Overturned"',),
                 citation="MTUS 9792.24.1(c)(1)", rationale="Up to 6 sessions"),
        RuleSpec(inputs=('"initial"', "> 6"), outputs=('"Upheld"',),
                 citation="MTUS 9792.24.1(c)(1)", rationale="{sessions_requested} > 6"),
    ),
)
TESTS = (
    TestSpec(id="T1", as_of=dt.date(2015, 4, 1),
             inputs={"request_type": '"initial"', "sessions_requested": 6},
             expected={"acupuncture.outcome": '"Overturned"'}, description="top of the trial"),
    TestSpec(id="T2", inputs={"sessions_requested": "null"}, expected_error="UNIQUE"),
)


def _write(tmp_path: Path, spec: WorkbookSpec) -> openpyxl.Workbook:
    path = write_workbook(spec, tmp_path / "sub" / "book.xlsx")
    assert path == tmp_path / "sub" / "book.xlsx" and path.is_file()
    return openpyxl.load_workbook(path)


def _row(ws: Worksheet, row: int) -> list[object]:
    return [c.value for c in ws[row]]


@pytest.fixture
def book(tmp_path: Path) -> openpyxl.Workbook:
    return _write(tmp_path, WorkbookSpec(guideline=GUIDELINE, facts=FACTS,
                                         tables=(ACUPUNCTURE,), tests=TESTS))


def test_sheets_in_order(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == ["Guideline", "Facts", "acupuncture_initial", "Tests"]


def test_guideline_sheet(book: openpyxl.Workbook) -> None:
    ws = book["Guideline"]
    pairs = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert pairs == {
        "id": "mtus-acupuncture",
        "title": "MTUS Acupuncture Medical Treatment Guidelines",
        "citation": "8 CCR 9792.24.1",
        "edition": "2007",  # text, not the number 2007
        "effective from": dt.datetime(2007, 6, 15),  # a native date cell
        "owner": "clinical team",
    }
    assert ws["A1"].font.bold


def test_facts_sheet(book: openpyxl.Workbook) -> None:
    ws = book["Facts"]
    assert tuple(_row(ws, 1)) == FACT_HEADER
    assert _row(ws, 2) == ["request_type", "enumeration", '"initial","extension"', None,
                           "initial trial or extension", "Is this an initial trial?", None, None]
    assert _row(ws, 3)[:4] == ["sessions_requested", "integer", None, "sessions"]
    assert _row(ws, 4)[:3] == ["acupuncture.outcome", "text", '"Overturned","Upheld"']
    assert ws.max_row == 4
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "B2"


def test_table_sheet_layout(book: openpyxl.Workbook) -> None:
    ws = book["acupuncture_initial"]
    assert _row(ws, 1)[:2] == ["Decision table", "acupuncture_initial"]
    assert _row(ws, 2)[:2] == ["Hit policy", "FIRST"]
    assert _row(ws, 3)[:2] == ["Description", "Initial trial of acupuncture (9792.24.1(c))"]
    assert all(v is None for v in _row(ws, 4))
    assert _row(ws, 5) == ["#", "Input", "Input", "Output", "Citation", "Rationale"]
    assert _row(ws, 6) == [None, "request_type", "sessions_requested", "acupuncture.outcome",
                           None, None]
    assert _row(ws, 7)[:4] == ["Output values", None, None, '"Overturned","Upheld"']
    assert _row(ws, 8)[:4] == ["Default", None, None, '"Upheld"']
    assert _row(ws, 9) == [1, '"initial"', "[1..6]", '"Overturned"', "MTUS 9792.24.1(c)(1)",
                           "Up to 6 sessions"]
    assert _row(ws, 10) == [2, '"initial"', "> 6", '"Upheld"', "MTUS 9792.24.1(c)(1)",
                            "{sessions_requested} > 6"]
    assert ws.max_row == 10
    assert all(ws.cell(r, c).font.bold for r in (5, 6) for c in range(2, 5))
    assert ws.freeze_panes == "B7"
    assert ws.column_dimensions["C"].width >= len("sessions_requested")


def test_layout_helper_matches_the_sheet(book: openpyxl.Workbook) -> None:
    layout = table_layout(ACUPUNCTURE)
    assert layout["values_row"] == 7 and layout["default_row"] == 8
    assert layout["first_rule_row"] == 9 and layout["citation_col"] == 5
    assert layout["annotation_col"] is None


def test_tests_sheet(book: openpyxl.Workbook) -> None:
    ws = book["Tests"]
    assert _row(ws, 1) == ["#", "As of", "Input", "Input", "Expected", "Expected error",
                           "Description"]
    assert _row(ws, 2) == [None, None, "request_type", "sessions_requested",
                           "acupuncture.outcome", None, None]
    assert _row(ws, 3) == ["T1", dt.datetime(2015, 4, 1), '"initial"', 6, '"Overturned"', None,
                           "top of the trial"]
    # a missing input is a blank cell (not documented); "null" is written as text
    assert _row(ws, 4) == ["T2", None, None, "null", None, "UNIQUE", None]


def test_no_tests_sheet_without_tests(tmp_path: Path) -> None:
    book = _write(tmp_path, WorkbookSpec(guideline=GUIDELINE, facts=FACTS, tables=(ACUPUNCTURE,)))
    assert "Tests" not in book.sheetnames


def test_native_values_and_verbatim_text(tmp_path: Path) -> None:
    table = TableSpec(
        name="natives", hit_policy="U", inputs=("a", "b", "c", "d"), outputs=("out",),
        annotation_column=True,
        rules=(
            RuleSpec(inputs=(6, Decimal("0.1"), True, dt.date(2015, 3, 16)), outputs=(2.5,)),
            RuleSpec(inputs=("6", "=5", "true", 'date("2015-03-16")'), outputs=("-",),
                     annotation="note"),
            RuleSpec(inputs=(None, dt.time(10, 30), dt.datetime(2015, 3, 16, 10, 30), "-"),
                     outputs=("null",)),
        ),
    )
    ws = _write(tmp_path, WorkbookSpec(guideline=GUIDELINE, tables=(table,)))["natives"]
    assert _row(ws, 5) == ["#", "Input", "Input", "Input", "Input", "Output", "Citation",
                           "Rationale", "Annotation"]
    first = [ws.cell(7, c) for c in range(2, 7)]
    assert [c.value for c in first] == [6, 0.1, True, dt.datetime(2015, 3, 16), 2.5]
    assert [c.data_type for c in first] == ["n", "n", "b", "d", "n"]
    second = [ws.cell(8, c) for c in range(2, 7)]
    assert [c.value for c in second] == ["6", "=5", "true", 'date("2015-03-16")', "-"]
    assert all(c.data_type == "s" for c in second)  # "=5" is text, not a formula
    assert ws.cell(8, 9).value == "note"
    assert [ws.cell(9, c).value for c in range(2, 7)] == [
        None, dt.time(10, 30), dt.datetime(2015, 3, 16, 10, 30), "-", "null"]


def test_long_and_illegal_table_names_get_safe_unique_sheets(tmp_path: Path) -> None:
    long = "Compare Years and Months Duration"  # 33 characters
    names = (long, long + " again", "a/b: [c]*?\\", "Facts", "FACTS")
    tables = tuple(TableSpec(name=n, inputs=("x",), outputs=("y",)) for n in names)
    book = _write(tmp_path, WorkbookSpec(guideline=GUIDELINE, tables=tables))
    sheets = book.sheetnames[2:]
    assert len(sheets) == len(names)
    assert len({s.casefold() for s in book.sheetnames}) == len(book.sheetnames)
    for sheet, name in zip(sheets, names, strict=True):
        assert len(sheet) <= MAX_LENGTH
        assert not set(sheet) & set("[]:*?/\\")
        assert book[sheet]["B1"].value == name  # the real name lives in B1
    assert sheets[0] == long[:31]
    assert sheets[2] == "a b c"
    assert "facts" not in {s.casefold() for s in sheets}


@pytest.mark.parametrize(("name", "safe"), [
    ("plain", "plain"),
    ("'quoted'", "quoted"),
    ("[]", "Table"),
    ("x" * 40, "x" * 31),
    ("tab\there", "tab here"),
])
def test_safe_sheet_name(name: str, safe: str) -> None:
    assert safe_sheet_name(name) == safe


def test_sheet_namer_suffixes_stay_within_31() -> None:
    namer = SheetNamer(reserved=["Facts"])
    names = [namer.name_for("y" * 40) for _ in range(12)]
    assert names[0] == "y" * 31 and names[1].endswith(" (2)") and names[11].endswith(" (12)")
    assert all(len(n) <= 31 for n in names) and len(set(names)) == 12
    assert namer.name_for("facts") == "facts (2)"


def test_spec_checks_the_shape() -> None:
    with pytest.raises(ValidationError, match="rule 1"):
        TableSpec(name="t", inputs=("a",), outputs=("b",),
                  rules=(RuleSpec(inputs=("1", "2"), outputs=("3",)),))
    with pytest.raises(ValidationError, match="defaults"):
        TableSpec(name="t", inputs=("a",), outputs=("b",), defaults=("1", "2"))
    with pytest.raises(ValidationError, match="output_values"):
        TableSpec(name="t", inputs=("a",), outputs=("b", "c"), output_values=('"x"',))
    with pytest.raises(ValidationError, match="appears twice"):
        WorkbookSpec(guideline=GUIDELINE, facts=(FACTS[0], FACTS[0]), tables=(ACUPUNCTURE,))
    with pytest.raises(ValidationError, match="time zone"):
        RuleSpec(inputs=(dt.datetime(2018, 7, 30, tzinfo=dt.UTC),), outputs=("1",))
    with pytest.raises(ValidationError):
        RuleSpec(inputs=(object(),))  # type: ignore[arg-type]


def test_the_reader_reads_back_what_was_written(tmp_path: Path) -> None:
    from engine.reader import read_workbook

    spec = WorkbookSpec(guideline=GUIDELINE, facts=FACTS, tables=(ACUPUNCTURE,), tests=TESTS)
    book = read_workbook(write_workbook(spec, tmp_path / "acupuncture.xlsx"))
    assert book.guideline.id == "mtus-acupuncture" and book.guideline.edition == "2007"
    assert book.guideline.effective_from == dt.date(2007, 6, 15)
    assert list(book.facts) == ["request_type", "sessions_requested", "acupuncture.outcome"]
    assert book.facts["request_type"].allowed_values == ("initial", "extension")
    (table,) = book.tables
    assert (table.name, table.policy_code) == ("acupuncture_initial", "F")
    assert [c.fact for c in table.inputs] == ["request_type", "sessions_requested"]
    (output,) = table.outputs
    assert output.output_values == ("Overturned", "Upheld")
    assert output.default is not None and output.default.text == '"Upheld"'
    assert [[e.text for e in r.inputs] for r in table.rules] == [
        ['"initial"', "[1..6]"], ['"initial"', "> 6"]]
    assert [r.citation for r in table.rules] == ["MTUS 9792.24.1(c)(1)"] * 2
    first, second = book.tests
    assert first.as_of == dt.date(2015, 4, 1)
    assert first.inputs == {"request_type": "initial", "sessions_requested": Decimal(6)}
    assert first.expected == {"acupuncture.outcome": "Overturned"}
    assert second.inputs == {"sessions_requested": None} and second.expected_error == "UNIQUE"
    assert book.warnings == ()
