"""``imr tables diff``: what changed between two versions of a workbook, by meaning."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from engine.authoring.compare import compare_workbooks
from engine.authoring.diff import diff_workbooks
from engine.authoring.rowmatch import RowContent, match_rows
from engine.authoring.spec import FactSpec, RuleSpec, TestSpec, WorkbookSpec
from engine.authoring.writer import write_workbook
from engine.reader import read_workbook
from imr.cli import main
from tests.authoring.conftest import KNEE, KNEE_RULES, with_rules, write_chain

R1, R2, R3, R4 = KNEE_RULES
WIDER = R2.model_copy(update={"inputs": ('"reviewable"', "[1..8]", "-")})
CASE = """\
case: CM16-0000042
dates: {injury: 2015-01-05, ur_decision: 2016-03-01, imr_application: 2016-03-20}
claimant: {age: 44, sex: female}
diagnoses: [knee osteoarthritis]
clinical_summary: Knee pain after a fall.
items:
  - request: Knee therapy, 8 sessions
    topic: knee
    ur: {decision: denied, guideline: Demo knee guideline}
    facts: {request.duplicate: no, knee.sessions: 8, knee.improved: no}
"""


def _diff(tmp_path: Path, old: WorkbookSpec, new: WorkbookSpec):
    a = write_workbook(old, tmp_path / "old" / "knee.xlsx")
    b = write_workbook(new, tmp_path / "new" / "knee.xlsx")
    return diff_workbooks(read_workbook(a), read_workbook(b))


# --- pairing rows -----------------------------------------------------------------------


def _row(*cells: str, citation: str = "") -> RowContent:
    return RowContent(dict(zip(("a", "b", "c", "out"), cells, strict=True)), (citation, "", ""))


def test_an_inserted_row_leaves_every_other_row_paired_with_itself():
    old = [_row("1", "-", "x", "U"), _row("2", "-", "y", "O"), _row("3", "z", "-", "U")]
    new = [old[0], _row("9", "9", "9", "O"), old[1], old[2]]
    match = match_rows(old, new)
    assert [(i, j) for i, j, _ in match.pairs] == [(0, 0), (1, 2), (2, 3)]
    assert match.added == [1] and match.removed == [] and match.moved == set()


def test_an_edited_row_is_paired_by_similarity_and_an_unrelated_one_is_not():
    old = [_row("1", "2", "3", "U", citation="s. 1"), _row("4", "5", "6", "O", citation="s. 2")]
    new = [_row("7", "8", "9", "U", citation="s. 9"), _row("4", "5", "7", "O", citation="s. 2")]
    match = match_rows(old, new)
    assert [(i, j) for i, j, _ in match.pairs] == [(1, 1)]
    assert match.removed == [0] and match.added == [0]


def test_swapped_rows_are_moved():
    old = [_row("1", "-", "-", "U"), _row("2", "-", "-", "O"), _row("3", "-", "-", "U")]
    match = match_rows(old, [old[2], old[0], old[1]])
    assert match.moved == {(2, 0)}


# --- structure --------------------------------------------------------------------------


def test_a_changed_cell_is_reported_with_its_address_and_renumbering_is_not(tmp_path):
    inserted = RuleSpec(inputs=('"reviewable"', "0", "-"), outputs=('"Upheld"',), citation="Knee 2(d)")
    diff = _diff(tmp_path, KNEE, with_rules(R1, inserted, WIDER, R3, R4))
    [table] = diff.tables
    assert [(r.status, r.old_rule, r.new_rule) for r in table.rows] == [("added", None, 2), ("changed", 2, 3)]
    [cell] = table.rows[1].cells
    assert (cell.column, cell.old, cell.new, cell.address) == ("knee.sessions", "[1..6]", "[1..8]",
                                                                "knee_determination!C9")
    assert table.rows[0].text == '"reviewable" | 0 | - => "Upheld"'


def test_removed_and_moved_rows_and_the_hit_policy(tmp_path):
    diff = _diff(tmp_path, KNEE, with_rules(R3, R1, R2, policy="UNIQUE"))
    [table] = diff.tables
    assert [(f.field, f.old, f.new) for f in table.fields] == [("hit policy", "FIRST", "UNIQUE")]
    assert [(r.status, r.old_rule, r.new_rule) for r in table.rows] == [("moved", 3, 1), ("removed", 4, None)]


def test_how_excel_stored_a_value_is_not_a_difference(tmp_path):
    old = write_workbook(KNEE, tmp_path / "old.xlsx")
    new = write_workbook(KNEE, tmp_path / "new.xlsx")
    book = openpyxl.load_workbook(new)
    sheet = book["knee_determination"]
    sheet["C9"] = ">6"  # rule 3, typed without the space
    sheet["C8"].font = openpyxl.styles.Font(bold=True, color="FF0000")
    tests = book["Tests"]
    tests["D3"] = "6"  # a number typed as text into an integer column
    book.save(new)
    diff = diff_workbooks(read_workbook(old), read_workbook(new))
    assert diff.tables == [] and diff.tests == [] and diff.empty


def test_glossary_columns_and_tests_sheet_changes(tmp_path):
    table = KNEE.tables[0]
    wider = table.model_copy(update={
        "inputs": (*table.inputs, "knee.age"),
        "rules": tuple(r.model_copy(update={"inputs": (*r.inputs, "-")}) for r in table.rules),
    })
    asked = {"question": "How many sessions are asked for?"}
    facts = (*(f.model_copy(update=asked) if f.name == "knee.sessions" else f for f in KNEE.facts),
             FactSpec(name="knee.age", type="integer"))
    tests = (KNEE.tests[0].model_copy(update={"expected": {"knee.outcome": '"Upheld"'}}), *KNEE.tests[1:],
             TestSpec(id="K4", inputs={"knee.sessions": 1}))
    diff = _diff(tmp_path, KNEE, KNEE.model_copy(update={"tables": (wider,), "facts": facts, "tests": tests}))
    assert [(f.name, f.status) for f in diff.facts] == [("knee.age", "added"), ("knee.sessions", "changed")]
    assert diff.facts[1].changes[0].field == "question"
    [changed] = diff.tables
    assert changed.columns_added == ["knee.age"] and changed.rows == []  # "-" in the new column says nothing
    assert [(t.id, t.status) for t in diff.tests] == [("K4", "added"), ("K1", "changed")]
    assert [(c.field, c.old, c.new) for c in diff.tests[1].changes] == [
        ("expect knee.outcome", '"Overturned"', '"Upheld"')]


# --- outcomes ---------------------------------------------------------------------------


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path, Path]:
    """tables/ (screen + knee), and a NEW knee whose trial goes to 8 sessions."""
    folder = tmp_path / "tables"
    old = write_chain(folder)
    new = write_workbook(with_rules(R1, WIDER, R3, R4), tmp_path / "new" / "knee.xlsx")
    return folder, old, new


def test_tests_rows_and_cases_that_decide_differently(versions, tmp_path):
    folder, old, new = versions
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "knee.yaml").write_text(CASE)
    diff = compare_workbooks(str(old), str(new), [folder], tmp_path / "cases")
    assert diff.notes == []
    [k3] = diff.test_outcomes
    assert k3.label == "K3" and k3.source.endswith("knee.xlsx, sheet 'Tests', row 5")
    assert [(c.field, c.old, c.new) for c in k3.changes] == [
        ("knee.outcome", '"Upheld"', '"Overturned"'), ("passes", "yes", "no")]
    [item] = diff.case_outcomes
    assert item.label == "Knee therapy, 8 sessions" and item.source.endswith("knee.yaml: items[0]")
    assert [(c.field, c.old, c.new) for c in item.changes] == [("outcome", "Upheld", "Overturned")]


def test_without_its_folder_the_chain_does_not_compile_and_that_is_a_note(versions):
    _, old, new = versions
    diff = compare_workbooks(str(old), str(new))
    assert diff.test_outcomes is None
    assert any("the OLD rule base does not compile" in n and "request.screen" in n for n in diff.notes)
    assert diff.tables  # the structural part is still there


def test_gaps_that_appear_and_disappear(versions):
    folder, old, _ = versions
    narrower = with_rules(R1, R2, R3)  # no row for > 6 sessions without improvement
    new = write_workbook(narrower, folder.parent / "narrow" / "knee.xlsx")
    diff = compare_workbooks(str(old), str(new), [folder])
    [table] = diff.tables
    assert table.coverage is not None
    assert any("[gap]" in line and "knee.improved: false" in line for line in table.coverage.appeared)
    back = compare_workbooks(str(new), str(old), [folder])
    assert any("[gap]" in line for line in back.tables[0].coverage.disappeared)


def test_renumbering_alone_does_not_change_the_findings(versions):
    folder, _, _ = versions
    shadowed = RuleSpec(inputs=('"reviewable"', "[2..3]", "-"), outputs=('"Upheld"',), citation="Knee 2(e)")
    below_one = RuleSpec(inputs=('"reviewable"', "< 1", "-"), outputs=('"Upheld"',), citation="Knee 2(f)")
    old = write_workbook(with_rules(R1, R2, R3, R4, shadowed), folder.parent / "a" / "knee.xlsx")
    new = write_workbook(with_rules(below_one, R1, R2, R3, R4, shadowed), folder.parent / "b" / "knee.xlsx")
    [table] = compare_workbooks(str(old), str(new), [folder]).tables
    assert table.coverage is not None and table.coverage.appeared == []  # rule 5 is rule 6 now: still shadowed
    gone = table.coverage.disappeared  # the gap below one session, in two regions (improved or not)
    assert len(gone) == 2 and all("[gap]" in line and "knee.sessions: < 1" in line for line in gone)


# --- the command ------------------------------------------------------------------------


def test_command_text_and_json(versions):
    folder, old, new = versions
    runner = CliRunner()
    done = runner.invoke(main, ["tables", "diff", str(old), str(new), "--tables", str(folder)])
    assert done.exit_code == 0, done.output
    assert "table knee_determination (sheet 'knee_determination')" in done.output
    assert "  ~ rule 2 -> rule 2 (row 8): \"reviewable\" | [1..8] | - => \"Overturned\"" in done.output
    assert "      knee.sessions: [1..6] -> [1..8]  (knee_determination!C8)" in done.output
    assert "Tests rows that decide differently\n  K3 (" in done.output
    payload = json.loads(runner.invoke(main, ["tables", "diff", str(old), str(new), "--tables", str(folder),
                                              "--json"]).output)
    assert payload["tables"][0]["rows"][0]["cells"][0]["new"] == "[1..8]"
    assert payload["test_outcomes"][0]["label"] == "K3"


def test_command_reads_old_from_git(versions, monkeypatch):
    folder, old, new = versions
    repo = folder.parent
    monkeypatch.chdir(repo)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "tables"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "tables"], check=True)
    old.write_bytes(new.read_bytes())
    done = CliRunner().invoke(main, ["tables", "diff", "HEAD:tables/knee.xlsx", "tables/knee.xlsx"])
    assert done.exit_code == 0, done.output
    assert done.output.startswith("--- HEAD:tables/knee.xlsx\n+++ tables/knee.xlsx\n")
    assert "knee.sessions: [1..6] -> [1..8]" in done.output
    missing = CliRunner().invoke(main, ["tables", "diff", "HEAD:tables/nope.xlsx", "tables/knee.xlsx"])
    assert missing.exit_code == 2
    [line] = missing.output.strip().splitlines()
    assert line.startswith("error: HEAD:tables/nope.xlsx: cannot read the workbook from git")


def test_command_same_workbook_no_differences(versions):
    folder, old, _ = versions
    done = CliRunner().invoke(main, ["tables", "diff", str(old), str(old), "--tables", str(folder)])
    assert done.exit_code == 0
    assert done.output.rstrip().endswith("no differences in meaning")
