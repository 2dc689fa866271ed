"""``imr decisions CASE``: the case's review log, and its decisions exported for ``imr letter``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from review_fixtures import ACUPUNCTURE, ROOT, SEED

from imr.cli import main
from letters.decisions import load_decisions


def test_the_log_is_printed_oldest_first(open_session, db_path: Path):
    session = open_session()
    session.accept(0)
    session.edit_fact(ACUPUNCTURE, "request.functional_improvement", "no")
    result = CliRunner().invoke(main, ["decisions", str(SEED), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Case CM15-0000001: 2 entries in {db_path}"
    assert " UTC dr-a items[0] decision: none -> " in lines[1]
    assert lines[2].endswith('items[1] fact_edit request.functional_improvement: '
                             '{"documented": true, "value": true} -> {"documented": true, "value": false}')
    as_json = CliRunner().invoke(main, ["decisions", str(SEED), "--db", str(db_path), "--json"])
    assert [e["kind"] for e in json.loads(as_json.output)] == ["decision", "fact_edit"]


def test_export_writes_what_imr_letter_reads(open_session, db_path: Path, tmp_path: Path):
    session = open_session()
    session.override(ACUPUNCTURE, "Upheld", "The notes credit the new mattress.")
    target = tmp_path / "decisions.json"
    result = CliRunner().invoke(main, ["decisions", str(SEED), "--db", str(db_path), "--export", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {target} (1 of 2 items decided)\n"
    loaded = load_decisions(target, 2)
    assert list(loaded) == [1]
    assert loaded[1].outcome == "Upheld" and loaded[1].reason == "The notes credit the new mattress."


def test_a_damaged_database_is_one_line_and_exit_2(tmp_path: Path):
    db = tmp_path / "reviews.sqlite3"
    db.write_bytes(b"not a database" * 10)
    result = CliRunner().invoke(main, ["decisions", str(SEED), "--db", str(db)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert result.output.startswith(f"error: {db}: the review database is damaged or not a database")


def test_export_says_which_proposal_each_decision_was_made_on(open_session, db_path: Path, tmp_path: Path):
    session = open_session()
    session.accept(0)
    session.edit_fact(ACUPUNCTURE, "request.functional_improvement", "no")
    session.accept(ACUPUNCTURE)  # on the edited facts: Upheld
    target = tmp_path / "decisions.json"
    result = CliRunner().invoke(main, ["decisions", str(SEED), "--db", str(db_path), "--export", str(target)])
    assert result.exit_code == 0, result.output
    assert [d["proposed"] for d in json.loads(target.read_text())] == ["Overturned", "Upheld"]
    # imr letter decides on the case file's facts (Overturned): that decision must be re-confirmed
    letter = CliRunner().invoke(main, ["letter", str(SEED), "--decisions", str(target), "--out", str(tmp_path),
                                           "--tables", str(ROOT / "tables")])
    assert letter.exit_code == 0, letter.output
    assert letter.output.strip().endswith("(NOT FINAL: decisions to re-confirm on item 2)")
