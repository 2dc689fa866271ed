"""Two reviewers on one case in the real UI: the second is told what changed, and nothing is overwritten."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from review_fixtures import ACUPUNCTURE, ROOT, SEED

from review import ReviewSession, open_store

sys.path.insert(0, str(ROOT / "tests" / "tui"))
from tui_pilot import SIZE, flat, screen_text, settle

from tui.app import ReviewApp
from tui.backend import Backend


@pytest.fixture(autouse=True)
def _in_the_checkout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("IMR_REVIEW_CONFIG", str(tmp_path / "no-settings.toml"))


def test_the_second_reviewer_in_the_ui_is_told_and_overwrites_nothing(rulebase, store_location: str,
                                                                      tmp_path: Path):
    other = open_store(store_location)

    async def scenario() -> list[str]:
        backend = Backend(tables=rulebase, db=store_location, reviewer="dr-test", out=tmp_path)
        app = ReviewApp(Path("cases/seed.yaml"), backend)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press(*(["down"] * ACUPUNCTURE), "enter")  # the item screen of the acupuncture item
            await settle(pilot)
            # meanwhile another reviewer decides the same item
            ReviewSession.open(SEED, rulebase, other, "dr-b").override(ACUPUNCTURE, "Upheld", "No gains.")
            await pilot.press("a")
            await settle(pilot)
            told = [str(n.message) for n in app._notifications]
            shown = flat(screen_text(app))  # the item as the case now holds it: dr-b's decision
            assert "recorded Upheld (overridden by dr-b)" in shown, shown
            await pilot.press("a")  # deciding again, now on what the case holds
            await settle(pilot)
        backend.close()
        return told

    told = asyncio.run(scenario())
    assert any("another reviewer changed the case since you read it; nothing was saved" in m
               and "override by dr-b" in m and "none -> Upheld (No gains.)" in m for m in told), told
    log = other.entries("CM15-0000001", ACUPUNCTURE)
    assert [(e.kind, e.reviewer) for e in log] == [("override", "dr-b"), ("decision", "dr-test")]
    assert log[1].before == log[0].after  # dr-test's decision came after dr-b's, knowing it
    other.close()
