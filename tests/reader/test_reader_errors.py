"""Every error a workbook author can cause names the file, sheet and cell.

Broken and hostile files (not a zip, an old .xls, zip bombs, formulas never calculated,
...) are in tests/hostile/test_hostile_workbooks.py.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from engine.errors import WorkbookError
from engine.reader import read_workbook


def _error(path: Path) -> str:
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_bad_cell_syntax_names_cell_and_expectation(break_cell):
    message = _error(break_cell("demo_table", "B7", "[1..6"))
    assert "sheet 'demo_table', cell B7" in message
    assert "expected" in message and "[1..6" in message


def test_unknown_hit_policy(break_cell):
    message = _error(break_cell("demo_table", "B2", "FIRSTT"))
    assert "cell B2" in message and "unknown hit policy" in message and "'FIRSTT'" in message


def test_empty_input_cell(break_cell):
    message = _error(break_cell("demo_table", "C8", None))
    assert "cell C8" in message and "- for any value" in message


def test_unknown_fact_type_suggests(break_cell):
    message = _error(break_cell("Facts", "B2", "integr"))
    assert "sheet 'Facts', cell B2" in message and "did you mean 'integer'?" in message


def test_enumeration_without_values(break_cell):
    message = _error(break_cell("Facts", "C3", None))
    assert "sheet 'Facts', cell C3" in message and "allowed values" in message


def test_rule_number_out_of_sequence(break_cell):
    message = _error(break_cell("demo_table", "A8", 5))
    assert "cell A8" in message and "expected 2" in message


def test_unknown_column_kind(break_cell):
    message = _error(break_cell("demo_table", "C5", "Inptu"))
    assert "cell C5" in message and "did you mean 'input'?" in message


def test_bad_test_literal(break_cell):
    message = _error(break_cell("Tests", "C3", "date("))
    assert "sheet 'Tests', cell C3" in message


def test_missing_sheet_suggests(demo_path):
    book = openpyxl.load_workbook(demo_path)
    book["Facts"].title = "Fact"
    book.save(demo_path)
    message = _error(demo_path)
    assert "no sheet named 'Facts'" in message and "did you mean 'Fact'?" in message


def test_guideline_without_id(break_cell):
    message = _error(break_cell("Guideline", "A1", None))
    assert "sheet 'Guideline'" in message and "no id" in message


def test_duplicate_fact(break_cell):
    message = _error(break_cell("Facts", "A3", "sessions"))
    assert "sheet 'Facts', cell A3" in message and "defined twice" in message


def test_missing_file(tmp_path):
    assert "no such workbook" in _error(tmp_path / "nope.xlsx")


@pytest.mark.parametrize("name", ["Approved/Declined", "2nd visit", "claimant..age", "null"])
def test_fact_name_that_a_cell_could_not_name(break_cell, name):
    message = _error(break_cell("Facts", "A2", name))
    assert "sheet 'Facts', cell A2" in message and "bad fact name" in message
