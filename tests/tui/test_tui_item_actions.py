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


def chosen(dialog) -> str:
    """The override dialog's line saying the outcome chosen, as plain text."""
    return str(dialog.query_one("#chosen").content)


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
        question = rulebase.facts["request.functional_improvement"].question
        assert "Fact edited (the proposal was Overturned): now proposed Upheld" in text
        assert "request.functional_improvement" not in text, "facts by their question, not their dotted id"
        facts = app.screen.query_one("#facts", FactsTable)
        row = [c.plain for c in facts.get_row(facts.coordinate_to_cell_key(facts.cursor_coordinate).row_key)]
        assert " ".join(row[0].split()) == question and row[1] == "no" and row[2].startswith("edited by dr-test at ")
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
        assert screen.index == 1 and "There is no item 3: the case has 2 items." in flat(screen_text(app))
        await press(pilot, "left_square_bracket")
        assert screen.index == 0 and "Re-exam 1 x 4 weeks" in flat(screen_text(app))


@pilot_test
async def test_rows_in_words_and_the_highlighted_rows_cells(backend):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot, 1)
        rows = app.screen.query_one("#rows", DecisionTableView)
        assert rows.shown.model.name == "acupuncture_determination"
        assert rows.current_rule == rows.shown.result.selected[0] == 9  # the cursor starts on the deciding row
        text = flat(screen_text(app))
        assert "fired, selected" in text and "not fired" in text
        assert "Rule 9 (row 16): fired, selected" in text
        assert detail_lines(app)[0] == ('passes  screen  reviewable  "reviewable"  '
                                        "acupuncture_determination!B16  request screen (enter opens it)")
        for _ in range(4):
            await press(pilot, "k")
        assert rows.current_rule == 5
        assert "Rule 5 (row 12): not fired" in flat(screen_text(app))
        assert ("fails  indicated  yes  false  acupuncture_determination!F12  "
                "acupuncture indication (enter opens it)") in detail_lines(app)
        assert detail_lines(app)[-1] == 'output  outcome  "Upheld"    acupuncture_determination!H12'
        assert "citation: MTUS Acupuncture Medical Treatment Guidelines" in flat(screen_text(app))
        await press(pilot, "down")
        assert rows.current_rule == 6


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
        assert "acupuncture determination > request screen: reviewable" in flat(screen_text(app))
        await press(pilot, "escape")
        assert rows.shown.model.name == "acupuncture_determination" and isinstance(app.screen, ItemScreen)
        await press(pilot, "escape")
        assert not isinstance(app.screen, ItemScreen)


@pilot_test
async def test_the_override_dialog_says_the_chosen_outcome_in_words_and_keeps_the_reason(backend, db, rulebase):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_item(pilot, 1)
        await press(pilot, "o")
        dialog = app.screen
        assert isinstance(dialog, OverrideDialog)
        assert chosen(dialog) == ("Your decision: Upheld, the denial stands: not medically necessary "
                                  "(the proposal was Overturned).")
        await press(pilot, "enter")  # Upheld, on to the reason
        await pilot.press(*"the notes of May")
        await press(pilot, "shift+tab", "down")  # back to the outcomes: switch to Overturned
        assert chosen(dialog).startswith("Your decision: Overturned, the denial is reversed: medically necessary "
                                         "(as proposed")
        await press(pilot, "enter")
        assert app.focused is dialog.query_one("#reason")
        assert dialog.query_one("#reason").value == "the notes of May", "switching the outcome keeps the reason"
        assert dialog.values() == ("Overturned", "the notes of May")


@pilot_test
async def test_a_refusal_has_no_field_path_and_reopening_keeps_what_was_typed(backend, db, rulebase):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_item(pilot, 1)
        await press(pilot, "o", "enter", "enter")  # Upheld, no reason: refused
        dialog = app.screen
        assert dialog.refusal == ("an override needs a reason: expected the reviewer's reason for Upheld, "
                                  "found no reason")
        assert "field" not in flat(screen_text(app)) and "seed.yaml" not in flat(screen_text(app))
        await pilot.press(*"half typed")
        await press(pilot, "escape")
        assert isinstance(app.screen, ItemScreen)
        assert "a reason or note typed is kept" in flat(screen_text(app))
        await press(pilot, "o")
        again = app.screen
        assert isinstance(again, OverrideDialog) and again is not dialog
        assert again.values() == ("Upheld", "half typed"), "the outcome and the reason come back"
        assert app.focused is again.query_one("#reason")
        await pilot.press(*" and finished")
        await press(pilot, "enter")
        assert isinstance(app.screen, ItemScreen)
        await press(pilot, "o")
        assert app.screen.values() == ("Upheld", ""), "saved: the draft is gone"
    decision = stored(db, rulebase).item(1).decision
    assert (decision.outcome, decision.reason) == ("Upheld", "half typed and finished")


@pilot_test
async def test_a_note_typed_and_cancelled_comes_back(backend):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot, 0)
        await press(pilot, "n")
        await pilot.press(*"call the PTP")
        await press(pilot, "escape", "n")
        assert isinstance(app.screen, NoteDialog) and app.screen.values() == ("call the PTP",)


@pilot_test
async def test_a_refused_accept_says_why_without_the_field_path(backend):
    from engine.errors import ImrError, Location

    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot, 0)

        def refuse(index: int) -> None:
            raise ImrError("an undecided item cannot be accepted", location=Location("cases/seed.yaml",
                           field="items[0]"), expected="Upheld or Overturned", found="Undecided",
                           hint="override it with a reason")

        screen.session.accept = refuse  # type: ignore[method-assign]
        await press(pilot, "a")
        text = flat(screen_text(app))
        assert ("an undecided item cannot be accepted: expected Upheld or Overturned, found Undecided "
                "(override it with a reason)") in text
        assert "items[0]" not in text and "seed.yaml" not in text
