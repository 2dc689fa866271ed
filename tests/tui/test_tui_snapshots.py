"""SVG snapshots of the main screens (App.export_screenshot), compared as text.

After a deliberate change to how a screen looks, regenerate them and read the diff::

    UPDATE_SNAPSHOTS=1 pytest tests/tui/test_tui_snapshots.py

A mismatch leaves ``<name>.actual.svg`` beside the snapshot to open in a browser.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_pilot import SEED, pilot_test, press, settle

from tui.app import ReviewApp

SNAPSHOTS = Path(__file__).parent / "snapshots"


def check(app: ReviewApp, name: str) -> None:
    svg = app.export_screenshot(title=name)
    path = SNAPSHOTS / f"{name}.svg"
    actual = path.with_suffix(".actual.svg")
    if os.environ.get("UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(svg, encoding="utf-8")
        actual.unlink(missing_ok=True)
        if not os.environ.get("UPDATE_SNAPSHOTS"):
            pytest.fail(f"new snapshot written: {path}; read it, then run again")
        return
    if svg != path.read_text(encoding="utf-8"):
        actual.write_text(svg, encoding="utf-8")
        pytest.fail(f"{name} differs from {path} (see {actual}); after a deliberate change: UPDATE_SNAPSHOTS=1")
    actual.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _fixed_settings_path(monkeypatch):
    monkeypatch.setenv("IMR_REVIEW_CONFIG", "/home/reviewer/.config/imr/review.toml")


SIZES = [(80, 24), (160, 48)]  # the smallest terminal the UI is laid out for, and a large one
sized = pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])


def name_at(name: str, size: tuple[int, int]) -> str:
    return f"{name}_{size[0]}x{size[1]}"


@sized
@pilot_test
async def test_snapshot_case_picker(backend, size):
    app = ReviewApp(Path("cases"), backend())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        check(app, name_at("case_picker", size))


@sized
@pilot_test
async def test_snapshot_case_screen(backend, size):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        check(app, name_at("case_screen", size))


@sized
@pilot_test
async def test_snapshot_item_screen(backend, size):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "down", "enter")
        check(app, name_at("item_screen", size))


@pilot_test
async def test_snapshot_item_screen_facts_pane_at_80x24(backend):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "down", "enter", "tab", "tab")
        check(app, "item_screen_facts_80x24")


@sized
@pilot_test
async def test_snapshot_override_refused(backend, size):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "o", "enter", "enter")
        app.screen.query_one(Input).cursor_blink = False
        await settle(pilot)
        check(app, name_at("override_refused", size))


@sized
@pilot_test
async def test_snapshot_help(backend, size):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        check(app, name_at("help", size))


@pilot_test
async def test_snapshot_too_small(backend):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=(50, 15)) as pilot:
        await settle(pilot)
        check(app, "too_small_50x15")
