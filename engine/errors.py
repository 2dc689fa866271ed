"""Errors a user can cause, one class per phase.

Every error renders as one line that says *where* (file, sheet and cell, or a case
file and field path), *what was expected* and *what was found*.  Callers (the CLI, the
UI) print ``str(error)`` and never a traceback.  Each class subclasses the builtin it
resembles so that generic handlers still work.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where in the input something is: a workbook cell or a case-file field."""

    file: str
    sheet: str | None = None
    cell: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        if self.field is not None:
            parts.append(f"field {self.field}")
        return ", ".join(parts)


class ImrError(Exception):
    """Base of every error the project raises for bad input."""

    def __init__(
        self,
        message: str,
        *,
        location: Location | None = None,
        expected: str | None = None,
        found: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.location = location
        self.expected = expected
        self.found = found
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        text = _shorten(self.message)
        found = None if self.found is None else _shorten(self.found)
        if self.expected is not None:
            text += f": expected {self.expected}"
            if found is not None:
                text += f", found {found}"
        elif found is not None:
            text += f": found {found}"
        if self.hint:
            text += f" ({self.hint})"
        if self.location is not None:
            text = f"{self.location}: {text}"
        return _single_line(text)

    def __str__(self) -> str:
        return self.one_line()


class WorkbookError(ImrError, ValueError):
    """A workbook cannot be read: bad file, missing sheet, bad cell."""


class CompileError(ImrError, ValueError):
    """Tables that read fine but cannot form a rule base (cycles, clashing editions)."""


class CaseError(ImrError, ValueError):
    """A case file (or facts mapping) is malformed."""


class EvaluationError(ImrError, RuntimeError):
    """A value met at run time that the tables cannot work with."""


# Every character str.splitlines() breaks on, and every other control character (ESC
# starts a terminal escape sequence, BEL rings, BS rubs out what came before), shown
# escaped the way Python writes it in a string: "\n", "\x1b", "\u2028".
_UNPRINTABLE = str.maketrans({
    c: repr(c)[1:-1]
    for c in [*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0)), "\u2028", "\u2029"]
})


# Data quoted in an error (a cell's text, a fact name) is cut to about this many characters:
# a 32,767-character cell must not become a 32 KB line.
QUOTE_LIMIT = 200
_LONG_QUOTE = re.compile(
    rf"'(?:[^'\\]|\\.){{{QUOTE_LIMIT},}}'" + "|" + rf'"(?:[^"\\]|\\.){{{QUOTE_LIMIT},}}"'
)


def _cut(text: str) -> str:
    return f"{text[:QUOTE_LIMIT - 40]}...{text[-20:]}"


def _shorten(text: str) -> str:
    """Cut over-long quoted data to its start and end, saying how long it was."""
    text = _LONG_QUOTE.sub(lambda m: f"{m[0][0]}{_cut(m[0][1:-1])}{m[0][0]} ({len(m[0]) - 2:,} characters)", text)
    if len(text) > 5 * QUOTE_LIMIT:  # long and unquoted
        return f"{_cut(text)} ({len(text):,} characters)"
    return text


def _single_line(text: str) -> str:
    """Escape line breaks and control characters that came from user data (cell text, a case field).

    An error is printed to a terminal: a cell holding ``ESC [2J`` must show as ``\\x1b[2J``,
    not clear the reviewer's screen.
    """
    return text.translate(_UNPRINTABLE)


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt name, phrased as a hint, or None."""
    pool = list(candidates)
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        if name.lower() in lowered:
            close = [lowered[name.lower()]]
    return f"did you mean {close[0]!r}?" if close else None
