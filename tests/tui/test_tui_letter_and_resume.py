"""The letter is offered only once every item has a decision; export writes md, txt and pdf;
quitting and reopening the app resumes with every decision."""

from __future__ import annotations

from tui_pilot import SEED, SIZE, flat, pilot_test, press, screen_text, settle

from tui.app import ReviewApp
from tui.screens.case import CaseScreen
from tui.screens.item import ItemScreen
from tui.screens.letter import LetterScreen


def palette_titles(screen) -> list[str]:
    return [command.title for command in screen.commands()]


async def accept(pilot, index: int) -> None:
    await press(pilot, *(["down"] * index), "enter", "a", "escape")


@pilot_test
async def test_the_letter_is_offered_only_when_every_item_is_decided(backend, out):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        case = app.screen
        assert isinstance(case, CaseScreen)
        assert "letter" not in {b.binding.action for b in case.active_bindings.values()}
        assert "Letter" not in flat(screen_text(app))  # not in the footer
        assert "Export letter" not in palette_titles(case)
        await press(pilot, "l")
        assert app.screen is case  # the key does nothing yet
        await accept(pilot, 0)
        assert "1 of 2 decided" in flat(screen_text(app))
        assert "Export letter" not in palette_titles(case)
        await press(pilot, "l")
        assert app.screen is case
        await press(pilot, "down", "enter")
        item = app.screen
        assert isinstance(item, ItemScreen) and "Export letter" not in palette_titles(item)
        await press(pilot, "a")
        assert "Export letter" in palette_titles(item)
        await press(pilot, "escape")
        assert "2 of 2 decided. The letter is ready: press l." in flat(screen_text(app))
        assert "l Letter" in flat(screen_text(app))
        assert "Export letter" in palette_titles(case)
        await press(pilot, "l")
        assert isinstance(app.screen, LetterScreen)
        text = flat(screen_text(app))
        assert "Independent Medical Review Final Determination" in text
        assert "m Export .md t Export .txt p Export .pdf" in text


@pilot_test
async def test_export_writes_the_letter_in_each_format(backend, out):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await accept(pilot, 0)
        await accept(pilot, 1)
        await press(pilot, "l")
        letter = app.screen
        assert isinstance(letter, LetterScreen)
        await press(pilot, "m")
        await press(pilot, "t")
        await press(pilot, "p")
        assert [p.name for p in letter.written] == [f"CM15-0000001-letter.{f}" for f in ("md", "txt", "pdf")]
        assert f"Wrote {out.resolve() / 'CM15-0000001-letter.pdf'}" in flat(screen_text(app))
    txt = (out / "CM15-0000001-letter.txt").read_text()
    assert "Re-exam 1 x 4 weeks: Overturned" in txt and "(proposed)" not in txt
    assert "Decision recorded by" not in txt and "dr-test" not in txt  # who and when: in the audit trail only
    assert (out / "CM15-0000001-letter.pdf").read_bytes().startswith(b"%PDF")
    assert "Overturned" in (out / "CM15-0000001-letter.md").read_text()


@pilot_test
async def test_quitting_and_reopening_resumes_with_every_decision(backend):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await accept(pilot, 0)
        await press(pilot, "down", "enter", "o", "enter")
        await pilot.press(*"the new mattress")
        await press(pilot, "enter", "escape")
        await press(pilot, "ctrl+q")
    assert app.return_code == 0

    again = ReviewApp(SEED, backend())  # a new app, a new backend: only the database is shared
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = flat(screen_text(again))
        assert "Resumed: 2 decided, no fact edits, no notes (2 entries)" in text
        assert "2 of 2 decided" in text
        assert "1 Overturned Overturned (accepted by dr-test) Re-exam" in text
        assert "2 Overturned Upheld (overridden by dr-test) Acupuncture" in text
        assert "l Letter" in text
        await press(pilot, "down", "enter")
        assert "reason: the new mattress" in flat(screen_text(again))


@pilot_test
async def test_the_letter_screen_itself_refuses_an_undecided_case(backend, out):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(LetterScreen(app.screen.session))  # as if reached some other way
        await settle(pilot)
        letter = app.screen
        assert not letter.ready
        assert "0 of 2 decided: record a decision for every item first." in flat(screen_text(app))
        assert "Export" not in flat(screen_text(app))
        await press(pilot, "m")
        assert letter.written == [] and list(out.iterdir()) == []


@pilot_test
async def test_a_decision_made_on_an_earlier_proposal_must_be_re_confirmed(backend, out):
    """Accept both items, then edit a fact so the proposal changes: the item reads re-confirm,
    it no longer counts as decided and the letter is withdrawn until it is accepted again."""
    from tui.screens.dialogs import FactDialog
    from tui.widgets.facts import FactsTable

    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        case = app.screen
        await accept(pilot, 0)
        await press(pilot, "down", "enter", "a")
        item = app.screen
        assert isinstance(item, ItemScreen) and "Export letter" in palette_titles(item)
        facts = item.query_one("#facts", FactsTable)
        facts.focus()
        facts.select_fact("request.functional_improvement")
        await press(pilot, "e")
        assert isinstance(app.screen, FactDialog)
        app.screen.query_one("#value").value = ""
        await pilot.press(*"no")
        await press(pilot, "enter")
        assert app.screen is item
        text = flat(screen_text(app))
        assert "1 of 2 decided, 1 to re-confirm" in text
        assert "recorded Overturned (accepted by dr-test) - re-confirm: made on the earlier proposal Overturned" in text
        assert ("Fact edited (the proposal was Overturned): now proposed Upheld, recorded Overturned on the earlier "
                "proposal: re-confirm it (a accepts, o overrides).") in text
        assert "Export letter" not in palette_titles(item)
        await press(pilot, "escape")
        assert app.screen is case
        text = flat(screen_text(app))
        assert "2 Upheld Overturned (accepted by dr-test) - re-confirm" in text
        assert ("1 of 2 decided, 1 to re-confirm. Re-confirm item 2: its decision was made on an earlier proposal."
                in text)
        assert "Export letter" not in palette_titles(case)
        await press(pilot, "l")
        assert app.screen is case  # the letter is withdrawn
        await press(pilot, "down", "enter", "a")  # re-confirm: accept the new proposal
        assert "re-confirm" not in flat(screen_text(app)).replace("Re-confirm", "")
        await press(pilot, "escape", "l")
        assert isinstance(app.screen, LetterScreen)
        text = flat(screen_text(app))
        assert "Independent Medical Review Final Determination" in text and "(not final)" not in text
        letter = app.screen
        assert letter.ready
        document = letter.backend.letter(letter.session)
        assert document.final and document.items[1].outcome == "Upheld" and document.items[1].source == "recorded"
