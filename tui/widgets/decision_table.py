"""One decision table as its author wrote it, each row's state in words, and the highlighted row's cells.

``DecisionTableView`` lists the rows (rule, state, input cells, output cells, citation);
``RowDetail`` lists the highlighted row cell by cell (sheet!cell, the fact's value, the
test, passes / fails / not documented).  Choosing a cell that reads a fact another table
decides, or pressing enter on a row that reads one, posts ``FollowChain``.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widgets.option_list import Option

from engine.compiler.rulebase import Rulebase
from engine.model import DecisionTable
from engine.runtime.trace import Evaluation, TableResult
from tui import trace_view
from tui.widgets.keytable import KeyOptionList, KeyTable


@dataclass(frozen=True)
class ShownTable:
    """What a table view needs: the model as written and the trace of this evaluation."""

    rulebase: Rulebase
    evaluation: Evaluation
    model: DecisionTable
    result: TableResult

    @classmethod
    def of(cls, rulebase: Rulebase, evaluation: Evaluation, name: str) -> ShownTable:
        result = evaluation.tables[name]
        return cls(rulebase, evaluation, trace_view.table_model(rulebase, result), result)

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


class RowDetail(KeyOptionList):
    """The highlighted row cell by cell; enter on a chained cell opens the table behind it."""

    def show(self, shown: ShownTable, rule: int) -> None:
        model_rule = shown.model.rules[rule - 1]
        links = shown.links(rule)
        lines = trace_view.row_detail(shown.rulebase, shown.evaluation, shown.result, model_rule)
        cells = shown.result.rows[rule - 1].cells
        options: list[Option] = [Option(lines[0], disabled=True)]
        for cell, line in zip(cells, lines[1:1 + len(cells)], strict=True):
            link = links.get(cell.address)
            options.append(Option(line, id=f"{link.table}|{link.fact}" if link else None))
        options.extend(Option(line, disabled=True) for line in lines[1 + len(cells):])
        highlighted = self.highlighted
        self.set_options(options)
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    def on_option_list_option_selected(self, event: KeyOptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            table, fact = event.option_id.split("|", 1)
            self.post_message(FollowChain(table, fact))
        else:
            self.notify("This cell reads a fact from the case, not from another table.", timeout=3)


__all__ = ["DecisionTableView", "FollowChain", "RowDetail", "ShownTable"]
