"""The case picker of ``imr review`` shows the queue once cases are assigned: mine, unassigned, waiting for QA."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from review_fixtures import ROOT, SEED, THREE_ITEMS, UNDECIDED_CASE

from review import open_store
from review.assignment import assign

sys.path.insert(0, str(ROOT / "tests" / "tui"))
from tui_pilot import SIZE, flat, painted, screen_text, settle

from tui.app import ReviewApp
from tui.backend import Backend
from tui.screens.picker import CasePickerScreen


@pytest.fixture(autouse=True)
def _no_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("IMR_REVIEW_CONFIG", str(tmp_path / "no-settings.toml"))


def test_the_picker_shows_the_queue_and_filters_on_it(tmp_path: Path, rulebase, store_location: str):
    folder = tmp_path / "cases"
    folder.mkdir()
    for source in (SEED, THREE_ITEMS, UNDECIDED_CASE):
        (folder / source.name).write_text(source.read_text())
    store = open_store(store_location)
    assign(store, [folder / SEED.name], "dr-test", "lead")
    assign(store, [folder / THREE_ITEMS.name], "dr-other", "lead")
    store.close()

    async def scenario() -> tuple[str, list[str]]:
        backend = Backend(tables=rulebase, db=store_location, reviewer="dr-test", out=tmp_path)
        app = ReviewApp(folder, backend)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            text = await painted(pilot, "queue", "mine", "unassigned", "dr-other")
            screen = app.screen
            assert isinstance(screen, CasePickerScreen)
            await pilot.press("/", *"mine")
            await settle(pilot)
            shown = [s.case or "" for s in screen.shown]
        backend.close()
        return text, shown

    text, shown = asyncio.run(scenario())
    assert "queue" in text
    assert "mine" in text and "unassigned" in text and "dr-other" in text
    assert shown == ["CM15-0000001"]


def test_without_assignments_the_picker_is_as_it_was(tmp_path: Path, rulebase, db_path: Path):
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / SEED.name).write_text(SEED.read_text())

    async def scenario() -> str:
        backend = Backend(tables=rulebase, db=db_path, reviewer="dr-test", out=tmp_path)
        app = ReviewApp(folder, backend)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            text = flat(screen_text(app))
        backend.close()
        return text

    assert "queue" not in asyncio.run(scenario())
