"""Reading goes on past a bad workbook; every Tests row is run; the corpus coverage."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from engine.authoring.spec import TestSpec
from engine.validation.findings import Severity

from .conftest import book, only, run, table

ROWS = [(("[1..6]",), ('"yes"',)), (("> 6",), ('"no"',))]


def test_a_workbook_that_does_not_read_is_one_finding_and_the_rest_go_on(tmp_path):
    good = book(tmp_path, table("t", ["n"], ["out"], ROWS), name="good.xlsx")
    bad = book(tmp_path, table("u", ["k"], ["limit"], [(("> 1",), ("1",))]), name="bad.xlsx")
    wb = openpyxl.load_workbook(bad)
    wb["u"]["B7"] = "[1..)"
    wb.save(bad)
    report = run(good, bad)
    [finding] = only(report, "read")
    assert (finding.file, finding.sheet, finding.cell) == (str(bad), "u", "B7")
    assert finding.message.startswith("cannot read the input test")
    assert report.summary.unreadable == 1 and report.summary.workbooks == 2
    assert report.summary.tables == 1 and report.summary.examples == 1  # good.xlsx was checked and run
    assert report.exit_code == 1


def test_a_failing_tests_row_names_the_expected_cell(tmp_path):
    tests = (
        TestSpec(id="T1", as_of="2015-01-01", inputs={"n": 3}, expected={"out": '"yes"'}),
        TestSpec(id="T2", as_of="2015-01-01", inputs={"n": 7}, expected={"out": '"yes"'}),
    )
    report = run(book(tmp_path, table("t", ["n"], ["out"], ROWS), tests=tests))
    [finding] = only(report, "example")
    assert (finding.severity, finding.sheet, finding.cell) == (Severity.ERROR, "Tests", "D4")
    assert finding.message == 'Tests row T2: out: expected "yes", found "no"'
    assert (report.summary.examples, report.summary.examples_failed) == (2, 1)
    assert [(e.test, e.passed) for e in report.examples] == [("T1", True), ("T2", False)]


def test_an_expected_error_that_does_not_come(tmp_path):
    tests = (TestSpec(id="T1", as_of="2015-01-01", inputs={"n": 3}, expected_error="UNIQUE"),)
    [finding] = only(run(book(tmp_path, table("t", ["n"], ["out"], ROWS), tests=tests)), "example")
    assert finding.cell == "A3" and "expected an error containing 'UNIQUE'" in finding.message


def test_static_runs_no_tests_rows(tmp_path):
    tests = (TestSpec(id="T1", as_of="2015-01-01", inputs={"n": 7}, expected={"out": '"yes"'}),)
    report = run(book(tmp_path, table("t", ["n"], ["out"], ROWS), tests=tests), static=True)
    assert only(report, "example") == [] and not report.summary.examples_run
    assert report.summary.line().endswith("Tests rows not run")


def _case(folder: Path, name: str, n: int) -> None:
    (folder / f"{name}.yaml").write_text(f"""
case: {name}
dates: {{injury: 2014-01-10, ur_decision: 2015-04-01, imr_application: 2015-04-20}}
claimant: {{age: 45, sex: male}}
diagnoses: [strain]
clinical_summary: Back pain.
items:
  - request: Item
    topic: x
    ur: {{decision: denied}}
    facts: {{n: {n}}}
""")


def test_coverage_lists_the_rows_no_case_fires(tmp_path):
    rows = [(("[1..6]",), ('"Overturned"',)), (("> 6",), ('"Upheld"',)), (("< 1",), ('"Upheld"',))]
    path = book(tmp_path, table("x", ["n"], ["x.outcome"], rows))
    cases = tmp_path / "cases"
    cases.mkdir()
    _case(cases, "c1", 3)
    _case(cases, "c2", 4)
    report = run(path, coverage_of=cases)
    [finding] = only(report, "coverage")
    assert (finding.severity, finding.sheet, finding.cell) == (Severity.INFO, "x", "B1")
    assert finding.message == f"rules 2, 3 of 'x' (2 of 3) fired for no item of the 2 cases (2 items) of {cases}"
    assert report.summary.cases == 2


def test_coverage_of_an_edition_no_case_falls_in(tmp_path):
    from engine.authoring.spec import GuidelineSpec

    later = GuidelineSpec(id="g", title="Demo", citation="Demo 1", edition="2", effective_from="2020-01-01")
    path = book(tmp_path, table("x", ["n"], ["x.outcome"], [(("-",), ('"Upheld"',))]), guideline=later)
    cases = tmp_path / "cases"
    cases.mkdir()
    _case(cases, "c1", 3)
    report = run(path, coverage_of=cases)
    assert "is in effect for no item" in only(report, "coverage")[0].message
