"""Code the durability tests run in other processes (importable by a spawned child)."""

from __future__ import annotations

import sys
from pathlib import Path

from review import NewEntry, ReviewSession, SqliteReviewStore


def append_notes(db: str, writer: str, count: int) -> None:
    """Append ``count`` notes as ``writer``, each its own transaction."""
    with SqliteReviewStore(db) as store:
        for n in range(count):
            store.append(NewEntry(
                case="CM15-0000001", case_file="cases/seed.yaml", item=n % 2, request="r", kind="note",
                after={"text": f"{writer} {n}"}, reviewer=writer, workbook_hash="h", engine_version="0",
            ))


def append_overrides(db: str, writer: str, count: int) -> None:
    """Override item 0 ``count`` times as ``writer``, each with a stale ``before`` (None): the store fills it."""
    with SqliteReviewStore(db) as store:
        for n in range(count):
            store.append(NewEntry(
                case="CM15-0000001", case_file="cases/seed.yaml", item=0, request="r", kind="override",
                after={"outcome": "Upheld" if n % 2 else "Overturned", "reason": f"{writer} {n}", "proposed": "Upheld"},
                before=None, reviewer=writer, workbook_hash="h", engine_version="0",
            ))


def record_until_killed(db: str, case: str, tables: str) -> None:
    """Record overrides and notes forever, printing each entry id once ``override``/``note`` returned."""
    store = SqliteReviewStore(db)
    session = ReviewSession.open(Path(case), tables, store, "dr-k")
    print("ready", flush=True)
    n = 0
    while True:
        item = n % 2
        if n % 3 == 2:
            session.note(item, f"note {n}")
        else:
            session.override(item, "Upheld" if n % 2 else "Overturned", f"reason {n}")
        print(f"saved {n} {session.history(item)[-1].id}", flush=True)
        n += 1


if __name__ == "__main__":
    record_until_killed(*sys.argv[1:4])


def decide_for(url: str, case: str, seconds: float, report: str) -> None:
    """One reviewer process on the team store: decide items of its own ``case`` for ``seconds``.

    Each decision is appended as a session appends it (``seen``: the last entry it read); each
    id the store returned is written to ``report`` (flushed) at once: what the reviewer was
    shown as saved.
    """
    import time

    from review import open_store

    store = open_store(url)
    seen = 0
    n = 0
    deadline = time.monotonic() + seconds
    with open(report, "w", encoding="utf-8") as out:
        while time.monotonic() < deadline:
            outcome = "Upheld" if n % 2 else "Overturned"
            entry = store.append(NewEntry(
                case=case, case_file=f"{case}.yaml", item=n % 3, request="r", kind="override" if n % 2 else "decision",
                after={"outcome": outcome, "reason": f"reason {n}", "proposed": "Overturned"},
                reviewer=f"dr-{case}", workbook_hash="h", engine_version="0"), seen=seen)
            seen = entry.id
            out.write(f"{entry.id}\n")
            out.flush()
            n += 1
    store.close()
