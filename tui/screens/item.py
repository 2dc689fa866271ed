"""The item screen: the proposal, the facts the tables read, the decision tables with every row's state.

Top, the item and the proposal with the missing facts that would change it (and their
questions), the recorded decision, notes, rationales and citations.  Then the facts (value,
documented or not, where it came from); ``e`` edits the one under the cursor and the
session re-evaluates the item at once.  Then the decision table as its author wrote it,
every row marked fired / not fired / undecided, and the highlighted row cell by cell.
Enter on a row (or on a cell) that reads a fact another table decides opens that table;
escape comes back.

The layout fits the terminal: from ``WIDE`` up the facts, the table and the row show
together; below it (80x24 included) the panes stack: the proposal stays at the top and one
of facts / table / row shows below it at a time, tab and shift+tab moving between them.

Every call into the session runs on a thread worker (``ReviewScreen.in_worker``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Static

from tui.backend import ItemSnapshot, item_snapshot
from tui.keymap import bindings, screen_binding
from tui.screens.base import ReviewScreen, StatusLine
from tui.text import literal
from tui.trace_view import chain, table_title
from tui.widgets.decision_table import DecisionTableView, FollowChain, RowDetail, ShownTable
from tui.widgets.determination import DeterminationPanel, outcome_text, recorded_words
from tui.widgets.facts import FactsTable
from tui.widgets.keybar import KeyBar
from tui.words import fact_words, plural, table_label

if TYPE_CHECKING:
    from review import ItemView, ReviewSession
    from tui.screens.dialogs import ActionDialog


WIDE = (120, 40)  # from this size up the panes show side by side; below it they stack
PANES = ("table", "row", "facts", "proposal")  # the order tab moves through in the stacked layout
PANE_WORDS = {"table": "Table", "row": "Row", "facts": "Facts", "proposal": "Proposal"}


class ItemScreen(ReviewScreen):
    """One disputed item of a session: proposal, facts, tables, and the reviewer's actions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("back"), screen_binding("next_pane", "next_pane"), screen_binding("prev_pane", "prev_pane"),
        *bindings("accept", "override", "note", "edit_fact", "next_item", "prev_item")]

    DEFAULT_CSS = """
    ItemScreen #item-header { height: auto; padding: 0 1; background: $boost; }
    ItemScreen .pane-title { height: 1; padding: 0 1; text-style: bold; }
    ItemScreen #facts-pane { height: auto; }
    ItemScreen #facts { height: auto; max-height: 12; }
    ItemScreen #table-title { height: auto; max-height: 3; border-top: solid $primary; padding: 0 1; }
    ItemScreen #trace { height: 1fr; min-height: 8; }
    ItemScreen #rows { width: 1fr; }
    ItemScreen #detail { width: 1fr; border-left: solid $primary; }
    ItemScreen #determination-box { height: 12; padding: 0 1; border-bottom: solid $primary; }
    ItemScreen #determination-box:focus { border-bottom: solid $accent; }
    ItemScreen #panes { display: none; height: 1; padding: 0 1; }

    ItemScreen.-stacked #determination-box { height: 7; }
    ItemScreen.-stacked #panes { display: block; }
    ItemScreen.-stacked #facts-pane, ItemScreen.-stacked #table-title, ItemScreen.-stacked #trace,
    ItemScreen.-stacked #rows, ItemScreen.-stacked #detail { display: none; }
    ItemScreen.-stacked #trace { min-height: 3; }
    ItemScreen.-stacked #table-title { max-height: 2; border-top: none; }
    ItemScreen.-stacked #detail { border-left: none; }
    ItemScreen.-stacked.-pane-facts #facts-pane { display: block; height: 1fr; }
    ItemScreen.-stacked.-pane-facts #facts { max-height: 100%; height: 1fr; }
    ItemScreen.-stacked.-pane-table #table-title, ItemScreen.-stacked.-pane-table #trace,
    ItemScreen.-stacked.-pane-table #rows { display: block; }
    ItemScreen.-stacked.-pane-row #table-title, ItemScreen.-stacked.-pane-row #trace,
    ItemScreen.-stacked.-pane-row #detail { display: block; }
    """

    def __init__(self, session: ReviewSession, index: int) -> None:
        super().__init__()
        self.session = session
        self.index = index
        self.snapshot: ItemSnapshot | None = None
        self.trail: list[str] = []  # the tables opened, the deciding table first
        self.pane = "table"  # in the stacked layout: the pane shown below the proposal
        self.drafts: dict[tuple[str, int, str], tuple[Any, ...]] = {}  # (dialog, item, fact): typed, not saved

    def compose(self) -> ComposeResult:
        yield Static(literal(f"Item {self.index + 1}: evaluating..."), id="item-header")
        with VerticalScroll(id="determination-box"):
            yield DeterminationPanel(id="determination")
        yield Static(id="panes")
        with Vertical(id="facts-pane"):
            yield Static("Facts the tables read (e edits the one under the cursor)", classes="pane-title")
            yield FactsTable(id="facts")
        yield Static(id="table-title", classes="pane-title")
        with Horizontal(id="trace"):
            yield DecisionTableView(id="rows")
            yield RowDetail(id="detail")
        yield StatusLine()
        yield KeyBar()

    def on_mount(self) -> None:
        self.fit(self.app.size.width, self.app.size.height)
        self.query_one("#rows", DecisionTableView).focus()
        self.load()

    # -- the layout ----------------------------------------------------------------------

    @property
    def stacked(self) -> bool:
        return self.has_class("-stacked")

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width, event.size.height)

    def fit(self, width: int, height: int) -> None:
        """Side by side from ``WIDE`` up, stacked below it."""
        stacked = width < WIDE[0] or height < WIDE[1]
        changed = stacked != self.stacked
        self.set_class(stacked, "-stacked")
        self.show_pane(self.pane)
        if changed and self.snapshot is not None:
            self.query_one("#item-header", Static).update(self.header(self.snapshot.view))

    def show_pane(self, pane: str) -> None:
        """In the stacked layout: show ``pane`` below the proposal (the proposal itself stays)."""
        if pane != "proposal":
            self.pane = pane
            for name in ("facts", "table", "row"):
                self.set_class(name == pane, f"-pane-{name}")
        bar = Text("tab moves between:", style="dim")
        for name in PANES:
            words = PANE_WORDS[name]
            bar.append(f" [{words}]" if name == pane else f"  {words} ", style="bold reverse" if name == pane else "")
        self.query_one("#panes", Static).update(bar)

    def pane_widget(self, pane: str) -> Widget:
        return {"table": self.query_one("#rows"), "row": self.query_one("#detail #cells"),
                "facts": self.query_one("#facts"), "proposal": self.query_one("#determination-box")}[pane]

    def current_pane(self) -> str:
        focused = self.focused
        for pane in PANES:
            widget = self.pane_widget(pane)
            if focused is not None and (focused is widget or widget in focused.ancestors):
                return pane
        return self.pane

    def action_next_pane(self) -> None:
        self.move_pane(1)

    def action_prev_pane(self) -> None:
        self.move_pane(-1)

    def move_pane(self, step: int) -> None:
        """Tab: the next pane (stacked: shown in place of the one below the proposal)."""
        if not self.stacked:
            self.focus_next() if step > 0 else self.focus_previous()
            return
        pane = PANES[(PANES.index(self.current_pane()) + step) % len(PANES)]
        self.show_pane(pane)
        self.pane_widget(pane).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self.stacked:
            pane = self.current_pane()
            if pane != self.pane:
                self.show_pane(pane)

    # -- loading and showing ---------------------------------------------------------

    def load(self, message: str | None = None) -> None:
        index = self.index
        self.in_worker(lambda: item_snapshot(self.session, index), lambda s: self.show(s, message), "item")

    def review_action(self, action: Callable[[], object], message: Callable[[ItemSnapshot], str]) -> None:
        """Call the session (it stores, then re-evaluates when facts changed), then show the item again."""
        index = self.index

        def work() -> ItemSnapshot:
            from review import ReviewConflict

            try:
                action()
            except ReviewConflict:  # another reviewer changed the case: the session re-read it, show that
                snapshot = item_snapshot(self.session, index)
                self.app.call_from_thread(self.show, snapshot)
                raise
            return item_snapshot(self.session, index)

        self.in_worker(work, lambda s: self.show(s, message(s)), "review action", plain=True)

    def show(self, snapshot: ItemSnapshot, message: str | None = None) -> None:
        if snapshot.view.index != self.index:
            return  # the reviewer moved on to another item meanwhile
        before = self.snapshot
        self.snapshot = snapshot
        view = snapshot.view
        deciding = _deciding(view)
        if not self.trail or self.trail[0] != deciding:
            self.trail = [deciding]
        self.trail = [t for t in self.trail if t in snapshot.evaluation.tables] or [deciding]
        self.query_one("#item-header", Static).update(self.header(view))
        self.query_one("#facts", FactsTable).show(view.facts)
        table = self.trail[-1]
        self.show_table(select_hit=before is None or _selected(before, table) != _selected(snapshot, table))
        self.query_one("#determination", DeterminationPanel).show(view)
        self.say(message or self.hint(snapshot))
        self.refresh_bindings()

    def header(self, view: ItemView) -> Text:
        """Case, item, progress and the request; wide, also proposed and recorded (stacked, the proposal says it)."""
        text = Text.assemble(
            literal(f"Case {self.session.case_number}  item {self.index + 1} of {self.session.item_count}  ",
                    style="bold"),
            literal(str(self.snapshot.progress if self.snapshot else "")), "\n", literal(view.request))
        if not self.stacked:
            text.append_text(Text.assemble("\nproposed ", outcome_text(view.proposed.outcome), "   recorded ",
                                           recorded_words(view)))
        return text

    def hint(self, snapshot: ItemSnapshot) -> str:
        if snapshot.view.decision is None:
            return "a accepts, o overrides (outcome and reason), e edits a fact, n adds a note."
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
        path = (literal(" > ".join(table_label(t) for t in self.trail[:-1]) + " > ", style="dim")
                if len(self.trail) > 1 else literal(""))
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
        self.show_pane("table")
        self.query_one("#rows", DecisionTableView).focus()
        self.say(f"Table {table_label(name)}: escape goes back to {table_label(self.trail[-2])}."
                 if len(self.trail) > 1 else "")

    def action_back(self) -> None:
        if len(self.trail) > 1:
            self.trail.pop()
            self.show_table(select_hit=True)
            self.say(f"Back to table {table_label(self.trail[-1])}.")
            return
        super().action_back()

    # -- the reviewer's actions --------------------------------------------------------

    def action_accept(self) -> None:
        self.review_action(lambda: self.session.accept(self.index),
                           lambda s: f"Accepted: {s.view.proposed.outcome}. {s.progress}.")

    def action_override(self) -> None:
        from tui.screens.dialogs import OverrideDialog

        if self.snapshot is not None:
            key = ("override", self.index, "")
            dialog = OverrideDialog(self.snapshot.view, self.saving(self.session.override), self.drafts.get(key))
            self.open_dialog(dialog, "Overridden", key)

    def action_note(self) -> None:
        from tui.screens.dialogs import NoteDialog

        if self.snapshot is not None:
            key = ("note", self.index, "")
            self.open_dialog(NoteDialog(self.snapshot.view, self.saving(self.session.note), self.drafts.get(key)),
                             "Note added", key)

    def action_edit_fact(self) -> None:
        from tui.screens.dialogs import FactDialog

        fact = self.query_one("#facts", FactsTable).current
        if self.snapshot is None or fact is None:
            return
        edit = self.saving(lambda index, value: self.session.edit_fact(index, fact.name, value))
        # no draft: the fact dialog opens on the fact's value as it now stands
        was = self.snapshot.view.proposed.outcome
        self.open_dialog(FactDialog(fact, edit), f"Fact edited (the proposal was {was})")

    def saving(self, call: Callable[..., object]) -> Callable[..., ItemSnapshot]:
        """A dialog's save: the session call on this item, then the item as it now stands."""
        index = self.index

        def save(*values: object) -> ItemSnapshot:
            with self.session.lock:
                call(index, *values)
                return item_snapshot(self.session, index)

        return save

    def open_dialog(self, dialog: ActionDialog, what: str, key: tuple[str, int, str] | None = None) -> None:
        """Open a dialog; with a ``key``, what was typed and not saved is kept for the next time it opens."""

        def closed(snapshot: ItemSnapshot | None) -> None:
            if key is not None and snapshot is None:
                self.drafts[key] = dialog.values()
            elif key is not None:
                self.drafts.pop(key, None)
            self.after_dialog(snapshot, what)

        self.app.push_screen(dialog, closed)

    def after_dialog(self, snapshot: ItemSnapshot | None, what: str) -> None:
        """A dialog saved through the session (stored, re-evaluated): show the item as it now stands."""
        if snapshot is None:
            self.say("Cancelled: nothing recorded (a reason or note typed is kept for the next time).")
            return
        view = snapshot.view
        recorded = view.decision.outcome if view.decision else "nothing"
        if view.stale and view.decision is not None:  # what was saved, then what to do first
            self.show(snapshot, f"{what}: now proposed {view.proposed.outcome}, recorded {recorded} on the earlier "
                                "proposal: re-confirm it (a accepts, o overrides).")
            return
        self.show(snapshot, f"{what}: now proposed {view.proposed.outcome}, recorded {recorded}. {snapshot.progress}.")

    def action_next_item(self) -> None:
        self.go_to(self.index + 1)

    def action_prev_item(self) -> None:
        self.go_to(self.index - 1)

    def go_to(self, index: int) -> None:
        if not 0 <= index < self.session.item_count:
            self.say(f"There is no item {index + 1}: the case has {plural(self.session.item_count, 'item')}.")
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
            yield SystemCommand(f"Edit fact: {fact_words(fact.name, fact.question)} ({fact.shown})",
                                "Change the value and re-evaluate",
                                lambda f=fact.name: self.edit_named_fact(f))
        for name in chain(self.session.rulebase, snapshot.evaluation, _deciding(snapshot.view)):
            yield SystemCommand(f"Open table {table_label(name)}", "A table this item's decision reads",
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


def _deciding(view: ItemView) -> str:
    """The table that decides the item: a review session proposes only what a table decides
    (``determine_item`` raises for an item no table decides)."""
    table = view.proposed.table
    assert table is not None
    return table
