"""The case screen: who, when, what was diagnosed, the summary, and every disputed item with its outcome.

Opening the session (loading the tables on first use, replaying the store, evaluating
every item) runs on a worker; the case's own text shows as soon as it is read.  A
reopened case says "resumed" and what was found.  The letter is offered (key, footer,
palette) only once every item has a recorded decision made on its current proposal: a
stale one (made on an earlier proposal) reads "re-confirm" and must be made again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from tui.keymap import SCREEN_KEYS, bindings
from tui.screens.base import ReviewScreen, StatusLine
from tui.text import literal
from tui.widgets.determination import outcome_text, recorded_words
from tui.widgets.keybar import KeyBar
from tui.widgets.keytable import OpenTable
from tui.words import plural

if TYPE_CHECKING:
    from engine import CaseFile
    from review import CaseProgress, ItemView, ResumeSummary, ReviewSession

ITEM_COLUMNS = ["#", "proposed", "recorded", "disputed item"]


def case_header(case: CaseFile, progress: str) -> Text:
    claimant = case.claimant
    age = f"{claimant.age}-year-old" if claimant.age is not None else "age not documented,"
    who = f"{age} {claimant.sex or 'sex not documented'}" + (f", {claimant.occupation}" if claimant.occupation else "")
    dates = case.dates

    def shown(day: dt.date | None) -> str:
        return day.isoformat() if day is not None else "not documented"

    lines = [
        Text.assemble(literal(f"Case {case.case}", style="bold"), f"  ({case.priority})  ",
                      literal(progress, style="bold")),
        Text.assemble("Claimant: ", literal(who)),
        literal(f"Injury {shown(dates.injury)}   UR decision {shown(dates.ur_decision)}   "
             f"IMR application {shown(dates.imr_application)}"),
        Text.assemble("Diagnoses: ", literal("; ".join(case.diagnoses))),
    ]
    return literal("\n").join(lines)


NEW_REVIEW = "New review: nothing recorded for this case yet."


def resume_words(resume: ResumeSummary) -> str:
    """``Resumed: 2 decided, 1 to re-confirm, 1 fact edit, no notes (4 entries)``, plurals right."""
    parts = [f"{resume.decisions} decided"]
    if resume.stale:
        parts.append(f"{resume.stale} to re-confirm")
    parts.append(plural(resume.fact_edits, "fact edit") if resume.fact_edits else "no fact edits")
    parts.append(plural(resume.notes, "note") if resume.notes else "no notes")
    return f"Resumed: {', '.join(parts)} ({plural(resume.entries, 'entry', 'entries')})"


def resume_notice(session: ReviewSession) -> Text:
    resume = session.resume
    if not resume.resumed:
        return literal(NEW_REVIEW)
    notice = literal(resume_words(resume), style="bold")
    for warning in resume.warnings:
        notice.append_text(Text.assemble("\nwarning: ", literal(warning)))
    return notice


def item_cells(view: ItemView) -> list[Text]:
    return [literal(str(view.index + 1)), outcome_text(view.proposed.outcome), recorded_words(view),
            literal(view.request)]


class CaseScreen(ReviewScreen):
    """One case: header, resumed notice, clinical summary, the disputed items."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(*SCREEN_KEYS, "letter")
    AUTO_FOCUS = "#items"

    DEFAULT_CSS = """
    CaseScreen #header { height: auto; padding: 0 1; }
    CaseScreen #notice { height: auto; padding: 0 1; margin-bottom: 1; }
    CaseScreen #items { height: auto; max-height: 12; margin-bottom: 1; }
    CaseScreen #summary-box { height: 1fr; padding: 0 1; border-top: solid $primary; }
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.session: ReviewSession | None = None
        self.views: list[ItemView] = []

    def compose(self) -> ComposeResult:
        yield Static(literal(f"Opening {self.path} (loading the tables and evaluating every item)..."), id="header")
        yield Static(id="notice")
        yield OpenTable(id="items")
        with VerticalScroll(id="summary-box"):
            yield Static(id="summary")
        yield StatusLine()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#items", OpenTable).focus()
        # after the first frame: the worker's imports would hold the GIL while it paints
        self.call_after_refresh(self.in_worker, self.read_case, self.case_read, "read the case file")

    def read_case(self) -> CaseFile:
        from engine import load_case

        return load_case(self.path)

    def case_read(self, case: CaseFile) -> None:
        """The case's own text first; the session (tables, store, evaluation) follows."""
        if self.session is None:
            self.query_one("#header", Static).update(case_header(case, "evaluating the items..."))
            self.show_summary(case)
        self.in_worker(lambda: self.backend.session(self.path), self.opened, "open the case")

    def show_summary(self, case: CaseFile) -> None:
        self.query_one("#summary", Static).update(
            Text.assemble(literal("Clinical summary\n", style="bold"), literal(case.clinical_summary)))

    def opened(self, session: ReviewSession) -> None:
        self.session = session
        self.query_one("#notice", Static).update(resume_notice(session))
        self.show_summary(session.case)
        self.reload()
        self.review_app.case_opened(self)

    def on_screen_resume(self) -> None:
        if self.session is not None:
            self.reload()

    def reload(self) -> None:
        session = self.session
        if session is not None:
            self.in_worker(lambda: _items(session), self.show, "case items")

    def show(self, loaded: tuple[list[ItemView], CaseProgress]) -> None:
        assert self.session is not None
        self.views, progress = loaded
        self.query_one("#header", Static).update(case_header(self.session.case, str(progress)))
        if any(v.decision is not None for v in self.views) and not self.session.resume.resumed:
            notice = self.query_one("#notice", Static)  # "New review" no longer: something is recorded
            notice.update("")
            notice.display = False
        self.query_one("#items", OpenTable).set_rows(
            ITEM_COLUMNS, [(str(v.index), item_cells(v)) for v in self.views])
        stale = ", ".join(str(i + 1) for i in progress.stale)
        self.say(f"{progress}." + (" The letter is ready: press l." if progress.done else "")
                 + (f" Re-confirm item {stale}: its decision was made on an earlier proposal." if stale else ""))
        self.refresh_bindings()

    @property
    def all_decided(self) -> bool:
        return bool(self.views) and all(v.decided for v in self.views)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "letter":
            return self.all_decided
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_item(int(str(event.row_key.value)))

    def open_item(self, index: int) -> None:
        from tui.screens.item import ItemScreen

        if self.session is not None:
            self.app.push_screen(ItemScreen(self.session, index))

    def action_letter(self) -> None:
        from tui.screens.letter import LetterScreen

        if self.session is None or not self.all_decided:
            self.say("The letter is offered once every item has a recorded decision.", error=True)
            return
        self.app.push_screen(LetterScreen(self.session))

    def commands(self) -> Iterable[SystemCommand]:
        for view in self.views:
            yield SystemCommand(f"Go to item {view.index + 1}: {view.request}", "Open the item",
                                lambda i=view.index: self.open_item(i))
        if self.all_decided:
            yield SystemCommand("Export letter", "Preview the letter and export it (md, txt, pdf)",
                                self.action_letter)


def _items(session: ReviewSession) -> tuple[list[ItemView], CaseProgress]:
    with session.lock:
        return session.items(), session.progress()
