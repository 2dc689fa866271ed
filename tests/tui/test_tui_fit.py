"""The UI fits the terminal it is given: stacked panes at 80x24, side by side from 120x40, and a
terminal too small says so (and the screen comes back once it is larger)."""

from __future__ import annotations

from tui_pilot import SEED, flat, pilot_test, press, screen_text, settle

from tui.app import ReviewApp
from tui.screens.case import CaseScreen
from tui.screens.item import ItemScreen
from tui.screens.too_small import TooSmallScreen


def visible_lines(app: ReviewApp) -> list[str]:
    return [line.rstrip() for line in screen_text(app).splitlines()]


@pilot_test
async def test_at_80x24_the_item_screen_shows_the_proposal_and_the_missing_facts(backend, rulebase):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "down", "enter")
        screen = app.screen
        assert isinstance(screen, ItemScreen) and screen.stacked
        text = flat(screen_text(app))
        assert "Proposed: Overturned" in text
        assert "Missing facts that would change the outcome:" in text
        question = rulebase.facts["request.primary_denied"].question
        assert f"- {question} (not documented, taken as no)" in text
        assert "fired, selected" in text  # the decision table below the proposal
        assert "? Help" in text, "the footer wraps rather than losing keys"
        assert all(len(line) <= 80 for line in visible_lines(app))


@pilot_test
async def test_tab_moves_between_the_stacked_panes_and_the_proposal_stays(backend):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "down", "enter")
        screen = app.screen
        assert screen.pane == "table" and "[Table]" in flat(screen_text(app))
        await press(pilot, "tab")
        assert screen.pane == "row" and "Rule 9 (row 16): fired, selected" in flat(screen_text(app))
        await press(pilot, "tab")
        assert screen.pane == "facts" and app.focused is screen.query_one("#facts")
        assert "Facts the tables read" in flat(screen_text(app)) and "fired, selected" not in flat(screen_text(app))
        await press(pilot, "tab")
        assert app.focused is screen.query_one("#determination-box") and screen.pane == "facts"
        await press(pilot, "tab")
        assert screen.pane == "table" and app.focused is screen.query_one("#rows")
        await press(pilot, "shift+tab")
        assert app.focused is screen.query_one("#determination-box")
        for _ in range(3):
            assert "Proposed: Overturned" in flat(screen_text(app))
            await press(pilot, "tab")


@pilot_test
async def test_from_120x40_the_panes_show_side_by_side(backend):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await press(pilot, "down", "enter")
        screen = app.screen
        assert not screen.stacked
        text = flat(screen_text(app))
        for shown in ("Proposed: Overturned", "Missing facts", "Facts the tables read", "fired, selected",
                      "Rule 9 (row 16): fired, selected"):
            assert shown in text
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert screen.stacked and "[Table]" in flat(screen_text(app))


@pilot_test
async def test_a_terminal_too_small_says_so_and_the_screen_comes_back(backend):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=(50, 15)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        assert "This terminal is 50x15: imr review needs at least 60x20." in flat(screen_text(app))
        await press(pilot, "a")  # keys wait: nothing is recorded behind the notice
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        assert "0 of 2 decided" in flat(screen_text(app))
        await pilot.resize_terminal(59, 30)
        await settle(pilot)
        assert "This terminal is 59x30" in flat(screen_text(app))
