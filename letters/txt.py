"""The letter as plain text: wrapped paragraphs, headings in capitals, no markup at all."""

from __future__ import annotations

import textwrap

from letters.layout import Block, Bullets, Fields, Heading, ItemLine, Notice, Paragraph, Title, layout, plain
from letters.model import Letter

WIDTH = 88


def _wrap(text: str, indent: str = "", hanging: str = "") -> str:
    return textwrap.fill(text, width=WIDTH, initial_indent=indent, subsequent_indent=hanging or indent,
                         break_long_words=False, break_on_hyphens=False)


def _block(block: Block) -> str:
    match block:
        case Title(text):
            text = plain(text)
            return f"{text}\n{'=' * len(text)}"
        case Notice(text):
            return _wrap(plain(text), indent="*** ", hanging="    ") + " ***"
        case Fields(fields):
            return "\n".join(_wrap(f"{plain(f.label)}: {plain(f.value)}", hanging="    ") for f in fields)
        case Heading(text):
            return plain(text).upper()
        case ItemLine(requested, outcome):
            return _wrap(f"{plain(requested)}: {plain(outcome)}")
        case Paragraph(text, label):
            return _wrap(f"{plain(label)} {plain(text)}" if label else plain(text))
        case Bullets(items):
            return "\n".join(_wrap(plain(item), indent="  - ", hanging="    ") for item in items)
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover


def render_txt(letter: Letter) -> str:
    """The whole letter, blocks separated by a blank line, ending with a newline."""
    return "\n\n".join(_block(block) for block in layout(letter)) + "\n"
