"""Nothing a reviewer did is lost: concurrent processes, and a process killed mid-way."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from review_fixtures import ACUPUNCTURE, ROOT, SEED
from review_workers import append_notes, append_overrides

from review import NewEntry, ReviewSession, ReviewStoreError, SqliteReviewStore, fold
from review import sqlite_store as module

HERE = Path(__file__).resolve().parent
# Separate OS processes on one file; fork where there is one (a spawned child spends seconds importing).
CONTEXT = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")


def _write_from_two_processes(db_path: Path, writer: Callable[[str, str, int], None], count: int) -> None:
    """dr-a and dr-b each run ``writer`` (count actions) at once on one database; it stays intact."""
    SqliteReviewStore(db_path).close()  # created once, as the first window would
    workers = [CONTEXT.Process(target=writer, args=(str(db_path), name, count)) for name in ("dr-a", "dr-b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_two_processes_writing_one_database_do_not_corrupt_it(db_path: Path):
    _write_from_two_processes(db_path, append_notes, 150)
    with SqliteReviewStore(db_path) as store:
        entries = store.entries("CM15-0000001")
    assert len(entries) == 300
    assert len({e.id for e in entries}) == 300
    for name in ("dr-a", "dr-b"):
        # each writer's notes are all there, in the order it wrote them
        assert [e.after["text"] for e in entries if e.reviewer == name] == [f"{name} {n}" for n in range(150)]


def test_two_processes_deciding_the_same_item_chain_every_before_to_the_previous_after(db_path: Path):
    """Each append reads the item's last decision inside its own IMMEDIATE transaction: no lost update."""
    _write_from_two_processes(db_path, append_overrides, 100)
    with SqliteReviewStore(db_path) as store:
        entries = store.entries("CM15-0000001", 0)
    assert len(entries) == 200
    assert entries[0].before is None
    for previous, entry in itertools.pairwise(entries):
        assert entry.before == previous.after  # as committed, though each writer passed before=None
    for name in ("dr-a", "dr-b"):
        assert [e.after["reason"] for e in entries if e.reviewer == name] == [f"{name} {n}" for n in range(100)]
    assert fold(entries).decisions[0].id == entries[-1].id


def test_every_connection_waits_for_the_lock_fsyncs_and_uses_wal(db_path: Path):
    with SqliteReviewStore(db_path) as store:
        seen: list[tuple[int, int, str]] = []

        def read() -> None:  # a worker thread gets a connection of its own, set up the same way
            conn = store._connection()
            seen.append((conn.execute("PRAGMA busy_timeout").fetchone()[0],
                         conn.execute("PRAGMA synchronous").fetchone()[0],
                         conn.execute("PRAGMA journal_mode").fetchone()[0]))

        read()
        worker = threading.Thread(target=read)
        worker.start()
        worker.join()
    assert seen == [(module.BUSY_TIMEOUT_MS, 2, "wal")] * 2  # 15 s; synchronous 2 is FULL
    assert module.BUSY_TIMEOUT_MS == 15_000


def _note(text: str) -> NewEntry:
    return NewEntry(case="CM15-0000001", case_file="cases/seed.yaml", item=0, request="r", kind="note",
                    after={"text": text}, reviewer="dr-a", workbook_hash="h", engine_version="0")


def test_a_write_waits_while_another_process_holds_the_lock(db_path: Path):
    """Without the busy timeout the append would fail at once with 'database is locked'."""
    SqliteReviewStore(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer is in its transaction
    outcome: list[object] = []

    def append() -> None:
        try:
            with SqliteReviewStore(db_path) as store:
                outcome.append(store.append(_note("waited")))
        except ReviewStoreError as error:
            outcome.append(error)

    writer = threading.Thread(target=append)
    writer.start()
    time.sleep(0.5)  # let the writer reach the lock (not an assertion: a slow start only makes the test easier)
    holder.execute("INSERT INTO audit_log (recorded_at, reviewer, case_number, case_file, item, request, kind, "
                   "after, workbook_hash, engine_version, seq, prev_hash, hash) VALUES ('2020-01-01T00:00:00+00:00', "
                   "'dr-b', 'CM15-0000001', 'cases/seed.yaml', 0, 'r', 'note', '{\"text\": \"first\"}', 'h', '0', "
                   "1, '', 'first')")
    holder.execute("COMMIT")
    holder.close()
    writer.join(timeout=60)
    assert not writer.is_alive()
    assert len(outcome) == 1 and not isinstance(outcome[0], ReviewStoreError), outcome
    with SqliteReviewStore(db_path) as store:
        assert [e.after["text"] for e in store.entries("CM15-0000001")] == ["first", "waited"]


def test_a_lock_held_past_the_busy_timeout_stores_nothing_and_changes_nothing(
        db_path: Path, rulebase, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(module, "BUSY_TIMEOUT_MS", 200)  # the same path as 15 s, sooner
    store = SqliteReviewStore(db_path)
    session = ReviewSession.open(SEED, rulebase, store, "dr-a")
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ReviewStoreError) as caught:
            session.override(ACUPUNCTURE, "Upheld", "The notes credit the new mattress.")
        assert str(caught.value) == f"{db_path}: not saved: found database is locked"
        with pytest.raises(ReviewStoreError, match="not saved"):
            session.edit_fact(ACUPUNCTURE, "request.functional_improvement", "no")
        view = session.item(ACUPUNCTURE)
        assert view.decision is None and view.proposed.outcome == "Overturned"
        assert not any(f.edited for f in view.facts)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert session.history() == []
    session.override(ACUPUNCTURE, "Upheld", "Once the lock is free.")  # and the session still works
    assert [e.kind for e in session.history()] == ["override"]
    store.close()


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
        assert store.schema_version() == module.SCHEMA_VERSION


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
