"""The team store against a real PostgreSQL server: many reviewer processes at once, and the server
stopped and started in the middle of a session (the UI says it is reconnecting; nothing shown saved
is lost, nothing is stored twice).

The restart tests run a private cluster (``pg_cluster.py``): stopping the machine's shared server
would break every other test run on it.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_cluster import PrivateCluster
from pg_cluster import unavailable as no_cluster
from pg_server import PgTestServer
from review_fixtures import ROOT, SEED
from review_workers import decide_for

from engine.errors import ImrError
from review import ReviewSession
from review.audit_chain import verify
from review.postgres_store import PostgresReviewStore

CONTEXT = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")


def _reviewers_at_once(url: str, tmp_path: Path, writers: int, seconds: float) -> None:
    """``writers`` processes each decide their own case for ``seconds``; every id reported saved is stored."""
    PostgresReviewStore(url).close()  # the schema, created once as its owner would
    reports = [tmp_path / f"w{n}.ids" for n in range(writers)]
    workers = [CONTEXT.Process(target=decide_for, args=(url, f"CASE-{n:02d}", seconds, str(reports[n])))
               for n in range(writers)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=seconds + 120)
        assert worker.exitcode == 0
    with PostgresReviewStore(url) as store:
        assert store.cases() == [f"CASE-{n:02d}" for n in range(writers)]
        for n, report in enumerate(reports):
            saved = [int(line) for line in report.read_text().split()]
            entries = store.entries(f"CASE-{n:02d}")
            assert saved, f"writer {n} saved nothing"
            assert [e.id for e in entries] == saved  # every one, in order, nothing more
            assert [e.seq for e in entries] == list(range(1, len(saved) + 1))
            assert all(e.before == p.after for e, p in zip(entries[3:], entries, strict=False)
                       if e.item == p.item)
            assert verify(f"CASE-{n:02d}", entries).ok


def test_five_reviewer_processes_for_three_seconds_lose_nothing(pg: PgTestServer, tmp_path: Path):
    _reviewers_at_once(pg.store_url(), tmp_path, writers=5, seconds=3)


@pytest.mark.slow
def test_twenty_reviewer_processes_for_sixty_seconds_lose_nothing(pg: PgTestServer, tmp_path: Path):
    _reviewers_at_once(pg.store_url(), tmp_path, writers=20, seconds=60)


@pytest.fixture
def cluster() -> Iterator[PrivateCluster]:
    reason = no_cluster()
    if reason is not None:
        pytest.skip(reason)
    server = PrivateCluster()
    server.start()
    yield server
    server.remove()


def test_a_server_crash_and_restart_mid_session_loses_no_decision_shown_saved(cluster: PrivateCluster, rulebase):
    events: list[str] = []
    url = cluster.url() + "?schema=imr"
    store = PostgresReviewStore(url, on_reconnect=events.append)
    session = ReviewSession.open(SEED, rulebase, store, "dr-a")
    saved: list[int] = []
    errors: list[str] = []
    stop = threading.Event()

    def review() -> None:
        n = 0
        while not stop.is_set():
            try:
                if n % 3 == 2:
                    saved.append(session.note(n % 2, f"note {n}").notes[-1].entry_id)
                else:
                    view = session.override(n % 2, "Upheld" if n % 2 else "Overturned", f"reason {n}")
                    saved.append(view.decision.entry_id)  # type: ignore[union-attr]
            except ImrError as error:
                errors.append(str(error))
                return
            n += 1

    reviewer = threading.Thread(target=review)
    reviewer.start()
    try:
        _wait(lambda: len(saved) >= 20)
        cluster.stop("immediate")  # a crash: no checkpoint; what was committed is in the WAL
        down_at = len(saved)
        time.sleep(2)
        assert len(saved) <= down_at + 1  # nothing is saved while the server is away (one may have been in flight)
        cluster.start()
        _wait(lambda: len(saved) >= down_at + 20)
    finally:
        stop.set()
        reviewer.join(timeout=60)
    assert not errors, errors
    assert events and events[0].startswith(f"reconnecting to the review database {url} (attempt 1): ")
    with PostgresReviewStore(url) as after:
        entries = after.entries("CM15-0000001")
    assert [e.id for e in entries] == saved  # every action shown saved, once, in order
    assert verify("CM15-0000001", entries).ok
    store.close()


def _wait(condition, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_ui_says_it_is_reconnecting_and_saves_once_the_server_is_back(cluster: PrivateCluster, rulebase,
                                                                          tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch):
    from tui.app import ReviewApp
    from tui.backend import Backend, ui_notifier

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("IMR_REVIEW_CONFIG", str(tmp_path / "no-settings.toml"))
    url = cluster.url() + "?schema=imr"

    async def scenario() -> tuple[list[str], str]:
        import sys

        sys.path.insert(0, str(ROOT / "tests" / "tui"))
        from tui_pilot import SIZE, flat, screen_text, settle

        backend = Backend(tables=rulebase, db=url, reviewer="dr-test", out=tmp_path)
        app = ReviewApp(Path("cases/seed.yaml"), backend)
        backend.on_store_event = ui_notifier(app)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter")  # the first item
            await settle(pilot)
            cluster.stop("immediate")
            await pilot.press("a")  # accept, while the server is away
            shown: list[str] = []
            for _ in range(200):
                await pilot.pause(0.1)
                shown = [str(n.message) for n in app._notifications]
                if any("reconnecting" in m for m in shown):
                    break
            await asyncio.to_thread(cluster.start)
            await settle(pilot)
            text = flat(screen_text(app))
        backend.close()
        return shown, text

    shown, text = asyncio.run(scenario())
    assert any(m.startswith(f"reconnecting to the review database {url}") for m in shown), shown
    assert "Accepted: Overturned. 1 of 2 decided." in text
    with PostgresReviewStore(url) as store:
        assert [(e.kind, e.reviewer) for e in store.entries("CM15-0000001")] == [("decision", "dr-test")]

