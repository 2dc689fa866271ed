"""Safe, unique Excel sheet names derived from table names.

Excel limits a sheet name to 31 characters, forbids ``[ ] : * ? / \\``, forbids a
leading or trailing apostrophe and compares names case-insensitively.  A decision
table's real name lives in cell B1, so its sheet name only has to be legal, unique and
recognisable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_LENGTH = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def safe_sheet_name(name: str) -> str:
    """``name`` made legal as a sheet name (not yet unique): forbidden characters become
    spaces, white space is collapsed, apostrophes are trimmed from the ends, and the result
    is cut to 31 characters."""
    text = " ".join(_FORBIDDEN.sub(" ", name).split()).strip("'").strip()
    text = text[:MAX_LENGTH].rstrip().rstrip("'").rstrip()
    return text or "Table"


class SheetNamer:
    """Hands out sheet names that differ (case-insensitively) from each other and from
    the reserved names such as ``Facts``."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self._taken = {name.casefold() for name in reserved}

    def name_for(self, table_name: str) -> str:
        base = safe_sheet_name(table_name)
        candidate, counter = base, 1
        while candidate.casefold() in self._taken:
            counter += 1
            suffix = f" ({counter})"
            candidate = base[: MAX_LENGTH - len(suffix)].rstrip() + suffix
        self._taken.add(candidate.casefold())
        return candidate
