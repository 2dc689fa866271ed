"""The final determination letter: a view model of a case and its determinations, three renderers.

    case file + determinations (+ reviewer profile, recorded decisions)
        -> letters.source.letter_case -> letters.model.build_letter -> Letter
        -> letters.layout (ordered blocks) -> render_md / render_txt / render_pdf
        -> letters.export (atomic write inside the chosen folder)
"""

from __future__ import annotations

from typing import Literal

from letters.decisions import RecordedDecision, load_decisions
from letters.errors import LetterError
from letters.md import render_md
from letters.model import Letter, build_letter
from letters.pdf import render_pdf
from letters.reviewer import ReviewerProfile, load_reviewer
from letters.txt import render_txt

Format = Literal["md", "txt", "pdf"]
FORMATS: tuple[Format, ...] = ("md", "txt", "pdf")


def render(letter: Letter, fmt: Format) -> bytes:
    """The letter in one format, as the bytes of its file (text is UTF-8)."""
    if fmt == "pdf":
        return render_pdf(letter)
    if fmt == "md":
        return render_md(letter).encode("utf-8")
    if fmt == "txt":
        return render_txt(letter).encode("utf-8")
    raise LetterError("unknown letter format", expected=" or ".join(FORMATS), found=repr(fmt))


__all__ = [
    "FORMATS",
    "Format",
    "Letter",
    "LetterError",
    "RecordedDecision",
    "ReviewerProfile",
    "build_letter",
    "load_decisions",
    "load_reviewer",
    "render",
    "render_md",
    "render_pdf",
    "render_txt",
]
