"""engine.pytest_plugin: a workbook's Tests rows as pytest items, run with pytester."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

import engine.compiler.rulebase
from engine.authoring.spec import TestSpec
from engine.authoring.writer import write_workbook
from tests.authoring.conftest import KNEE, SCREEN, write_chain

pytest_plugins = ["pytester"]


@pytest.fixture
def tables(pytester: pytest.Pytester) -> Path:
    folder = pytester.path / "tables"
    write_chain(folder)
    return folder


def test_the_plugin_is_registered_as_a_pytest11_entry_point():
    found = {ep.name: ep.value for ep in importlib.metadata.entry_points(group="pytest11")}
    assert found.get("imr_tables") == "engine.pytest_plugin"


def test_one_item_per_tests_row_named_after_workbook_and_test_id(pytester, tables):
    result = pytester.runpytest("tables", "-v")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines([
        "tables/knee.xlsx::K1 PASSED*",
        "tables/knee.xlsx::K2 PASSED*",
        "tables/knee.xlsx::K3 PASSED*",
        "tables/screen.xlsx::S1 PASSED*",
    ])
    result.stdout.fnmatch_lines(["imr tables: tables/ (2 workbooks, 4 worked examples)"])


def test_a_failing_row_names_the_cell_expected_and_found(pytester):
    wrong = TestSpec(id="K9", as_of="2016-01-01", inputs={"request.duplicate": True, "knee.sessions": 3},
                     expected={"knee.outcome": '"Overturned"'})
    write_chain(pytester.path / "tables", KNEE.model_copy(update={"tests": (*KNEE.tests, wrong)}))
    result = pytester.runpytest("tables")
    result.assert_outcomes(passed=4, failed=1)
    # Tests sheet: #, As of, 3 inputs (C-E), knee.outcome in F; K9 is the 4th test, on row 6.
    result.stdout.fnmatch_lines([
        "*tables/knee.xlsx, sheet 'Tests', cell F6: knee.outcome: expected \"Overturned\", found \"Upheld\"",
        "FAILED tables/knee.xlsx::K9*",
    ])
    assert "Traceback" not in result.stdout.str()


def test_a_workbook_that_does_not_read_is_one_failing_item(pytester, tables):
    (tables / "broken.xlsx").write_bytes(b"not a zip")
    result = pytester.runpytest("tables", "-v")
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines([
        "tables/broken.xlsx::read FAILED*",
        "tables/broken.xlsx: not an Excel workbook: expected an .xlsx file, found a file that is not a zip archive",
    ])


def test_workbooks_that_do_not_compile_together_fail_once_each(pytester, tables):
    clash = SCREEN.model_copy(update={"guideline": SCREEN.guideline.model_copy(update={"id": "other"})})
    write_workbook(clash, tables / "screen_copy.xlsx")
    result = pytester.runpytest("tables", "-v")
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines(["tables/knee.xlsx::rulebase FAILED*", "*table name 'request_screen' is used twice*"])


def test_one_file_runs_on_its_whole_folder_and_the_folder_is_compiled_once(pytester, tables, monkeypatch):
    calls = []
    original = engine.compiler.rulebase.compile_rulebase

    def counting(workbooks):
        calls.append(len(workbooks))
        return original(workbooks)

    monkeypatch.setattr(engine.compiler.rulebase, "compile_rulebase", counting)
    result = pytester.runpytest_inprocess("tables/knee.xlsx", "tables/screen.xlsx")
    result.assert_outcomes(passed=4)  # knee reads request.screen from screen.xlsx
    assert calls == [2]


def test_fixture_workbooks_under_tests_are_not_collected_by_default(pytester):
    write_chain(pytester.path / "tests" / "data")
    pytester.makepyfile(**{"tests/test_plain": "def test_plain():\n    assert True\n"})
    pytester.makeini("[pytest]\ntestpaths = tests\n")
    pytester.runpytest().assert_outcomes(passed=1)  # testpaths are not "named"
    pytester.runpytest("tests").assert_outcomes(passed=1)  # not directly in tests/
    pytester.runpytest(".").assert_outcomes(passed=1)
    pytester.runpytest("tests/data").assert_outcomes(passed=4)  # named: collected
    pytester.runpytest("tests/data/knee.xlsx").assert_outcomes(passed=3)
    pytester.runpytest("tests", "-p", "no:imr_tables", "--co").assert_outcomes()


def test_the_configured_tables_folder_is_collected_when_pytest_walks_into_it(pytester, tables):
    pytester.makepyfile(**{"tests/test_plain": "def test_plain():\n    assert True\n"})
    pytester.runpytest(".").assert_outcomes(passed=5)  # tables/ is the default folder
    pytester.makeini("[pytest]\nimr_tables = rules\n")
    pytester.runpytest(".").assert_outcomes(passed=1)  # tables/ no longer configured
    pytester.runpytest(".", "--imr-tables", "tables").assert_outcomes(passed=5)


def test_items_carry_a_marker_to_select_or_deselect_them(pytester, tables):
    pytester.makepyfile(test_plain="def test_plain():\n    assert True\n")
    pytester.runpytest(".", "-m", "imr_workbook").assert_outcomes(passed=4, deselected=1)
    pytester.runpytest(".", "-m", "not imr_workbook").assert_outcomes(passed=1, deselected=4)


def test_excel_lock_files_are_ignored(pytester, tables):
    (tables / "~$knee.xlsx").write_bytes(b"lock")
    pytester.runpytest("tables").assert_outcomes(passed=4)
