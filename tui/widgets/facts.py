"""The facts the deciding tables read: value, documented or not, and where the value came from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from tui.text import literal
from tui.widgets.keytable import KeyTable

if TYPE_CHECKING:
    from review.model import FactView

COLUMNS = ["fact", "value", "documented", "source"]


def fact_cells(fact: FactView) -> list[Text]:
    documented = literal("documented" if fact.documented else "not documented",
                      style="" if fact.documented else "yellow")
    value = literal(fact.shown)
    source = literal(fact.source, style="bold" if fact.edited else "")
    return [literal(fact.name), value, documented, source]


class FactsTable(KeyTable):
    """One row per fact; ``current`` is the fact under the cursor."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.facts: list[FactView] = []

    def show(self, facts: list[FactView]) -> None:
        self.facts = list(facts)
        self.set_rows(COLUMNS, [(f.name, fact_cells(f)) for f in self.facts])

    @property
    def current(self) -> FactView | None:
        if not self.facts or not self.row_count:
            return None
        return self.facts[min(self.cursor_row, len(self.facts) - 1)]

    def select_fact(self, name: str) -> None:
        for number, fact in enumerate(self.facts):
            if fact.name == name:
                self.move_cursor(row=number, animate=False)
                return
