"""Nothing a reviewer did is lost: concurrent processes, and a process killed mid-way."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from review_fixtures import ROOT, SEED
from review_workers import append_notes

from review import SqliteReviewStore, fold

HERE = Path(__file__).resolve().parent
# Separate OS processes on one file; fork where there is one (a spawned child spends seconds importing).
CONTEXT = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")


def test_two_processes_writing_one_database_do_not_corrupt_it(db_path: Path):
    SqliteReviewStore(db_path).close()  # created once, as the first window would
    workers = [CONTEXT.Process(target=append_notes, args=(str(db_path), name, 150)) for name in ("dr-a", "dr-b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    with SqliteReviewStore(db_path) as store:
        entries = store.entries("CM15-0000001")
    assert len(entries) == 300
    assert len({e.id for e in entries}) == 300
    for name in ("dr-a", "dr-b"):
        # each writer's notes are all there, in the order it wrote them
        assert [e.after["text"] for e in entries if e.reviewer == name] == [f"{name} {n}" for n in range(150)]


def test_two_processes_creating_the_database_at_once(tmp_path: Path):
    db = tmp_path / "new.sqlite3"
    workers = [CONTEXT.Process(target=append_notes, args=(str(db), name, 20)) for name in ("dr-a", "dr-b", "dr-c")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    with SqliteReviewStore(db) as store:
        assert len(store.entries("CM15-0000001")) == 60
        assert store.schema_version() == 1


def test_a_killed_process_loses_nothing_it_reported_saved(db_path: Path, rulebase):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)])}
    child = subprocess.Popen(
        [sys.executable, str(HERE / "review_workers.py"), str(db_path), str(SEED), str(ROOT / "tables")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )
    assert child.stdout is not None
    saved: dict[int, int] = {}
    for line in child.stdout:
        if line.startswith("saved"):
            _, n, entry_id = line.split()
            saved[int(n)] = int(entry_id)
            if len(saved) == 40:
                os.kill(child.pid, signal.SIGKILL)  # mid-way: it is writing the next action now
                break
    rest = child.stdout.read()  # lines it printed before it died
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""
    for line in rest.splitlines():
        if line.startswith("saved"):
            _, n, entry_id = line.split()
            saved[int(n)] = int(entry_id)

    with SqliteReviewStore(db_path) as store:
        entries = {e.id: e for e in store.entries("CM15-0000001")}
    assert len(entries) >= len(saved)
    for n, entry_id in saved.items():
        logged = entries[entry_id]
        if n % 3 == 2:
            assert logged.after == {"text": f"note {n}"}
        else:
            assert logged.after["reason"] == f"reason {n}"
    # and a session opened afterwards resumes from there
    from review import ReviewSession

    with SqliteReviewStore(db_path) as store:
        session = ReviewSession.open(SEED, rulebase, store, "dr-a")
        assert session.resumed and session.all_decided()
        state = fold(store.entries("CM15-0000001"))
        assert state.decisions[0].id >= max(i for n, i in saved.items() if n % 2 == 0 and n % 3 != 2)
