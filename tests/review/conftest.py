"""The shipped tables (loaded once), a fresh database per test, and the seed case."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from review_fixtures import ROOT, SEED

from engine.compiler.rulebase import Rulebase, load_rulebase
from review import ReviewSession, SqliteReviewStore


@pytest.fixture(scope="session")
def rulebase() -> Iterator[Rulebase]:
    rb = load_rulebase(ROOT / "tables")
    yield rb
    rb.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "reviews.sqlite3"


@pytest.fixture
def open_session(rulebase: Rulebase, db_path: Path) -> Iterator[Callable[..., ReviewSession]]:
    """Open a session on a case with a new store object each time, as after a restart."""
    stores: list[SqliteReviewStore] = []

    def open_(case: Path = SEED, reviewer: str = "dr-a") -> ReviewSession:
        store = SqliteReviewStore(db_path)
        stores.append(store)
        return ReviewSession.open(case, rulebase, store, reviewer)

    yield open_
    for store in stores:
        store.close()
