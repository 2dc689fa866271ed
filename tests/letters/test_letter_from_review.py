"""One letter, either path: ``imr review``'s export, ``imr letter --db`` and ``--decisions`` agree byte for byte.

The reviewer edits a fact (the proposal for the acupuncture item changes), accepts both
items, and the letter is exported through the UI's backend; ``imr letter`` on the same
store, and on the file ``imr decisions --export`` wrote, must give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.compiler.rulebase import load_rulebase
from imr.cli import main
from review import ReviewSession, SqliteReviewStore
from tui.backend import Backend

ROOT = Path(__file__).resolve().parents[2]
SEED = str(ROOT / "cases/seed.yaml")
TABLES = str(ROOT / "tables")
REVIEWER = str(ROOT / "reviewers/example.yaml")
DATE = "2015-05-01"
IMPROVEMENT = "request.functional_improvement"


@pytest.fixture(scope="module")
def rulebase():
    loaded = load_rulebase([TABLES])
    yield loaded
    loaded.close()


def _review(db: Path, rulebase) -> None:
    """Edit a fact so that the acupuncture proposal changes, then accept every item."""
    with SqliteReviewStore(db) as store:
        session = ReviewSession.open(SEED, rulebase, store, "dr-a")
        before = session.item(1).proposed.outcome
        after = session.edit_fact(1, IMPROVEMENT, "no").proposed.outcome
        assert (before, after) == ("Overturned", "Upheld")
        session.accept(0)
        session.accept(1)
        assert session.all_decided()


def _letter(*args: str):
    return CliRunner().invoke(main, ["letter", SEED, "--tables", TABLES, "--date", DATE, "--as", "dr-a", *args],
                              catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_the_review_export_and_imr_letter_give_the_same_letter(tmp_path, rulebase, fmt):
    db = tmp_path / "reviews.sqlite3"
    _review(db, rulebase)
    out = tmp_path / "ui"
    out.mkdir()
    backend = Backend(tables=rulebase, db=db, reviewer="dr-a", profile=Path(REVIEWER), out=out,
                      today=dt.date.fromisoformat(DATE))
    try:
        exported = backend.export(backend.session(Path(SEED)), fmt).read_bytes()
    finally:
        backend.close()
    text = exported.decode()
    assert "Acupuncture, acux 15 mins" in text and "not medically necessary" in text  # the edit is in it
    assert "(proposed)" not in text and "NOT FINAL" not in text and "dr-a" not in text

    from_db = _letter("--db", str(db), "--format", fmt)  # the profile is remembered from the export
    assert from_db.exit_code == 0, from_db.output
    assert from_db.stdout_bytes == exported
    assert from_db.stderr == ""  # no warning: a profile is remembered for dr-a

    exported_file = tmp_path / "out" / "seed-decisions.json"  # the folder is created
    done = CliRunner().invoke(main, ["decisions", SEED, "--db", str(db), "--export", str(exported_file)],
                              catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert "2 of 2 items decided, 1 fact edits" in done.stdout
    data = json.loads(exported_file.read_text())
    assert data["fact_edits"] == [{"item": 1, "fact": IMPROVEMENT, "documented": True, "value": False,
                                   "reviewer": "dr-a", "recorded_at": data["fact_edits"][0]["recorded_at"]}]
    from_file = _letter("--decisions", str(exported_file), "--format", fmt)
    assert from_file.exit_code == 0, from_file.output
    assert from_file.stdout_bytes == exported


def test_imr_letter_reads_the_default_store(tmp_path, rulebase, monkeypatch):
    db = tmp_path / "default.sqlite3"
    monkeypatch.setenv("IMR_REVIEW_DB", str(db))
    _review(db, rulebase)
    text = _letter("--reviewer", REVIEWER).stdout
    assert "(proposed)" not in text and "is not medically necessary" in text


def test_a_letter_without_a_store_is_the_proposal_and_creates_no_database(tmp_path, monkeypatch):
    db = tmp_path / "never.sqlite3"
    monkeypatch.setenv("IMR_REVIEW_DB", str(db))
    result = _letter("--reviewer", REVIEWER)
    assert result.exit_code == 0 and "Overturned (proposed)" in result.stdout
    assert not db.exists()


def test_an_explicit_db_that_does_not_exist_is_one_line(tmp_path):
    result = _letter("--db", str(tmp_path / "typo.sqlite3"))
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: {tmp_path / 'typo.sqlite3'}: no such review database: expected an "
                                     "existing file (imr review --db FILE writes it), found no file")


def test_decisions_for_another_case_are_refused(tmp_path):
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"case": "CM15-0000999", "decisions": []}))
    result = _letter("--decisions", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: {path}, field case: the decisions are for another case: expected case "
                                     "CM15-0000001, found 'CM15-0000999' (export them with imr decisions for case "
                                     "CM15-0000001)")


def test_the_profile_is_remembered_per_reviewer_and_its_absence_warned(tmp_path):
    none = _letter("--as", "dr-b")  # the later --as wins: dr-b has no profile yet
    assert none.exit_code == 0
    assert none.stderr.count("\n") == 1 and none.stderr.startswith("warning: no reviewer profile for dr-b")
    assert "not recorded (no reviewer profile given)" in none.stdout
    given = _letter("--as", "dr-b", "--reviewer", REVIEWER)
    assert given.stderr == "" and "Example Review Services guideline" in given.stdout
    again = _letter("--as", "dr-b")
    assert again.stderr == "" and again.stdout_bytes == given.stdout_bytes
    other = _letter("--as", "dr-c")
    assert other.stderr.startswith("warning: no reviewer profile for dr-c")


def test_the_ui_export_without_a_profile_warns_and_uses_the_remembered_one(tmp_path, rulebase):
    db = tmp_path / "reviews.sqlite3"
    _review(db, rulebase)
    backend = Backend(tables=rulebase, db=db, reviewer="dr-z", out=tmp_path / "created" / "here",
                      today=dt.date.fromisoformat(DATE))
    try:
        written = backend.export(backend.session(Path(SEED)), "txt")  # the --out folder is created
        assert written.parent == (tmp_path / "created" / "here").resolve()
        assert backend.profile_warning is not None
        assert backend.profile_warning.startswith("no reviewer profile for dr-z: the letter's credentials read")
    finally:
        backend.close()
    assert _letter("--as", "dr-z", "--reviewer", REVIEWER).exit_code == 0  # now remembered for dr-z
    again = Backend(tables=rulebase, db=db, reviewer="dr-z", out=tmp_path, today=dt.date.fromisoformat(DATE))
    try:
        text = again.render(again.session(Path(SEED)), "txt").decode()
        assert again.profile_warning is None and "Example Review Services guideline" in text
    finally:
        again.close()


def test_decisions_export_reports_as_json(tmp_path, rulebase):
    db = tmp_path / "reviews.sqlite3"
    _review(db, rulebase)
    target = tmp_path / "d.json"
    done = CliRunner().invoke(main, ["decisions", SEED, "--db", str(db), "--export", str(target), "--json"],
                              catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == {"file": str(target), "case": "CM15-0000001", "decided": 2, "items": 2,
                                       "fact_edits": 1}
