"""``imr decide --explain``: an item's tables row by row, as text."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine import ItemDetermination


def explanation_lines(item: ItemDetermination, indent: int = 4) -> list[str]:
    """Every row of the item's tables: fired (and chosen), not fired on which cell, undecided on what.

    The deciding table comes first, then the tables it reads from; a table's line is
    indented by ``indent`` spaces (under the item's "why, row by row:" line in ``imr
    decide``'s report), its rows by two more.
    """
    lines: list[str] = []
    pad = " " * indent
    for table in item.explanation or []:
        result = table.violation or ("default" if table.default_used else _value(table.value))
        lines.append(f"{pad}table {table.table} ({table.workbook}, sheet {table.sheet!r}, hit policy "
                     f"{table.hit_policy}): {result}")
        for row in table.rows:
            head = f"{pad}  rule {row.rule:<3} row {row.row:<4}"
            if row.state == "fired":
                lines.append(f"{head} fired" + (", chosen" if row.selected else ""))
            elif row.state == "undecided":
                lines.append(f"{head} undecided: not documented: {', '.join(row.missing)}")
            else:
                lines.append(f"{head} not fired: {row.failing.text if row.failing else '(no cell)'}")
    return lines


def _value(value: object) -> str:
    if value is None:
        return "no value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return str(value)
