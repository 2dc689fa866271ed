"""``imr tables new``: a workbook that is ready to fill and valid as written."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from engine.authoring.canonical import show_workbook
from engine.authoring.scaffold import check_scaffold, write_scaffold
from engine.compiler.rulebase import load_rulebase
from engine.reader import read_workbook
from engine.runtime.evaluate import evaluate
from engine.runtime.worked_examples import run_examples
from imr.cli import main
from tests.authoring.conftest import needs_soffice
from tests.authoring.filling import AS_OF, SAVED_BY_LIBREOFFICE, cases, filled_workbook, save_with_libreoffice

ROOT = Path(__file__).resolve().parents[2]
TABLE = "knee_injections_determination"


@pytest.fixture
def new_workbook(tmp_path: Path) -> Path:
    return write_scaffold("knee_injections", tmp_path / "knee_injections.xlsx", today=dt.date(2024, 1, 15))


def test_reads_compiles_and_its_example_passes_as_written(new_workbook):
    workbook = read_workbook(new_workbook)
    assert workbook.warnings == ()
    assert [t.name for t in workbook.tables] == [TABLE]
    assert workbook.facts["knee_injections.outcome"].allowed_values == ("Overturned", "Upheld")
    [table] = workbook.tables
    assert len(table.rules) == 1 and table.rules[0].citation
    rulebase = load_rulebase(new_workbook)
    [outcome] = run_examples(rulebase)
    assert outcome.test.id == "T1" and outcome.passed
    assert check_scaffold(new_workbook) == []


def test_the_validator_finds_no_error_only_what_is_left_to_fill_in(new_workbook):
    from engine.validation.runner import validate

    report = validate(new_workbook)
    assert report.summary.errors == 0 and report.exit_code == 0
    # a blank effective date, and the inputs the one example rule leaves to other rules
    assert {f.check for f in report.findings} == {"effective-dates", "gap", "gap-undocumented"}


def test_compiles_alongside_the_shipped_tables(tmp_path):
    folder = tmp_path / "tables"
    shutil.copytree(ROOT / "tables", folder)
    path = write_scaffold("knee_injections", folder / "knee_injections.xlsx")
    assert check_scaffold(path) == []


def test_headers_are_styled_and_panes_frozen(new_workbook):
    book = openpyxl.load_workbook(new_workbook)
    table = book[TABLE]
    assert table.freeze_panes == "B7"
    assert book["Tests"].freeze_panes == "C3" and book["Facts"].freeze_panes == "B2"
    kinds = {table.cell(row=5, column=c).value: table.cell(row=5, column=c) for c in range(1, 10)}
    assert kinds["Input"].font.bold and kinds["Input"].fill.fgColor.rgb.endswith("DDEBF7")
    assert kinds["Output"].fill.fgColor.rgb.endswith("E2EFDA")


def _lists(ws) -> dict[str, tuple[str, str]]:
    """First cell of each validated range -> (the list, the error style)."""
    found = {}
    for validation in ws.data_validations.dataValidation:
        if validation.type == "list":
            for cell_range in validation.sqref.ranges:
                found[cell_range.coord.split(":")[0]] = (validation.formula1, validation.errorStyle)
    return found


def test_drop_down_lists_for_hit_policy_types_booleans_and_enumerations(new_workbook):
    book = openpyxl.load_workbook(new_workbook)
    table = _lists(book[TABLE])
    policy, style = table["B2"]
    assert "FIRST" in policy and "COLLECT SUM" in policy and style == "stop"
    assert table["B8"] == ('"initial,extension,-"', "warning")  # request_type, from the rule rows on
    assert table["D8"] == ('"true,false,-"', "warning")  # functional_improvement
    assert table["E8"] == ('"Overturned,Upheld"', "warning")  # the output
    assert "C8" not in table  # an integer: no list, only the syntax as an input message
    facts = _lists(book["Facts"])
    assert "enumeration" in facts["B2"][0] and "days and time duration" in facts["B2"][0]
    tests = _lists(book["Tests"])
    assert tests["C3"][0] == '"initial,extension"'
    assert tests["E3"][0] == '"true,false"'
    assert tests["F3"][0] == '"Overturned,Upheld,null"'


def test_cell_comments_explain_the_syntax(new_workbook):
    book = openpyxl.load_workbook(new_workbook)
    table = book[TABLE]
    assert "FIRST" in table["A2"].comment.text and "UNIQUE" in table["A2"].comment.text
    assert "[1..6]" in table["B8"].comment.text and "not(" in table["B8"].comment.text
    assert "{fact name}" in table["G5"].comment.text  # Rationale
    assert "priority order" in table["A7"].comment.text  # Output values
    assert "enumeration" in book["Facts"]["B1"].comment.text
    assert "not documented" in book["Tests"]["C1"].comment.text
    guideline = book["Guideline"]
    keys = {guideline.cell(row=r, column=1).value: r for r in range(1, guideline.max_row + 1)}
    assert {"effective from", "effective to", "owner"} <= set(keys)  # blank, ready to fill
    assert "overlap" in guideline.cell(row=keys["edition"], column=1).comment.text


def test_the_filled_workbook_decides_as_filled(tmp_path):
    rulebase = load_rulebase(filled_workbook(tmp_path / "knee_injections.xlsx"))
    assert all(o.passed for o in run_examples(rulebase)) and len(run_examples(rulebase)) == 4
    decide = lambda **facts: evaluate(rulebase, {f"knee_injections.{k}": v for k, v in facts.items()},  # noqa: E731
                                      AS_OF).tables[TABLE].value
    assert decide(request_type="initial", sessions_requested=8) == "Upheld"
    assert decide(request_type="extension", sessions_requested=8, functional_improvement=True) == "Overturned"


def _same_as_filled(saved: Path, tmp_path: Path, *, with_absence: bool = True) -> None:
    """``with_absence=False``: for a copy saved before the Facts sheet had its absence columns."""
    filled = filled_workbook(tmp_path / "filled" / "knee_injections.xlsx")

    def shown(path: Path) -> str:
        text = show_workbook(read_workbook(path))
        if with_absence:
            return text
        return "\n".join(line for line in text.splitlines()
                         if not line.strip().startswith(("when not documented:", "absence basis:")))

    assert shown(saved) == shown(filled)
    before, after = load_rulebase(filled), load_rulebase(saved)
    for case in cases():
        assert evaluate(after, case, AS_OF, on_record=with_absence).tables[TABLE].value \
            == evaluate(before, case, AS_OF, on_record=with_absence).tables[TABLE].value
    if with_absence:
        assert all(o.passed for o in run_examples(after))


@needs_soffice
def test_filled_and_saved_by_libreoffice_reads_and_decides_the_same(tmp_path):
    filled = filled_workbook(tmp_path / "knee_injections.xlsx")
    _same_as_filled(save_with_libreoffice(filled, tmp_path / "saved"), tmp_path)


def test_the_committed_libreoffice_copy_reads_and_decides_the_same(tmp_path):
    """The same check without LibreOffice, on a copy it saved (tests/authoring/filling.py).

    The copy was saved before workbooks declared absence rules, so it is compared without them.
    """
    _same_as_filled(SAVED_BY_LIBREOFFICE, tmp_path, with_absence=False)


def test_command_writes_under_tables_by_default_and_refuses_to_overwrite(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    done = runner.invoke(main, ["tables", "new", "knee_injections"])
    assert done.exit_code == 0, done.output
    assert "wrote tables/knee_injections.xlsx" in done.output
    assert load_rulebase("tables/knee_injections.xlsx").table(TABLE)
    again = runner.invoke(main, ["tables", "new", "knee_injections"])
    assert again.exit_code == 2
    assert again.output.strip().splitlines() == [
        "error: tables/knee_injections.xlsx: the workbook exists: expected a new file (or --force to "
        "overwrite it), found a file"
    ]
    assert runner.invoke(main, ["tables", "new", "knee_injections", "--force"]).exit_code == 0


def test_command_refuses_a_name_that_cannot_prefix_facts(tmp_path):
    done = CliRunner().invoke(main, ["tables", "new", "knee-injections", "--out", str(tmp_path / "k.xlsx")])
    assert done.exit_code == 2
    assert "bad topic name: expected a letter, then letters, digits or _" in done.output
    assert not (tmp_path / "k.xlsx").exists()


def test_command_warns_when_the_new_workbook_clashes_with_its_folder(tmp_path):
    write_scaffold("knee_injections", tmp_path / "first.xlsx")
    done = CliRunner().invoke(main, ["tables", "new", "knee_injections", "--out", str(tmp_path / "second.xlsx")])
    assert done.exit_code == 0
    assert "warning: with the other workbooks of" in done.output
    assert "knee_injections" in done.output and "twice" in done.output
