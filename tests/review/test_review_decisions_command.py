"""``imr decisions CASE``: the case's review log, and its decisions exported for ``imr letter``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from review_fixtures import ACUPUNCTURE, ROOT, SEED

from engine.cases.loader import load_case
from imr.cli import main
from letters.review_log import load_decisions_file


def test_the_log_is_printed_oldest_first(open_session, store_location: str):
    session = open_session()
    session.accept(0)
    session.edit_fact(ACUPUNCTURE, "request.functional_improvement", "no")
    result = CliRunner().invoke(main, ["decisions", str(SEED), "--db", store_location])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Case CM15-0000001: 2 entries in {store_location}"
    assert " UTC dr-a items[0] decision: none -> " in lines[1]
    assert lines[2].endswith('items[1] fact_edit request.functional_improvement: '
                             '{"documented": true, "value": true} -> {"documented": true, "value": false}')
    as_json = CliRunner().invoke(main, ["decisions", str(SEED), "--db", store_location, "--json"])
    assert [e["kind"] for e in json.loads(as_json.output)] == ["decision", "fact_edit"]


def test_export_writes_what_imr_letter_reads(open_session, store_location: str, tmp_path: Path):
    session = open_session()
    session.override(ACUPUNCTURE, "Upheld", "The notes credit the new mattress.")
    target = tmp_path / "decisions.json"
    result = CliRunner().invoke(main, ["decisions", str(SEED), "--db", store_location, "--export", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {target} (1 of 2 items decided, 0 fact edits)\n"
    loaded = load_decisions_file(target, load_case(SEED))
    assert [d.item for d in loaded.decisions] == [1] and loaded.fact_edits == []
    assert loaded.decisions[0].outcome == "Upheld"
    assert loaded.decisions[0].reason == "The notes credit the new mattress."


def test_a_damaged_database_is_one_line_and_exit_2(tmp_path: Path):
    db = tmp_path / "reviews.sqlite3"
    db.write_bytes(b"not a database" * 10)
    result = CliRunner().invoke(main, ["decisions", str(SEED), "--db", str(db)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert result.output.startswith(f"error: {db}: the review database is damaged or not a database")


def test_export_says_which_proposal_each_decision_was_made_on(open_session, store_location: str, tmp_path: Path):
    session = open_session()
    session.accept(0)
    session.edit_fact(ACUPUNCTURE, "request.functional_improvement", "no")
    session.accept(ACUPUNCTURE)  # on the edited facts: Upheld
    target = tmp_path / "decisions.json"
    result = CliRunner().invoke(main, ["decisions", str(SEED), "--db", store_location, "--export", str(target)])
    assert result.exit_code == 0, result.output
    exported = json.loads(target.read_text())
    assert [d["proposed"] for d in exported["decisions"]] == ["Overturned", "Upheld"]
    assert [(e["item"], e["fact"], e["value"]) for e in exported["fact_edits"]] == [
        (1, "request.functional_improvement", False)]
    # imr letter replays the exported fact edits too: the decision stands, the letter is final
    letter = CliRunner().invoke(main, ["letter", str(SEED), "--decisions", str(target), "--out", str(tmp_path),
                                       "--tables", str(ROOT / "tables"), "--reviewer",
                                       str(ROOT / "reviewers/example.yaml")])
    assert letter.exit_code == 0, letter.output
    assert letter.output.strip() == f"wrote {tmp_path / 'CM15-0000001-letter.txt'}"
