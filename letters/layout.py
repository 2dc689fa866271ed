"""The letter as an ordered list of blocks, the one order every renderer follows.

``layout(letter)`` says *what* comes where (title, header fields, section headings,
labelled paragraphs, the item lines, lists); the Markdown, text and PDF renderers only
say how each kind of block looks.  Every string in a block is plain text: renderers
escape it for their format and never interpret it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from letters.model import (
    CREDENTIALS_INTRO,
    ISSUES_HEADING,
    ISSUES_INTRO,
    METHOD_HEADING,
    NO_SUMMARY,
    SUMMARY_HEADING,
    SUMMARY_INTRO,
    TITLE,
    HeaderField,
    Letter,
    LetterItem,
)


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Notice:
    """A warning that stands out: the letter is not final."""

    text: str


@dataclass(frozen=True)
class Fields:
    """Label: value lines (the header, the credentials)."""

    fields: tuple[HeaderField, ...]


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class ItemLine:
    """``<item as requested>: <outcome>``, the line that opens each disputed item."""

    requested: str
    outcome: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    label: str | None = None  # "Decision rationale:" and the like, shown before the text


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


Block = Title | Notice | Fields | Heading | ItemLine | Paragraph | Bullets

_SPACE = re.compile(r"\s+")


def plain(text: str) -> str:
    """One line of text: runs of white space become one space, other control characters go.

    Renderers call it on every string (a case file's text included), so nothing in a
    case can start a new line, indent a block or send a terminal escape sequence.
    """
    text = _SPACE.sub(" ", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc").strip()


def _item_blocks(item: LetterItem, guideline_label: str) -> list[Block]:
    blocks: list[Block] = [
        ItemLine(item.requested, item.outcome_label),
        Paragraph(item.administrator_guideline, label="Claims Administrator guideline:"),
        Paragraph(item.reviewer_guideline, label=f"{guideline_label}:"),
        Paragraph(" ".join([*item.rationale, *([item.conclusion] if item.conclusion else [])]),
                  label="Decision rationale:"),
    ]
    if item.questions:
        blocks.append(Paragraph("Questions the records must answer:"))
        blocks.append(Bullets(tuple(item.questions)))
    return blocks


def layout(letter: Letter) -> list[Block]:
    """Every block of the letter, in reading order."""
    blocks: list[Block] = [Title(TITLE if letter.final else f"{TITLE} (not final)")]
    if letter.notice:
        blocks.append(Notice(letter.notice))
    blocks.append(Fields(tuple(letter.header)))
    blocks += [
        Heading(METHOD_HEADING),
        Paragraph(letter.method),
        Paragraph(CREDENTIALS_INTRO),
        Fields((HeaderField(label="State(s) of Licensure", value=letter.licensure),
                HeaderField(label="Certification(s)/Specialty", value=letter.certifications))),
        Heading(SUMMARY_HEADING),
        Paragraph(SUMMARY_INTRO),
        *[Paragraph(text) for text in (letter.summary or [NO_SUMMARY])],
        Heading(ISSUES_HEADING),
        Paragraph(ISSUES_INTRO),
    ]
    for item in letter.items:
        blocks += _item_blocks(item, letter.guideline_label)
    if letter.proposed_count:
        blocks.append(Paragraph(
            "Outcomes marked (proposed) were proposed by the guideline decision tables and have "
            "not yet been recorded by the reviewer."))
    return blocks
