"""The case picker: statuses in words, the filter, opening a case, statuses after a decision."""

from __future__ import annotations

from tui_pilot import SIZE, flat, pilot_test, press, screen_text, settle

from tui.app import ReviewApp
from tui.screens.case import CaseScreen
from tui.screens.picker import CasePickerScreen


@pilot_test
async def test_picker_lists_cases_with_status_filters_and_opens(backend, case_folder):
    (case_folder / "broken.yaml").write_text("case: CM15-9\n")
    app = ReviewApp(case_folder, backend())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, CasePickerScreen)
        text = flat(screen_text(app))
        assert "4 cases: 3 not started, 0 in progress, 0 decided" in text
        assert "CM15-0000001 not started 0 of 2" in text
        assert "(unreadable) error" in text
        await press(pilot, "slash")
        await pilot.press(*"0000001")
        await settle(pilot)
        assert [s.case for s in picker.shown] == ["CM15-0000001"]
        await press(pilot, "enter")  # back to the list
        await press(pilot, "enter")  # open the one case shown
        assert isinstance(app.screen, CaseScreen)
        await press(pilot, "enter", "a", "escape", "escape")
        assert app.screen is picker
        assert "CM15-0000001 in progress 1 of 2" in flat(screen_text(app))
        await press(pilot, "escape")  # clears the filter
        assert len(picker.shown) == 4
        assert "1 in progress" in flat(screen_text(app))


@pilot_test
async def test_filter_by_status_words(backend, case_folder):
    app = ReviewApp(case_folder, backend())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        picker = app.screen
        await press(pilot, "slash")
        await pilot.press(*"in progress")
        await settle(pilot)
        assert picker.shown == []
        picker.query_one("#filter").value = "not started"
        await settle(pilot)
        assert len(picker.shown) == 3


@pilot_test
async def test_an_unreadable_case_file_says_why(backend, case_folder):
    for path in case_folder.iterdir():
        path.unlink()
    (case_folder / "broken.yaml").write_text("case: CM15-9\n")
    app = ReviewApp(case_folder, backend())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, CasePickerScreen)
        assert "broken.yaml" in flat(screen_text(app)) and "field" in flat(screen_text(app))
