"""Excel's habits are read the way the sheet's author meant them."""

from __future__ import annotations

from decimal import Decimal

import openpyxl

from engine.compiler.rulebase import load_rulebase
from engine.reader import read_workbook
from engine.runtime.evaluate import evaluate


def test_number_stored_as_text_and_number_cells(break_cell):
    path = break_cell("demo_table", "B7", "[1..6]")
    book = openpyxl.load_workbook(path)
    book["demo_table"]["B8"] = 7  # a number cell: the test "7"
    book.save(path)
    table = read_workbook(path).tables[0]
    assert table.rules[1].inputs[0].text == "7"
    assert table.rules[1].inputs[0].tests.matches(Decimal(7))


def test_bare_words_in_a_text_column_are_strings(break_cell):
    path = break_cell("demo_table", "C7", "lumbar, cervical")
    rulebase = load_rulebase(path)
    result = evaluate(rulebase, {"sessions": 3, "region": "cervical"})
    assert result.tables["demo_table"].value == "Overturned"


def test_number_in_a_text_column_is_text(break_cell):
    path = break_cell("demo_table", "C7", 5)
    table = read_workbook(path).tables[0]
    assert table.rules[0].inputs[1].text == '"5"'


def test_trailing_blank_rows_are_ignored(demo_path):
    book = openpyxl.load_workbook(demo_path)
    ws = book["demo_table"]
    for row in range(20, 40):
        ws.cell(row=row, column=2, value="  ")
    book.save(demo_path)
    assert len(read_workbook(demo_path).tables[0].rules) == 3


def test_merged_header_cells(demo_path):
    book = openpyxl.load_workbook(demo_path)
    ws = book["demo_table"]
    ws["C5"] = None
    ws["D5"] = None
    ws.merge_cells("B5:D5")
    book.save(demo_path)
    table = read_workbook(demo_path).tables[0]
    assert [c.fact for c in table.inputs] == ["sessions", "region", "improved"]


def test_formula_with_cached_value_reads_the_value(break_cell, tmp_path):
    """A formula saved with its result (as Excel and LibreOffice save) reads as the result."""
    import re
    import zipfile

    path = break_cell("demo_table", "B8", '=">"&"6"')  # openpyxl saves it with no result
    out = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<c r="B8"([^>]*)><f>(.*?)</f><v ?/>',
                              rb'<c r="B8" t="str"><f>\2</f><v>&gt; 6</v>', data)
            dst.writestr(info, data)
    table = read_workbook(out).tables[0]
    assert table.rules[1].inputs[0].text == "> 6"


def test_hidden_rows_and_sheets_are_warned(demo_path):
    book = openpyxl.load_workbook(demo_path)
    book["demo_table"].row_dimensions[8].hidden = True
    book.create_sheet("Notes").sheet_state = "hidden"
    book.save(demo_path)
    warnings = read_workbook(demo_path).warnings
    assert any("row 8" in w and "hidden" in w for w in warnings)
    assert any("'Notes'" in w for w in warnings)
