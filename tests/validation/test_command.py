"""``imr validate``: lines, exit codes, JSON, JUnit, severity filter, the shipped tables."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

from click.testing import CliRunner

from engine.authoring.spec import GuidelineSpec
from imr.cli import main

from .conftest import book, table

ROOT = Path(__file__).resolve().parents[2]
OVERLAP = [(("[1..6]",), ('"yes"',)), (("> 5",), ('"no"',))]


def _run(*args: str):
    return CliRunner().invoke(main, ["validate", *args], catch_exceptions=False)


def test_clean_workbook_exits_0_with_a_summary(tmp_path):
    path = book(tmp_path, table("t", ["n"], ["out"], [(("-",), ('"yes"',))]))
    result = _run(str(path))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        "0 errors, 0 warnings, 1 info: 1 workbook, 1 table, 1 row, Tests rows: 1 of 1 pass")
    assert result.stderr == ""  # progress only on a terminal


def test_errors_exit_1_one_line_each(tmp_path):
    path = book(tmp_path, table("t", ["n"], ["out"], OVERLAP))
    result = _run(str(path))
    assert result.exit_code == 1
    assert (f"{path}, sheet 't', cell A8: error: rules 1 and 2 both match (UNIQUE lets one row match), "
            "e.g. n: (5..6] [overlap]") in result.stdout.splitlines()


def test_usage_errors_exit_2(tmp_path):
    assert _run(str(tmp_path / "missing.xlsx")).exit_code == 2
    result = _run(str(tmp_path))  # a folder without workbooks
    assert result.exit_code == 2 and result.stderr.startswith("error: ") and "no workbooks" in result.stderr
    assert _run("--format", "xml", str(tmp_path)).exit_code == 2


def test_a_folder_of_unreadable_workbooks(tmp_path):
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    result = _run(str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'broken.xlsx'}: error: not an Excel workbook: expected an .xlsx file, found a file that "
        "is not a zip archive [read]",
        "1 error, 0 warnings, 0 infos: 1 workbook (1 unreadable), 0 tables, 0 rows, Tests rows not run",
    ]


def test_severity_filter(tmp_path):
    path = book(tmp_path, table("t", ["n"], ["out"], [(("> 1",), ('"yes"',))]))
    everything = _run(str(path)).stdout
    assert "[gap]" in everything and "[gap-undocumented]" in everything
    errors_only = _run("--severity", "error", str(path)).stdout.splitlines()
    assert errors_only == ["0 errors, 1 warning, 2 infos: 1 workbook, 1 table, 1 row, Tests rows: 1 of 1 pass"]


def test_json_lists_findings_and_a_summary(tmp_path):
    path = book(tmp_path, table("t", ["n"], ["out"], OVERLAP))
    result = _run("--format", "json", str(path))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    [overlap] = [f for f in data["findings"] if f["check"] == "overlap"]
    assert overlap == {
        "check": "overlap", "severity": "error", "file": str(path), "sheet": "t", "cell": "A8", "field": None,
        "message": overlap["message"], "location": f"{path}, sheet 't', cell A8",
    }
    assert data["summary"]["errors"] == 1 and data["summary"]["examples"] == 1
    assert data["files"] == [str(path)]


def test_junit_for_ci(tmp_path):
    bad = book(tmp_path, table("t", ["n"], ["out"], OVERLAP), name="bad.xlsx")
    other = GuidelineSpec(id="h", title="Other", citation="Other 1", edition="1", effective_from="2010-01-01")
    good = book(tmp_path, table("t2", ["n"], ["limit"], [(("-",), ("1",))]), name="good.xlsx", guideline=other)
    result = _run("--format", "junit", str(bad), str(good))
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {str(bad), str(good)}
    overlap = next(c for c in suites[str(bad)].iter("testcase") if c.get("name") == "overlap")
    failure = overlap.find("failure")
    assert failure is not None and failure.get("type") == "overlap" and "cell A8" in failure.text
    gap = next(c for c in suites[str(bad)].iter("testcase") if c.get("name") == "gap")
    assert gap.find("failure") is None and "[gap]" in gap.find("system-out").text
    tests_rows = [c for c in suites[str(good)].iter("testcase") if c.get("classname") == f"{good} Tests"]
    assert [c.get("name") for c in tests_rows] == ["T1"]
    assert root.get("failures") == "1" and suites[str(good)].get("failures") == "0"


def test_the_shipped_tables_have_no_errors():
    result = _run("--static", "--severity", "error", str(ROOT / "tables"))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("0 errors, ")
