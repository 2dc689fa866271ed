"""The case screen: the case's own text, its items with proposed and recorded outcomes, progress."""

from __future__ import annotations

from tui_pilot import SEED, SIZE, flat, pilot_test, press, screen_text, settle

from tui.app import ReviewApp
from tui.screens.case import CaseScreen
from tui.screens.item import ItemScreen


@pilot_test
async def test_case_screen_shows_the_case_and_its_items(backend):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        text = flat(screen_text(app))
        assert "Case CM15-0000001" in text
        assert "Claimant: 37-year-old female" in text
        assert "Injury 2012-07-23 UR decision 2015-04-01 IMR application 2015-04-14" in text
        assert "Diagnoses: lumbago; lumbosacral radiculitis; cervicalgia; thoracic spine pain" in text
        assert "This 37-year-old woman was hurt at work on 7/23/12" in text
        assert "0 of 2 decided" in text
        assert "New review: nothing recorded for this case yet." in text
        assert "1 Overturned not decided Re-exam 1 x 4 weeks" in text
        assert "2 Overturned not decided Acupuncture, acux 15 mins" in text


@pilot_test
async def test_enter_opens_the_item_and_escape_comes_back(backend):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, ItemScreen)
        assert app.screen.index == 1
        assert "item 2 of 2" in flat(screen_text(app))
        await press(pilot, "escape")
        assert isinstance(app.screen, CaseScreen)
        await press(pilot, "escape")  # the first screen stays
        assert isinstance(app.screen, CaseScreen)
        assert "ctrl+q quits" in flat(screen_text(app))


@pilot_test
async def test_the_new_review_notice_goes_once_a_decision_is_made(backend):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "New review: nothing recorded for this case yet." in flat(screen_text(app))
        await press(pilot, "enter", "a", "escape")
        assert isinstance(app.screen, CaseScreen)
        text = flat(screen_text(app))
        assert "New review" not in text and "1 of 2 decided" in text


def test_resumed_words_have_their_plurals_right():
    from review.model import ResumeSummary
    from tui.screens.case import resume_words

    one = ResumeSummary(resumed=True, entries=1, decisions=1, fact_edits=1, notes=1)
    assert resume_words(one) == "Resumed: 1 decided, 1 fact edit, 1 note (1 entry)"
    many = ResumeSummary(resumed=True, entries=5, decisions=2, stale=1, fact_edits=2, notes=0)
    assert resume_words(many) == "Resumed: 2 decided, 1 to re-confirm, 2 fact edits, no notes (5 entries)"


def test_plurals():
    from tui.words import plural

    assert [plural(n, "item") for n in (0, 1, 2)] == ["0 items", "1 item", "2 items"]
    assert plural(1, "entry", "entries") == "1 entry" and plural(3, "entry", "entries") == "3 entries"
