"""Every action of the item screen, driven by keys: accept, override (refused without a reason),
note, fact edit (re-evaluates at once), next and previous item, chained tables, j/k."""

from __future__ import annotations

from tui_pilot import SEED, SIZE, flat, pilot_test, press, screen_text, settle

from review import ReviewSession, SqliteReviewStore
from tui.app import ReviewApp
from tui.screens.dialogs import FactDialog, NoteDialog, OverrideDialog
from tui.screens.item import ItemScreen
from tui.widgets.decision_table import DecisionTableView, RowDetail
from tui.widgets.facts import FactsTable


async def open_item(pilot, index: int) -> ItemScreen:
    await settle(pilot)
    await press(pilot, *(["down"] * index), "enter")
    screen = pilot.app.screen
    assert isinstance(screen, ItemScreen) and screen.index == index
    return screen


def detail_lines(app) -> list[str]:
    return app.screen.query_one("#detail", RowDetail).cell_rows


def stored(db, rulebase) -> ReviewSession:
    """The case as the database holds it, read by a new session (what a reopened app sees)."""
    return ReviewSession.open(SEED, rulebase, SqliteReviewStore(db), "someone-else")


@pilot_test
async def test_accept_records_the_proposed_outcome(backend, db, rulebase):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot, 0)
        await press(pilot, "a")
        text = flat(screen_text(app))
        assert "Accepted: Overturned. 1 of 2 decided." in text
        assert "recorded Overturned (accepted by dr-test)" in text
        assert screen.snapshot.view.decision.kind == "decision"
    decision = stored(db, rulebase).item(0).decision
    assert (decision.kind, decision.outcome, decision.reviewer) == ("decision", "Overturned", "dr-test")


@pilot_test
async def test_override_without_a_reason_is_refused(backend, db, rulebase):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot, 1)
        await press(pilot, "o")
        dialog = app.screen
        assert isinstance(dialog, OverrideDialog)
        await press(pilot, "enter")  # the outcome offered first: Upheld, the other one
        await press(pilot, "enter")  # an empty reason
        assert app.screen is dialog, "the dialog stays open"
        assert dialog.refusal.endswith("an override needs a reason: expected the reviewer's reason for Upheld, "
                                       "found no reason")
        assert "Refused:" in flat(screen_text(app)) and "an override needs a reason" in flat(screen_text(app))
        await press(pilot, "escape")
        assert isinstance(app.screen, ItemScreen)
        assert app.screen.snapshot.view.decision is None
    assert stored(db, rulebase).item(1).decision is None
    assert stored(db, rulebase).history() == []


@pilot_test
async def test_override_with_a_reason_records_the_other_outcome(backend, db, rulebase):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot, 1)
        await press(pilot, "o", "enter")
        await pilot.press(*"the mattress, not acupuncture")
        await press(pilot, "enter")
        assert isinstance(app.screen, ItemScreen)
        assert "Overridden: now proposed Overturned, recorded Upheld. 1 of 2 decided." in flat(screen_text(app))
        assert "Upheld (overridden by dr-test)" in flat(screen_text(app))
    decision = stored(db, rulebase).item(1).decision
    assert (decision.kind, decision.outcome, decision.reason) == ("override", "Upheld", "the mattress, not acupuncture")


@pilot_test
async def test_the_override_dialog_opens_on_the_outcome_list(backend, db, rulebase):
    """o, down, enter chooses the second outcome and moves on to the reason (docs/tui.md)."""
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot, 1)
        await press(pilot, "o")
        assert app.focused is app.screen.query_one("#outcome")
        await press(pilot, "down", "enter")
        assert app.focused is app.screen.query_one("#reason")
        await pilot.press(*"agrees, for the notes of May")
        await press(pilot, "enter")
        assert isinstance(app.screen, ItemScreen)
    decision = stored(db, rulebase).item(1).decision
    assert (decision.kind, decision.outcome, decision.reason) == ("override", "Overturned",
                                                                  "agrees, for the notes of May")


@pilot_test
async def test_note_is_added_and_an_empty_note_refused(backend, db, rulebase):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot, 0)
        await press(pilot, "n", "enter")
        assert isinstance(app.screen, NoteDialog) and "a note needs text" in app.screen.refusal
        await pilot.press(*"asked for the PR-2 of 4/2015")
        await press(pilot, "enter")
        assert isinstance(app.screen, ItemScreen)
        assert "note (dr-test): asked for the PR-2 of 4/2015" in flat(screen_text(app))
    assert [n.text for n in stored(db, rulebase).item(0).notes] == ["asked for the PR-2 of 4/2015"]


