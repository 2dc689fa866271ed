"""A row-cursor DataTable and an OptionList whose keys all come from ``tui.keymap`` (j/k included).

Their built-in bindings have no ids, so they are replaced (``inherit_bindings=False``)
by the keymap's ``down``, ``up``, ``select``, ... which a settings file can rebind.

Every cell must be a ``rich.text.Text``: a plain ``str`` would be read as console
markup by DataTable, and case or workbook text must show as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.widgets import DataTable, OptionList
from textual.widgets.data_table import RowKey

from tui.keymap import LIST_KEYS, bindings, shown_binding
from tui.text import literal


class KeyTable(DataTable[Text], inherit_bindings=False):
    """DataTable with a row cursor and the keymap's list keys."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(*LIST_KEYS)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=False)

    def set_rows(self, columns: list[str], rows: list[tuple[str, list[Text]]], keep_cursor: bool = True,
                 relayout: bool = False) -> None:
        """Replace the rows (and the columns when they change, or ``relayout``: new widths); the cursor
        stays on the same row number."""
        row = self.cursor_row if keep_cursor else 0
        if [c.label.plain for c in self.ordered_columns] == columns and not relayout:
            self.clear()  # same columns: they keep their widths (and the table its horizontal layout)
        else:
            self.clear(columns=True)
            for number, label in enumerate(columns):
                self.add_column(literal(label), key=f"c{number}")
            self.call_after_refresh(self.refresh, layout=True)  # new columns: lay out at their measured widths
        for key, cells in rows:
            self.add_row(*cells, key=key, height=None if any("\n" in c.plain for c in cells) else 1)
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1), animate=False)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Measure new rows as DataTable does, then drop every render made before that.

        DataTable (textual 8.2) widens its columns to their cells when idle, but clears
        its render caches only when a new row has an automatic height; a frame painted
        between ``add_row`` and idle (a busy machine) kept showing every cell cut to its
        column label's width until something else repainted the table.
        """
        super()._update_dimensions(new_rows)
        self._clear_caches()
        self.refresh()


class OpenTable(KeyTable, inherit_bindings=False):
    """A KeyTable whose enter shows in the footer as "enter Open" (the same ``select`` id, rebindable)."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings(*(k for k in LIST_KEYS if k != "select")),
                                             shown_binding("select")]


class KeyOptionList(OptionList, inherit_bindings=False):
    """OptionList with the keymap's list keys (the table's action names map onto its own)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(*LIST_KEYS)

    def action_select_cursor(self) -> None:
        self.action_select()

    def action_scroll_home(self) -> None:
        self.action_first()

    def action_scroll_end(self) -> None:
        self.action_last()

    def action_cursor_left(self) -> None:
        self.scroll_left()

    def action_cursor_right(self) -> None:
        self.scroll_right()
