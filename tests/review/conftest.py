"""The shipped tables (loaded once), a fresh database per test, and the seed case."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from engine.compiler.rulebase import Rulebase, load_rulebase
from review import ReviewSession, SqliteReviewStore

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "cases" / "seed.yaml"
UNDECIDED_CASE = ROOT / "cases" / "cm15-0455061.yaml"  # items[0] is Undecided
THREE_ITEMS = ROOT / "cases" / "cm16-0903318.yaml"
# The seed's acupuncture item is Overturned on documented functional improvement; without it, Upheld.
ACUPUNCTURE = 1
FLIP_FACT = "request.functional_improvement"


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
