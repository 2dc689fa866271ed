"""The case picker: statuses in words, the filter, opening a case, statuses after a decision."""

from __future__ import annotations

from tui_pilot import SIZE, flat, painted, pilot_test, press, screen_text, settle

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
        text = await painted(pilot, "CM15-0000001 not started 0 of 2", "(unreadable) error")
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
        await settle(pilot)  # the picker refreshes the statuses in a worker when it comes back
        assert "CM15-0000001 in progress 1 of 2" in await painted(pilot, "CM15-0000001 in progress 1 of 2")
        await press(pilot, "escape")  # clears the filter
        assert len(picker.shown) == 4
        assert "1 in progress" in await painted(pilot, "1 in progress")


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


@pilot_test
async def test_the_list_has_the_focus_and_one_enter_opens_the_highlighted_case_once(backend, case_folder):
    app = ReviewApp(case_folder, backend())
    opened: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.focused is app.screen.query_one("#cases")
        assert "enter Open" in flat(screen_text(app))  # the footer shows enter
        original = app.push_screen

        def counting(screen, *args, **kwargs):
            opened.append(screen)
            return original(screen, *args, **kwargs)

        app.push_screen = counting  # type: ignore[method-assign]
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, CaseScreen)
        assert [type(s) for s in opened] == [CaseScreen]
        assert app.screen.path.name == app.screen_stack[0].statuses[1].path.rsplit("/", 1)[-1]


@pilot_test
async def test_the_summary_counts_errors_and_an_error_row_gives_the_reason_once_in_full(backend, case_folder):
    (case_folder / "broken.yaml").write_text("case: CM15-9\n")
    app = ReviewApp(case_folder, backend())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await painted(pilot, "(unreadable)", "CM15-0000001")
        text = screen_text(app)
        assert "4 cases: 3 not started, 0 in progress, 0 decided, 1 with errors" in flat(text)
        reason = "field clinical_summary: missing: expected a value for this required field"
        # The path wraps where the column ends, which depends on the temporary folder's length.
        assert "".join(text.split()).count("broken.yaml") == 1, "the path once"
        assert reason in flat(text), "the reason in full, wrapped over lines"
        assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
        await press(pilot, "enter")  # the error row is the first: it does not open, and does not repeat the reason
        assert isinstance(app.screen, CasePickerScreen)
        assert flat(screen_text(app)).count(reason) == 1
