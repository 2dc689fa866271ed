"""The letter as Markdown (CommonMark): headings, bold labels, lists.

Every string from the letter is escaped, so a case file's ``*``, ``_``, ``<tag>``,
``[link](x)`` or ``# heading`` shows as those characters and never as formatting or HTML.
"""

from __future__ import annotations

import re

from letters.layout import Block, Bullets, Fields, Heading, ItemLine, Notice, Paragraph, Title, layout, plain
from letters.model import Letter

# Characters with a meaning anywhere in a CommonMark line (with GFM tables and strikethrough).
_INLINE = re.compile(r"([\\`*_\[\]<>#|~&!])")
# What only means something at the start of a line: list markers, setext underlines, numbered lists.
_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")


def escape(text: str) -> str:
    """Plain text as Markdown that renders as exactly that text."""
    text = _INLINE.sub(r"\\\1", plain(text))
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def _block(block: Block) -> str:
    match block:
        case Title(text):
            return f"# {escape(text)}"
        case Notice(text):
            return f"> **{escape(text)}**"
        case Fields(fields):
            # a backslash at the end of a line is a hard line break
            return "\\\n".join(f"**{escape(f.label)}:** {escape(f.value)}" for f in fields)
        case Heading(text):
            return f"## {escape(text)}"
        case ItemLine(requested, outcome):
            return f"### {escape(requested)}: {escape(outcome)}"
        case Paragraph(text, label):
            return f"**{escape(label)}** {escape(text)}" if label else escape(text)
        case Bullets(items):
            return "\n".join(f"- {escape(item)}" for item in items)
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover


def render_md(letter: Letter) -> str:
    """The whole letter as one Markdown document ending with a newline."""
    return "\n\n".join(_block(block) for block in layout(letter)) + "\n"