@pilot_test
async def test_a_fact_edit_changes_the_proposed_outcome(backend, db, rulebase):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot, 1)
        assert screen.snapshot.view.proposed.outcome == "Overturned"
        facts = app.screen.query_one("#facts", FactsTable)
        facts.focus()
        facts.select_fact("request.functional_improvement")
        await press(pilot, "e")
        dialog = app.screen
        assert isinstance(dialog, FactDialog) and dialog.fact.name == "request.functional_improvement"
        dialog.query_one("#value").value = ""
        await pilot.press(*"no")
        await press(pilot, "enter")
        assert isinstance(app.screen, ItemScreen)
        assert screen.snapshot.view.proposed.outcome == "Upheld"
        text = flat(screen_text(app))
        assert "request.functional_improvement edited; proposed outcome was Overturned: now proposed Upheld" in text
        assert "request.functional_improvement no documented edited by dr-test" in text
        # the table shown is the deciding table of the new evaluation, its rows in words
        rows = app.screen.query_one("#rows", DecisionTableView)
        assert rows.shown is not None and rows.shown.result.value == "Upheld"
    assert stored(db, rulebase).item(1).proposed.outcome == "Upheld"


@pilot_test
async def test_a_bad_fact_value_is_refused_in_the_dialog(backend):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot, 1)
        app.screen.query_one("#facts", FactsTable).focus()
        app.screen.query_one("#facts", FactsTable).select_fact("request.functional_improvement")
        await press(pilot, "enter")  # enter on a fact edits it too
        dialog = app.screen
        assert isinstance(dialog, FactDialog)
        dialog.query_one("#value").value = "perhaps"
        await press(pilot, "ctrl+s")
        assert app.screen is dialog and "edited value: expected" in dialog.refusal


@pilot_test
async def test_next_and_previous_item(backend):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot, 0)
        await press(pilot, "right_square_bracket")
        assert screen.index == 1 and "item 2 of 2" in flat(screen_text(app))
        assert "Acupuncture, acux 15 mins" in flat(screen_text(app))
        await press(pilot, "right_square_bracket")
        assert screen.index == 1 and "There is no item 3: the case has 2." in flat(screen_text(app))
        await press(pilot, "left_square_bracket")
        assert screen.index == 0 and "Re-exam 1 x 4 weeks" in flat(screen_text(app))


@pilot_test
async def test_rows_in_words_and_the_highlighted_rows_cells(backend):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot, 1)
        rows = app.screen.query_one("#rows", DecisionTableView)
        assert rows.shown.model.name == "acupuncture_determination"
        assert rows.current_rule == rows.shown.result.selected[0] == 8  # the cursor starts on the deciding row
        text = flat(screen_text(app))
        assert "fired, selected" in text and "not fired" in text
        assert "Rule 8 (row 15): fired, selected" in text
        assert detail_lines(app)[0] == ('passes  request.screen  "reviewable"  "reviewable"  '
                                        "acupuncture_determination!B15  request_screen (enter opens it)")
        for _ in range(4):
            await press(pilot, "k")
        assert rows.current_rule == 4
        assert "Rule 4 (row 11): not fired" in flat(screen_text(app))
        assert ("fails  acupuncture.indicated  true  false  acupuncture_determination!F11  "
                "acupuncture_indication (enter opens it)") in detail_lines(app)
        assert detail_lines(app)[-1] == 'output  acupuncture.outcome  "Upheld"    acupuncture_determination!G11'
        assert "citation: MTUS Acupuncture Medical Treatment Guidelines" in flat(screen_text(app))
        await press(pilot, "down")
        assert rows.current_rule == 5


@pilot_test
async def test_a_chained_table_opens_from_its_row_and_escape_comes_back(backend):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot, 1)
        rows = app.screen.query_one("#rows", DecisionTableView)
        await press(pilot, "enter")  # rule 8 reads request.screen, decided by request_screen
        assert rows.shown.model.name == "request_screen"
        assert screen.trail == ["acupuncture_determination", "request_screen"]
        assert rows.current_rule == rows.shown.result.selected[0]
        assert "acupuncture_determination >" in flat(screen_text(app))
        await press(pilot, "escape")
        assert rows.shown.model.name == "acupuncture_determination" and isinstance(app.screen, ItemScreen)
        await press(pilot, "escape")
        assert not isinstance(app.screen, ItemScreen)
