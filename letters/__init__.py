"""The final determination letter: a view model of a case and its determinations, three renderers.

    case file + determinations (+ reviewer profile, recorded decisions)
        -> letters.source.letter_case -> letters.model.build_letter -> Letter
        -> letters.layout (ordered blocks) -> render_md / render_txt / render_pdf
        -> letters.export (atomic write inside the chosen folder)

This module is the door for ``tui`` and ``imr``.  Its names load on first use (``_EXPORTS``
maps each to its module, or to ``module:name`` where the door names it more plainly), so
that reading a decisions file or a reviewer profile does not load the PDF renderer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Literal

Format = Literal["md", "txt", "pdf"]
FORMATS: tuple[Format, ...] = ("md", "txt", "pdf")

_EXPORTS = {
    "LetterError": "letters.errors",
    # the letter and its renderers
    "Letter": "letters.model",
    "build_letter": "letters.model",
    "render_md": "letters.md",
    "render_pdf": "letters.pdf",
    "render_txt": "letters.txt",
    "export_letter": "letters.export:export",
    # the reviewer and the decisions a letter is written from
    "ReviewerProfile": "letters.reviewer",
    "load_reviewer": "letters.reviewer",
    "choose_profile": "letters.profiles",
    "RecordedDecision": "letters.decisions",
    "load_decisions": "letters.decisions",
    "review_letter": "letters.review_log",
    "LogStore": "letters.review_log",
    "export_state": "letters.review_log",
    "load_decisions_file": "letters.review_log",
    "log_entries": "letters.review_log",
}

if TYPE_CHECKING:
    from letters.decisions import RecordedDecision, load_decisions
    from letters.errors import LetterError
    from letters.export import export as export_letter
    from letters.md import render_md
    from letters.model import Letter, build_letter
    from letters.pdf import render_pdf
    from letters.profiles import choose_profile
    from letters.review_log import LogStore, export_state, load_decisions_file, log_entries, review_letter
    from letters.reviewer import ReviewerProfile, load_reviewer
    from letters.txt import render_txt


def render(letter: Letter, fmt: Format) -> bytes:
    """The letter in one format, as the bytes of its file (text is UTF-8)."""
    if fmt == "pdf":
        from letters.pdf import render_pdf

        return render_pdf(letter)
    if fmt == "md":
        from letters.md import render_md

        return render_md(letter).encode("utf-8")
    if fmt == "txt":
        from letters.txt import render_txt

        return render_txt(letter).encode("utf-8")
    from letters.errors import LetterError

    raise LetterError("unknown letter format", expected=" or ".join(FORMATS), found=repr(fmt))


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'letters' has no attribute {name!r}")
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute or name)


__all__ = [
    "FORMATS",
    "Format",
    "Letter",
    "LetterError",
    "LogStore",
    "RecordedDecision",
    "ReviewerProfile",
    "build_letter",
    "choose_profile",
    "export_letter",
    "export_state",
    "load_decisions",
    "load_decisions_file",
    "load_reviewer",
    "log_entries",
    "render",
    "render_md",
    "render_pdf",
    "render_txt",
    "review_letter",
]
