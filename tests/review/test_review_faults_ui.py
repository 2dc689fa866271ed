"""A damaged or foreign review database, met by the reviewer UI: reported in one line, left as it is."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from review_fixtures import ROOT

from review import sqlite_store as module
from tui.app import ReviewApp
from tui.backend import Backend
from tui.screens.base import StatusLine

SEED = Path("cases/seed.yaml")


async def _status_after_opening(db: Path, rulebase) -> tuple[str, bool]:
    """Open the seed case on ``db``; the status line once every worker is done, and whether items showed."""
    app = ReviewApp(SEED, Backend(tables=rulebase, db=db, reviewer="dr-test", out=db.parent))
    async with app.run_test(size=(140, 45)) as pilot:
        for _ in range(200):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if not any(worker.is_running for worker in app.workers):
                break
        status = str(app.screen.query_one(StatusLine).render())
        items_shown = "decided" in str(app.screen.query_one("#header").render())
    return status, items_shown


@pytest.fixture(autouse=True)
def _in_the_checkout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("IMR_REVIEW_CONFIG", str(tmp_path / "no-settings.toml"))


def test_the_ui_reports_a_damaged_database_and_leaves_it(tmp_path: Path, rulebase):
    db = tmp_path / "reviews.sqlite3"
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)  # the header, then garbage
    before = db.read_bytes()
    status, items_shown = asyncio.run(_status_after_opening(db, rulebase))
    assert status.startswith(f"{db}: the review database is damaged or not a database: ")
    assert status.endswith("(it was left as it is: move it aside or restore a copy)")
    assert "\n" not in status
    assert not items_shown  # no review on a database that cannot be trusted
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reviews.sqlite3"]  # no new file beside it


def test_the_ui_refuses_a_database_of_a_newer_schema_and_leaves_it(tmp_path: Path, rulebase):
    db = tmp_path / "reviews.sqlite3"
    module.SqliteReviewStore(db).close()
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("INSERT INTO schema_version VALUES (?, '2030-01-01T00:00:00+00:00', '9.0')",
                     (module.SCHEMA_VERSION + 1,))
    conn.close()
    before = db.read_bytes()
    status, items_shown = asyncio.run(_status_after_opening(db, rulebase))
    assert status == (f"{db}: the review database was written by a newer imr: expected schema version "
                      f"{module.SCHEMA_VERSION} or older, found schema version {module.SCHEMA_VERSION + 1} "
                      "(upgrade imr-rules to open it; the file is left as it is)")
    assert not items_shown
    assert db.read_bytes() == before
