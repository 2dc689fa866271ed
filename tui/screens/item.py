"""The item screen: the facts the tables read, the decision tables with every row's state, the proposal.

Left, the facts (value, documented or not, where it came from); ``e`` edits the one
under the cursor and the session re-evaluates the item at once.  Right, the decision
table as its author wrote it, every row marked fired / not fired / undecided, and the
highlighted row cell by cell.  Enter on a row (or on a cell) that reads a fact another
table decides opens that table; escape comes back.  Below, the proposal with its
rationale and citations, the missing facts with the reviewer's questions, the recorded
decision and the notes.

Every call into the session runs on a thread worker (``ReviewScreen.in_worker``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Static

from tui.backend import ItemSnapshot, item_snapshot
from tui.keymap import SCREEN_KEYS, bindings
from tui.screens.base import ReviewScreen, StatusLine
from tui.text import literal
from tui.trace_view import chain, table_title
from tui.widgets.decision_table import DecisionTableView, FollowChain, RowDetail, ShownTable
from tui.widgets.determination import DeterminationPanel, outcome_text, recorded_words
from tui.widgets.facts import FactsTable
from tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from review import ItemView, ReviewSession
    from tui.screens.dialogs import ActionDialog


class ItemScreen(ReviewScreen):
    """One disputed item of a session: facts, tables, proposal, and the reviewer's actions."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(
        *SCREEN_KEYS, "accept", "override", "note", "edit_fact", "next_item", "prev_item")

    DEFAULT_CSS = """
    ItemScreen #item-header { height: auto; padding: 0 1; background: $boost; }
    ItemScreen .pane-title { height: 1; padding: 0 1; text-style: bold; }
    ItemScreen #facts { height: auto; max-height: 10; }
    ItemScreen #table-title { height: auto; max-height: 3; border-top: solid $primary; }
    ItemScreen #trace { height: 1fr; min-height: 8; }
    ItemScreen #rows { width: 1fr; }
    ItemScreen #detail { width: 1fr; border-left: solid $primary; }
    ItemScreen #determination-box { height: 10; padding: 0 1; border-top: solid $primary; }
    ItemScreen #determination-box:focus { border-top: solid $accent; }
    """

    def __init__(self, session: ReviewSession, index: int) -> None:
        super().__init__()
        self.session = session
        self.index = index
        self.snapshot: ItemSnapshot | None = None
        self.trail: list[str] = []  # the tables opened, the deciding table first

    def compose(self) -> ComposeResult:
        yield Static(literal(f"Item {self.index + 1}: evaluating..."), id="item-header")
        yield Static("Facts the tables read (e edits the one under the cursor)", classes="pane-title")
        yield FactsTable(id="facts")
        yield Static(id="table-title", classes="pane-title")
        with Horizontal(id="trace"):
            yield DecisionTableView(id="rows")
            yield RowDetail(id="detail")
        with VerticalScroll(id="determination-box"):
            yield DeterminationPanel(id="determination")
        yield StatusLine()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#rows", DecisionTableView).focus()
        self.load()

    # -- loading and showing ---------------------------------------------------------

    def load(self, message: str | None = None) -> None:
        index = self.index
        self.in_worker(lambda: item_snapshot(self.session, index), lambda s: self.show(s, message), "item")

    def run_action(self, action: Callable[[], object], message: Callable[[ItemSnapshot], str]) -> None:
        """Call the session (it stores, then re-evaluates when facts changed), then show the item again."""
        index = self.index

        def work() -> ItemSnapshot:
            action()
            return item_snapshot(self.session, index)

        self.in_worker(work, lambda s: self.show(s, message(s)), "review action")

    def show(self, snapshot: ItemSnapshot, message: str | None = None) -> None:
        if snapshot.view.index != self.index:
            return  # the reviewer moved on to another item meanwhile
        before = self.snapshot
        self.snapshot = snapshot
        view = snapshot.view
        if not self.trail or self.trail[0] != view.proposed.table:
            self.trail = [view.proposed.table]
        self.trail = [t for t in self.trail if t in snapshot.evaluation.tables] or [view.proposed.table]
        self.query_one("#item-header", Static).update(self.header(view))
        self.query_one("#facts", FactsTable).show(view.facts)
        table = self.trail[-1]
        self.show_table(select_hit=before is None or _selected(before, table) != _selected(snapshot, table))
        self.query_one("#determination", DeterminationPanel).show(view)
        self.say(message or self.hint(snapshot))
        self.refresh_bindings()

    def header(self, view: ItemView) -> Text:
        return Text.assemble(
            literal(f"Case {self.session.case_number}  item {self.index + 1} of {self.session.item_count}  ",
                 style="bold"),
            literal(str(self.snapshot.progress if self.snapshot else "")), "\n", literal(view.request), "\n",
            "proposed ", outcome_text(view.proposed.outcome), "   recorded ", recorded_words(view),
        )

    def hint(self, snapshot: ItemSnapshot) -> str:
        if snapshot.view.decision is None:
            return "a accepts the proposal, o overrides it (outcome and reason), e edits a fact, n adds a note."
        if snapshot.view.stale:
            return stale_hint(snapshot)
        return f"Recorded {snapshot.view.decision.outcome}. {snapshot.progress}."

    def show_table(self, select_hit: bool = False) -> None:
        assert self.snapshot is not None
        name = self.trail[-1]
        shown = ShownTable.of(self.session.rulebase, self.snapshot.evaluation, name)
        rows = self.query_one("#rows", DecisionTableView)
        rows.show(shown, keep_cursor=not select_hit)
        if select_hit and shown.result.selected:
            rows.select_rule(shown.result.selected[0])
        path = literal(" > ".join(self.trail[:-1]) + " > ", style="dim") if len(self.trail) > 1 else literal("")
        self.query_one("#table-title", Static).update(Text.assemble(path, table_title(shown.model, shown.result)))
        self.show_detail()

    def show_detail(self) -> None:
        rows = self.query_one("#rows", DecisionTableView)
        rule = rows.current_rule
        if rows.shown is not None and rule is not None:
            self.query_one("#detail", RowDetail).show(rows.shown, rule)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "rows":
            self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "facts":
            event.stop()
            self.action_edit_fact()

    # -- the chain of tables -----------------------------------------------------------

    def on_follow_chain(self, event: FollowChain) -> None:
        self.open_table(event.table)

    def open_table(self, name: str) -> None:
        if self.snapshot is None or name not in self.snapshot.evaluation.tables:
            return
        self.trail = [*self.trail[: self.trail.index(name)]] if name in self.trail else self.trail
        self.trail.append(name)
        self.show_table(select_hit=True)
        self.query_one("#rows", DecisionTableView).focus()
        self.say(f"Table {name}: escape goes back to {self.trail[-2]}." if len(self.trail) > 1 else "")

    def action_back(self) -> None:
        if len(self.trail) > 1:
            self.trail.pop()
            self.show_table(select_hit=True)
            self.say(f"Back to table {self.trail[-1]}.")
            return
        super().action_back()

    # -- the reviewer's actions --------------------------------------------------------

    def action_accept(self) -> None:
        self.run_action(lambda: self.session.accept(self.index),
                        lambda s: f"Accepted: {s.view.proposed.outcome}. {s.progress}.")

    def action_override(self) -> None:
        from tui.screens.dialogs import OverrideDialog

        if self.snapshot is not None:
            self.open_dialog(OverrideDialog(self.snapshot.view, self.saving(self.session.override)), "Overridden")

    def action_note(self) -> None:
        from tui.screens.dialogs import NoteDialog

        if self.snapshot is not None:
            self.open_dialog(NoteDialog(self.snapshot.view, self.saving(self.session.note)), "Note added")

    def action_edit_fact(self) -> None:
        from tui.screens.dialogs import FactDialog

        fact = self.query_one("#facts", FactsTable).current
        if self.snapshot is None or fact is None:
            return
        edit = self.saving(lambda index, value: self.session.edit_fact(index, fact.name, value))
        self.open_dialog(FactDialog(fact, edit),
                         f"{fact.name} edited; proposed outcome was {self.snapshot.view.proposed.outcome}")

    def saving(self, call: Callable[..., object]) -> Callable[..., ItemSnapshot]:
        """A dialog's save: the session call on this item, then the item as it now stands."""
        index = self.index

        def save(*values: object) -> ItemSnapshot:
            with self.session.lock:
                call(index, *values)
                return item_snapshot(self.session, index)

        return save

    def open_dialog(self, dialog: ActionDialog, what: str) -> None:
        self.app.push_screen(dialog, lambda snapshot: self.after_dialog(snapshot, what))

    def after_dialog(self, snapshot: ItemSnapshot | None, what: str) -> None:
        """A dialog saved through the session (stored, re-evaluated): show the item as it now stands."""
        if snapshot is None:
            self.say("Cancelled: nothing recorded.")
            return
        view = snapshot.view
        recorded = view.decision.outcome if view.decision else "nothing"
        if view.stale:  # the status line is one line: what to do first
            self.show(snapshot, stale_hint(snapshot))
            return
        self.show(snapshot, f"{what}: now proposed {view.proposed.outcome}, recorded {recorded}. {snapshot.progress}.")

    def action_next_item(self) -> None:
        self.go_to(self.index + 1)

    def action_prev_item(self) -> None:
        self.go_to(self.index - 1)

    def go_to(self, index: int) -> None:
        if not 0 <= index < self.session.item_count:
            self.say(f"There is no item {index + 1}: the case has {self.session.item_count}.")
            return
        self.index, self.snapshot, self.trail = index, None, []
        self.query_one("#item-header", Static).update(literal(f"Item {index + 1}: evaluating..."))
        self.load()

    def commands(self) -> Iterable[SystemCommand]:
        snapshot = self.snapshot
        for number in range(self.session.item_count):
            request = self.session.case.items[number].request
            yield SystemCommand(f"Go to item {number + 1}: {request}", "Open the item",
                                lambda n=number: self.go_to(n))
        yield SystemCommand("Accept the proposed outcome", "Record the proposal as the decision", self.action_accept)
        yield SystemCommand("Override", "Record another outcome, with a reason", self.action_override)
        yield SystemCommand("Add a note", "A note on this item", self.action_note)
        if snapshot is None:
            return
        for fact in snapshot.view.facts:
            yield SystemCommand(f"Edit fact {fact.name} ({fact.shown})", "Change the value and re-evaluate",
                                lambda f=fact.name: self.edit_named_fact(f))
        for name in chain(self.session.rulebase, snapshot.evaluation, snapshot.view.proposed.table):
            yield SystemCommand(f"Open table {name}", "A table this item's decision reads",
                                lambda n=name: self.open_table(n))
        if snapshot.progress.done:
            yield SystemCommand("Export letter", "Preview the letter and export it (md, txt, pdf)",
                                self.open_letter)

    def edit_named_fact(self, name: str) -> None:
        self.query_one("#facts", FactsTable).select_fact(name)
        self.action_edit_fact()

    def open_letter(self) -> None:
        from tui.screens.letter import LetterScreen

        if self.snapshot is not None and self.snapshot.progress.done:
            self.app.push_screen(LetterScreen(self.session))
        else:
            self.say("The letter is offered once every item has a recorded decision.", error=True)


def stale_hint(snapshot: ItemSnapshot) -> str:
    """What to do about a decision made on an earlier proposal."""
    decision = snapshot.view.decision
    assert decision is not None
    return (f"Now proposed {snapshot.view.proposed.outcome}: re-confirm the decision {decision.outcome} (made on "
            f"the earlier proposal {decision.proposed}): a accepts the proposal, o overrides it.")


def _selected(snapshot: ItemSnapshot, table: str) -> list[int]:
    result = snapshot.evaluation.tables.get(table)
    return result.selected if result is not None else []
