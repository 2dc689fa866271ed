"""``imr tables show``: the canonical text of a workbook, and git's textconv driver."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.styles import Font, PatternFill

from engine.authoring.canonical import show_workbook
from engine.authoring.writer import write_workbook
from engine.reader import read_workbook
from imr.cli import main
from tests.authoring.conftest import KNEE

IMR = Path(sys.executable).with_name("imr")


def test_the_text_lists_guideline_glossary_rules_and_tests(tmp_path):
    text = show_workbook(read_workbook(write_workbook(KNEE, tmp_path / "knee.xlsx")))
    lines = text.splitlines()
    assert lines[:5] == ["guideline", "  id: demo-knee", "  title: Demo knee guideline", "  citation: Knee 2",
                         "  edition: 2016"]
    facts = [line for line in lines if line.startswith("  knee.")]
    assert facts == ["  knee.improved: boolean", "  knee.outcome: enumeration \"Overturned\",\"Upheld\"",
                     "  knee.sessions: integer (sessions)"]  # sorted by name, not sheet order
    start = lines.index("table knee_determination")
    assert lines[start + 1:start + 9] == [
        "  sheet: knee_determination",
        "  hit policy: FIRST",
        "  inputs: request.screen | knee.sessions | knee.improved",
        "  outputs: knee.outcome",
        "  rules",
        '    "duplicate" | - | - => "Upheld"',
        "      citation: Knee 2(a)",
        "      rationale: A duplicate request is not reviewed.",
    ]
    k3 = lines.index("  K3 as of 2016-01-01")
    assert lines[k3 + 1:k3 + 4] == [
        "    description: past the trial, no improvement",
        "    given: request.duplicate = false; knee.sessions = 8; knee.improved = false",
        '    expect: knee.outcome = "Upheld"',
    ]
    assert str(tmp_path) not in text and "knee.xlsx" not in text  # git hands over temporary copies


def test_styles_and_how_excel_stored_values_do_not_change_the_text(tmp_path):
    plain = write_workbook(KNEE, tmp_path / "plain.xlsx")
    other = write_workbook(KNEE, tmp_path / "other.xlsx")
    book = openpyxl.load_workbook(other)
    sheet = book["knee_determination"]
    sheet["E8"] = "Overturned"  # bare words in an enumeration column
    sheet["C9"] = ">6"
    sheet["A8"] = None  # rule numbers are optional
    for row in sheet.iter_rows():
        for cell in row:
            cell.font, cell.fill = Font(italic=True), PatternFill("solid", fgColor="FFFF00")
    sheet.column_dimensions["B"].width = 80
    tests = book["Tests"]
    tests["B3"] = dt.datetime(2016, 1, 1)  # a date cell where the other has text
    tests["D3"] = "6"  # text in an integer column
    tests["C3"] = "false"  # text where the other has a boolean cell
    facts = book["Facts"]  # glossary rows in another order
    rows = [[c.value for c in r] for r in facts.iter_rows(min_row=2)]
    for r, values in enumerate(reversed(rows), start=2):
        for c, value in enumerate(values, start=1):
            facts.cell(row=r, column=c).value = value
    book.save(other)
    assert show_workbook(read_workbook(other)) == show_workbook(read_workbook(plain))


def test_numbered_rules_for_reading(tmp_path):
    text = show_workbook(read_workbook(write_workbook(KNEE, tmp_path / "knee.xlsx")), numbered=True)
    assert '    2: "reviewable" | [1..6] | - => "Overturned"' in text.splitlines()


def test_command_prints_the_text(tmp_path):
    path = write_workbook(KNEE, tmp_path / "knee.xlsx")
    done = CliRunner().invoke(main, ["tables", "show", str(path)])
    assert done.exit_code == 0
    assert done.output == show_workbook(read_workbook(path))


def test_a_workbook_the_reader_rejects_is_shown_cell_by_cell_after_the_problem(tmp_path):
    path = write_workbook(KNEE, tmp_path / "knee.xlsx")
    book = openpyxl.load_workbook(path)
    book["knee_determination"]["C8"] = "[1..6"
    book.save(path)
    done = subprocess.run([IMR, "tables", "show", str(path)], capture_output=True, text=True)
    assert done.returncode == 0  # git's textconv must not fail on a half-edited workbook
    first, *rest = done.stdout.splitlines()
    assert first.startswith("# the reader rejects this workbook: sheet 'knee_determination', cell C8: cannot read")
    assert str(path) not in first
    assert "sheet knee_determination" in rest and "  C8: [1..6" in rest
    assert done.stderr.startswith(f"error: {path}, sheet 'knee_determination', cell C8: cannot read the input test")


def test_a_file_that_is_no_workbook_is_a_one_line_error(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("hello")
    done = CliRunner().invoke(main, ["tables", "show", str(path)])
    assert done.exit_code == 2
    assert done.output == (f"error: {path}: not an Excel workbook: expected an .xlsx file, "
                           "found a file that is not a zip archive\n")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", str(tmp_path)], check=True)
    write_workbook(KNEE, tmp_path / "tables" / "knee.xlsx")
    (tmp_path / ".gitattributes").write_text("*.xlsx diff=imr-xlsx\n")
    subprocess.run(["git", "config", "diff.imr-xlsx.textconv", f"{IMR} tables show"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "knee"], cwd=tmp_path, check=True)
    return tmp_path


def test_git_diff_shows_the_changed_rule_as_text(repo):
    path = repo / "tables" / "knee.xlsx"
    book = openpyxl.load_workbook(path)
    book["knee_determination"]["C8"] = "[1..8]"
    book.save(path)
    done = subprocess.run(["git", "diff", "--", "tables/knee.xlsx"], cwd=repo, capture_output=True, text=True,
                          check=True)
    changed = [line for line in done.stdout.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ['-    "reviewable" | [1..6] | - => "Overturned"',
                       '+    "reviewable" | [1..8] | - => "Overturned"']


def test_command_reads_a_revision(repo, monkeypatch):
    monkeypatch.chdir(repo)
    done = CliRunner().invoke(main, ["tables", "show", "HEAD:tables/knee.xlsx"])
    assert done.exit_code == 0
    assert done.output == show_workbook(read_workbook(repo / "tables" / "knee.xlsx"))
