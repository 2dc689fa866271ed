"""The facts the deciding tables read, each by its question: value (or "not documented") and its source."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from tui.text import literal, wrapped
from tui.widgets.keytable import KeyTable
from tui.words import fact_words

if TYPE_CHECKING:
    from review import FactView

COLUMNS = ["fact", "value", "source"]


def fact_cells(fact: FactView, width: int = 0) -> list[Text]:
    """The fact by its question (wrapped to ``width``), its value as the reviewer reads it, where it came from."""
    value = literal(fact.shown, style="" if fact.documented else "yellow")
    source = literal(fact.source, style="bold" if fact.edited else "")
    return [wrapped(literal(fact_words(fact.name, fact.question)), width), value, source]


class FactsTable(KeyTable):
    """One row per fact; ``current`` is the fact under the cursor."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.facts: list[FactView] = []
        self.wrap_width = -1  # the question column's width at the last show

    def show(self, facts: list[FactView]) -> None:
        self.facts = list(facts)
        width = max(24, int(self.size.width * 0.45)) if self.size.width else 0
        self.set_rows(COLUMNS, [(f.name, fact_cells(f, width)) for f in self.facts], relayout=width != self.wrap_width)
        self.wrap_width = width

    def on_resize(self) -> None:
        if self.facts and self.size.width and max(24, int(self.size.width * 0.45)) != self.wrap_width:
            self.show(self.facts)

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
