"""The shipped tables (loaded once), a fresh store per test on each backend, and the seed case.

``store_location`` is parametrised: every test that uses it (or ``make_store``,
``open_session``) runs on SQLite and on PostgreSQL; the PostgreSQL runs skip, saying why,
where no server is reachable (``tests/review/pg_server.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pg_server import PgTestServer, unavailable
from review_fixtures import ROOT, SEED

from engine.compiler.rulebase import Rulebase, load_rulebase
from review import ReviewSession, ReviewStore, open_store


@pytest.fixture(scope="session")
def rulebase() -> Iterator[Rulebase]:
    rb = load_rulebase(ROOT / "tables")
    yield rb
    rb.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "reviews.sqlite3"


@pytest.fixture(scope="session")
def pg() -> Iterator[PgTestServer]:
    """A database of this run's own on the PostgreSQL server, dropped at the end; skipped without a server."""
    reason = unavailable()
    if reason is not None:
        pytest.skip(reason)
    server = PgTestServer()
    server.create()
    yield server
    server.drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_location(backend: str, db_path: Path, request: pytest.FixtureRequest) -> str:
    """Where this test's store is: a fresh SQLite file, or a fresh schema on the PostgreSQL server."""
    if backend == "sqlite":
        return str(db_path)
    server: PgTestServer = request.getfixturevalue("pg")
    return server.store_url()


@pytest.fixture
def make_store(store_location: str) -> Iterator[Callable[[], ReviewStore]]:
    """Open a new store object on this test's store (as another process or a restart would)."""
    stores: list[ReviewStore] = []

    def open_() -> ReviewStore:
        store = open_store(store_location)
        stores.append(store)
        return store

    yield open_
    for store in stores:
        store.close()


@pytest.fixture
def open_session(rulebase: Rulebase, make_store: Callable[[], ReviewStore]) -> Callable[..., ReviewSession]:
    """Open a session on a case with a new store object each time, as after a restart."""

    def open_(case: Path = SEED, reviewer: str = "dr-a") -> ReviewSession:
        return ReviewSession.open(case, rulebase, make_store(), reviewer)

    return open_
