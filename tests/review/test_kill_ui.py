"""The real `imr review`, killed with SIGKILL at random moments, loses nothing its screen showed saved.

scripts/kill_review.py drives `imr review` in tmux (a private server), reads the screen after
each action, kills the Python process and checks the database.  Three runs are in the default
test run; the fifty-run version is slow (`pytest -m slow tests/review/test_kill_ui.py`).  Both
need tmux (`apt-get install tmux`).  The checker itself is tested here without tmux: it must
report a decision the screen showed but the log lacks, an entry nobody saw saved, and a
damaged file.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from review_fixtures import ROOT, THREE_ITEMS

from review import ReviewSession, SqliteReviewStore

SCRIPT = ROOT / "scripts" / "kill_review.py"
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (apt-get install tmux)")


def kill_review() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kill_review", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["kill_review"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def run_script(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    imr = Path(sys.executable).parent / "imr"
    return subprocess.run([sys.executable, str(SCRIPT), "--imr", str(imr), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def assert_clean(done: subprocess.CompletedProcess[str], runs: int) -> None:
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len([line for line in lines if line.startswith("run ")]) == runs
    assert all(line.endswith(": ok") for line in lines if line.startswith("run ")), done.stdout
    assert lines[-1].startswith(f"total: {runs} runs")
    assert "runs that lost something or left a damaged database: 0" in lines[-1]


@needs_tmux
def test_three_kills_of_the_real_ui_lose_nothing_shown_saved():
    # seed 2, at most 6 actions a run: a kill right after a save key, two at random times (about 15 s)
    done = run_script("--runs", "3", "--seed", "2", "--max-actions", "6", timeout=300)
    assert_clean(done, 3)


@pytest.mark.slow
@needs_tmux
def test_fifty_kills_of_the_real_ui_lose_nothing_shown_saved():
    done = run_script("--runs", "50", "--seed", "1", timeout=1800)
    assert_clean(done, 50)


# -- the checker, without tmux -----------------------------------------------------------


@pytest.fixture
def checker() -> ModuleType:
    return kill_review()


def recorded(db: Path, rulebase) -> None:
    """What a reviewer saved: item 1 accepted, a note on item 2."""
    with SqliteReviewStore(db) as store:
        session = ReviewSession.open(THREE_ITEMS, rulebase, store, "dr-kill")
        session.accept(0)
        session.note(1, "k1-2 per MTUS")


def result_with(checker: ModuleType, *actions, pending=None):
    result = checker.RunResult(1, 1, "in flight")
    result.shown = list(actions)
    result.pending = pending
    return result


def test_the_checker_passes_a_log_that_holds_what_was_shown(checker, db_path: Path, rulebase):
    recorded(db_path, rulebase)
    accepted = checker.Action("decision", 0, outcome="Overturned", reason=checker.ACCEPT_REASON)
    note = checker.Action("note", 1, text="k1-2 per MTUS")
    result = result_with(checker, accepted, note)
    checker.check_database(db_path, THREE_ITEMS, result, rulebase)
    assert result.problems == [] and result.integrity == "ok" and result.entries == 2
    # the note's save was in flight at the kill: stored, and not shown
    result = result_with(checker, accepted, pending=note)
    checker.check_database(db_path, THREE_ITEMS, result, rulebase)
    assert result.problems == [] and result.in_flight_stored


def test_the_checker_reports_a_decision_shown_saved_but_missing(checker, db_path: Path, rulebase):
    recorded(db_path, rulebase)
    accepted = checker.Action("decision", 0, outcome="Overturned", reason=checker.ACCEPT_REASON)
    note = checker.Action("note", 1, text="k1-2 per MTUS")
    overridden = checker.Action("override", 2, outcome="Overturned", reason="k1-3 records show")
    result = result_with(checker, accepted, note, overridden)
    checker.check_database(db_path, THREE_ITEMS, result, rulebase)
    assert any("not what the screen showed" in p and "k1-3 records show" in p for p in result.problems)
    assert any(p.startswith("item 3: shown decided") for p in result.problems)
    # another outcome or reason than the screen showed is a loss too
    result = result_with(checker, checker.Action("decision", 0, outcome="Upheld", reason=checker.ACCEPT_REASON))
    checker.check_database(db_path, THREE_ITEMS, result, rulebase)
    assert any("not what the screen showed" in p for p in result.problems)


def test_the_checker_reports_entries_nobody_saw_saved(checker, db_path: Path, rulebase):
    recorded(db_path, rulebase)
    result = result_with(checker, checker.Action("decision", 0, outcome="Overturned", reason=checker.ACCEPT_REASON))
    checker.check_database(db_path, THREE_ITEMS, result, rulebase)
    assert any("entries nobody saw saved nor was saving" in p for p in result.problems)


def test_the_checker_reports_a_damaged_database(checker, db_path: Path, rulebase):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"not a database\n" * 300)
    result = result_with(checker)
    checker.check_database(db_path, THREE_ITEMS, result, rulebase)
    assert result.integrity != "ok"
    assert any(p.startswith("the database does not open:") and "damaged or not a database" in p
               for p in result.problems)
