"""One decision table as its author wrote it, each row's state in words, and the highlighted row's cells.

``DecisionTableView`` lists the rows (rule, state, input cells, output cells, citation);
``RowDetail`` shows the highlighted row's state, citation and rationale, and its cells one
per line (sheet!cell, the fact, its value, passes / fails / not documented, the test).
Choosing a cell that reads a fact another table decides, or pressing enter on a row that
reads one, posts ``FollowChain``.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from engine import DecisionTable, Evaluation, Rulebase, TableResult
from tui import trace_view
from tui.widgets.keytable import KeyTable


@dataclass(frozen=True)
class ShownTable:
    """What a table view needs: the model as written and the trace of this evaluation."""

    rulebase: Rulebase
    evaluation: Evaluation
    model: DecisionTable
    result: TableResult
    values: dict[str, str]  # every fact the evaluation read, in words (a rationale's {fact})

    @classmethod
    def of(cls, rulebase: Rulebase, evaluation: Evaluation, name: str) -> ShownTable:
        result = evaluation.tables[name]
        return cls(rulebase, evaluation, trace_view.table_model(rulebase, result), result,
                   trace_view.known_values(evaluation))

    def links(self, rule: int) -> dict[str, trace_view.ChainLink]:
        return trace_view.row_links(self.rulebase, self.evaluation, self.result.rows[rule - 1])


class FollowChain(Message):
    """The reviewer asked to open the table that decides a fact the current row reads."""

    def __init__(self, table: str, fact: str) -> None:
        super().__init__()
        self.table = table
        self.fact = fact


class DecisionTableView(KeyTable):
    """Every row of one table, with the row state in words and the selected rows marked."""

    shown: ShownTable | None = None

    def show(self, shown: ShownTable, keep_cursor: bool = True) -> None:
        self.shown = shown
        model, result = shown.model, shown.result
        rows = [(str(rule.number), trace_view.row_cells(model, result, rule)) for rule in model.rules]
        self.set_rows(trace_view.header(model), rows, keep_cursor=keep_cursor)

    @property
    def current_rule(self) -> int | None:
        if self.shown is None or not self.row_count:
            return None
        return self.cursor_row + 1

    def select_rule(self, rule: int) -> None:
        if self.row_count:
            self.move_cursor(row=max(0, min(rule - 1, self.row_count - 1)), animate=False)

    def action_select_cursor(self) -> None:
        """Enter: open the first chained table this row reads, if it reads one."""
        rule = self.current_rule
        if self.shown is None or rule is None:
            return
        links = list(self.shown.links(rule).values())
        if links:
            self.post_message(FollowChain(links[0].table, links[0].fact))
        else:
            self.notify("This row reads no fact that another table decides.", timeout=3)


class RowDetail(Vertical):
    """The highlighted row: its state, citation and rationale, then a table of its cells.

    Each input cell says why it passed or failed (``sheet!cell``, the fact's value, the
    test); enter on a cell whose fact another table decides opens that table.
    """

    DEFAULT_CSS = """
    RowDetail { height: 1fr; }
    RowDetail #row-heading { height: auto; max-height: 5; padding: 0 1; }
    RowDetail #cells { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.links: dict[str, trace_view.ChainLink] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="row-heading")
        yield KeyTable(id="cells")

    def show(self, shown: ShownTable, rule: int) -> None:
        model_rule = shown.model.rules[rule - 1]
        self.links = shown.links(rule)
        self.query_one("#row-heading", Static).update(trace_view.row_heading(shown.result, model_rule,
                                                                                     shown.values))
        rows = trace_view.row_detail(shown.model, shown.result, model_rule, self.links)
        self.query_one("#cells", KeyTable).set_rows(trace_view.DETAIL_COLUMNS, rows)

    @property
    def cell_rows(self) -> list[str]:
        """The cells as plain text, one line each (verdict, fact, value, test, cell, decided by)."""
        table = self.query_one("#cells", KeyTable)
        return ["  ".join(cell.plain for cell in table.get_row_at(r)).rstrip() for r in range(table.row_count)]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        link = self.links.get(str(event.row_key.value))
        if link is not None:
            self.post_message(FollowChain(link.table, link.fact))
        else:
            self.notify("This cell reads a fact from the case, not from another table.", timeout=3)


__all__ = ["DecisionTableView", "FollowChain", "RowDetail", "ShownTable"]
