"""Text from case files and workbooks, made safe to show: never markup, never a terminal control.

``rich.text.Text`` is never parsed as markup, but it passes control characters through:
an ESC byte in a case file would reach the terminal as the start of an escape
sequence.  ``literal`` shows each control character as its visible Unicode picture
(ESC as ``␛``), keeping newlines and tabs, so the reviewer sees exactly what the file holds.
"""

from __future__ import annotations

from rich.text import Text

_PICTURES = {code: 0x2400 + code for code in range(0x20) if code not in (0x09, 0x0A)}
_PICTURES[0x7F] = 0x2421  # DEL
_PICTURES.update({code: 0xFFFD for code in range(0x80, 0xA0)})  # C1 controls


def clean(text: str) -> str:
    """The text with every control character but newline and tab shown as a picture."""
    return text.translate(_PICTURES)


def literal(text: str, style: str = "") -> Text:
    """Case or workbook text as a ``Text``: shown as written, controls made visible."""
    return Text(clean(text), style=style)


def wrapped(text: Text, width: int) -> Text:
    """The text wrapped to ``width`` columns, as lines (a DataTable cell does not wrap by itself)."""
    if width <= 0 or (text.cell_len <= width and "\n" not in text.plain):
        return text
    from rich.console import Console

    return Text("\n").join(text.wrap(Console(width=width), width))
