"""Issue 14, authoring: one workbook validates with the ones it depends on; errors say the fix.

`1-6` in a number cell, `six` in a number column, a row a FIRST table never reaches; a
fact typo does not hide the workbook's Tests rows from the count; a gap is one short
example case; ``--json`` beside ``--format``; ``imr tables new`` prints the command that works.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from engine.authoring.spec import FactSpec, TestSpec
from imr.cli import main

from .conftest import FACTS, book, only, run, table

ROOT = Path(__file__).resolve().parents[2]
TABLES = ROOT / "tables"


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_one_shipped_workbook_validates_with_the_workbooks_it_depends_on():
    result = _run("validate", "--static", str(TABLES / "acupuncture.xlsx"))
    assert result.exit_code == 0, result.stdout
    summary = result.stdout.splitlines()[-1]
    assert summary.startswith("0 errors, ") and "1 workbook (with 1 workbook it depends on)" in summary
    assert "[unknown-fact]" not in result.stdout and "imr_conventions.xlsx" not in result.stdout


def test_a_workbook_alone_in_its_folder_takes_its_dependencies_from_tables(tmp_path):
    alone = tmp_path / "acupuncture.xlsx"
    shutil.copy(TABLES / "acupuncture.xlsx", alone)
    bare = _run("validate", "--static", str(alone))
    assert bare.exit_code == 1 and "[unknown-fact]" in bare.stdout
    given = _run("validate", str(alone), "--tables", str(TABLES), "--json")
    assert given.exit_code == 0, given.stdout
    data = json.loads(given.stdout)
    assert data["summary"]["errors"] == 0 and data["summary"]["context"] == 1
    assert data["files"] == [str(alone)] and {f["file"] for f in data["findings"]} <= {str(alone)}
    assert data["summary"]["examples"] == len(data["examples"]) > 0  # its own Tests rows, not the conventions'
    assert {e["file"] for e in data["examples"]} == {str(alone)}


def test_a_dash_range_in_a_number_cell_says_to_write_an_interval(tmp_path):
    [finding] = only(run(book(tmp_path, table("t", ["n"], ["out"], [(("1-6",), ('"yes"',))]))), "read")
    assert finding.message.endswith("found '-' at character 2 of '1-6' (write [1..6] for a range)")
    assert (finding.sheet, finding.cell) == ("t", "B7")


def test_a_number_word_says_write_the_number(tmp_path):
    report = run(book(tmp_path, table("t", ["n", "k"], ["out"], [(("six", '"twelve"'), ('"yes"',))])))
    assert [(f.cell, f.message) for f in only(report, "type")] == [
        ("B7", "six: not a number: write 6"), ("C7", '"twelve": not a number: write 12')]
    assert only(report, "unknown-fact") == []


def test_a_fact_typo_leaves_the_tests_rows_counted_as_not_run(tmp_path):
    path = book(tmp_path, table("t", ["nn"], ["out"], [(("> 1",), ('"yes"',))]),
                tests=(TestSpec(id="T1", as_of="2015-01-01", inputs={"n": "2"}, expected={"out": '"yes"'}),
                       TestSpec(id="T2", as_of="2015-01-01", inputs={"n": "0"}, expected={})))
    result = _run("validate", str(path))
    assert result.exit_code == 1
    assert "unknown fact 'nn' in an input column (did you mean 'n'?) [unknown-fact]" in result.stdout
    assert result.stdout.splitlines()[-1].endswith(
        "Tests rows: 0 of 2 pass, 2 not run (their workbook's errors stop it from compiling)")


def test_a_gap_over_many_columns_is_one_short_example_case(tmp_path):
    names = [f"demo.finding_documented_{i}" for i in range(1, 9)]  # in full: over 200 characters
    facts = (*FACTS, *(FactSpec(name=n, type="boolean", when_not_documented="must be documented") for n in names))
    rows = [((*(["-"] * i), "true", *(["-"] * (7 - i))), ('"yes"',)) for i in range(8)]
    report = run(book(tmp_path, table("t", names, ["out"], rows, "F"), facts=facts), static=True)
    [gap] = only(report, "gap")
    assert gap.message == (
        "no row matches a case such as " + ", ".join(f"{n} = false" for n in names[:5]) + " (and 3 more facts); "
        "add a row, a catch-all last row under FIRST, or a Default output entry")
    assert len(gap.message) < 300


def test_json_flag_is_format_json_and_refuses_two_formats(tmp_path):
    path = book(tmp_path, table("t", ["n"], ["out"], [(("-",), ('"yes"',))]))
    assert _run("validate", str(path), "--json").stdout == _run("validate", str(path), "--format", "json").stdout
    both = _run("validate", str(path), "--json", "--format", "junit")
    assert both.exit_code == 2 and "--json and --format junit ask for two formats" in both.stderr


def test_tables_new_prints_the_validate_command_that_works(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    target = tmp_path / "drafts" / "knee_demo.xlsx"
    result = _run("tables", "new", "knee_demo", "--out", str(target))
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if "imr validate" in line)
    command = line[line.index("imr validate"):]
    assert command == f"imr validate {target} --tables tables/"
    checked = _run(*command.split()[1:])
    assert checked.exit_code == 0, checked.stdout


def test_a_tests_cell_says_the_fix(tmp_path):
    rows = [(("-",), ('"yes"',))]
    for folder, inputs, hint in (("six", {"n": "six"}, "(not a number: write 6)"),
                                 ("word", {"zz": "initial"}, '(a text is quoted: write "initial")')):
        (tmp_path / folder).mkdir()
        path = book(tmp_path / folder, table("t", ["n"], ["out"], rows),
                    tests=(TestSpec(id="T1", as_of="2015-01-01", inputs=inputs, expected={}),))
        [finding] = only(run(path, static=True), "read")
        assert (finding.sheet, finding.cell) == ("Tests", "C3") and finding.message.endswith(hint), finding.message
