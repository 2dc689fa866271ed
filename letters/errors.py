"""The one error class of the letter package, and pydantic errors as field paths."""

from __future__ import annotations

from pydantic import ValidationError

from engine import ImrError, Location


class LetterError(ImrError, ValueError):
    """A letter cannot be built or written: bad reviewer profile, decisions file or output path."""


def field_path(loc: tuple[int | str, ...]) -> str:
    """``("licensure", 0)`` -> ``licensure[0]``; a leading index reads ``[0].outcome``."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def from_validation(error: ValidationError, file: str) -> LetterError:
    """The first pydantic error as one line that names the file and the field."""
    first = error.errors()[0]
    where = field_path(first["loc"])
    found = None if first["type"] == "missing" else repr(first.get("input"))[:80]
    return LetterError(first["msg"], location=Location(file, field=where or None), found=found)
