"""Turning what Excel stored in a cell into S-FEEL text or a FEEL value.

Authors type ``6`` and Excel stores a number; they type ``lumbar`` in a text column
and mean the string; they type a date and Excel stores a datetime.  These functions
read such cells the way the author meant them, using the fact's declared type.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from engine.errors import WorkbookError
from engine.feel import FeelSyntaxError, parse_literal, parse_literal_list
from engine.feel.values import to_feel_literal
from engine.model import FactDef, FactType
from engine.reader.sheets import Grid

TEXTUAL = (FactType.TEXT, FactType.ENUMERATION)
_BARE_WORDS = re.compile(r"^[A-Za-z][\w\-/' ]*$")


def number_text(value: int | float | Decimal) -> str:
    """Excel numbers as the author typed them: ``6.0`` -> ``6``, ``0.1`` -> ``0.1``.

    Raises FeelSyntaxError for infinity and NaN (a file may store ``1E999``).
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    number = Decimal(repr(value)) if isinstance(value, float) else value
    if not number.is_finite():
        raise FeelSyntaxError(str(value), 1, "a finite number", repr(str(value)))
    if number == number.to_integral_value():
        return format(number.to_integral_value(), "f")  # 1E+28 in full, as Excel shows it
    return format(number.normalize(), "f")


def is_textual(fact: FactDef | None) -> bool:
    return fact is not None and fact.type in TEXTUAL


def excel_to_feel_text(value: Any, fact: FactDef | None) -> str:
    """A rule cell as S-FEEL text, given the fact its column reads or writes."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        text = number_text(value)
        return f'"{text}"' if is_textual(fact) else text
    if isinstance(value, dt.datetime):
        wants_date = fact is None or fact.type != FactType.DATE_TIME
        if wants_date and value.time() == dt.time(0, 0):
            return to_feel_literal(value.date())
        return to_feel_literal(value)
    if isinstance(value, dt.date | dt.time):
        return to_feel_literal(value)
    if isinstance(value, dt.timedelta):
        return f'duration("P{value.days}D")' if not value.seconds else to_feel_literal(value)
    return str(value).strip()


def cell_feel_text(grid: Grid, row: int, col: int, fact: FactDef | None) -> str:
    """``excel_to_feel_text`` of a grid cell; a number no cell can mean is an error there."""
    try:
        return excel_to_feel_text(grid.value(row, col), fact)
    except FeelSyntaxError as exc:
        raise WorkbookError(
            "cannot read the cell", location=grid.location(row, col), expected=exc.expected, found=exc.found
        ) from None


def quote_bare_words(text: str) -> str | None:
    """``lumbar, cervical`` -> ``"lumbar","cervical"`` when every part is bare words.

    Used only for text and enumeration columns, when the cell did not parse as tests
    on known names: the author wrote the values without quotes.  Whitespace inside a
    value is read as one space (a tab typed between two words, as between the parts of
    a FEEL name), so the value prints back as it reads.
    """
    negated = text.startswith("not(") and text.endswith(")")
    inner = text[4:-1] if negated else text
    parts = [" ".join(p.split()) for p in inner.split(",")]  # any run of whitespace is one space
    if not parts or not all(_BARE_WORDS.match(p) for p in parts):
        return None
    if any(p in ("true", "false", "null") for p in parts):
        return None
    quoted = ",".join('"' + p + '"' for p in parts)
    return f"not({quoted})" if negated else quoted


def excel_to_value(value: Any, fact: FactDef | None, *, as_list: bool = False) -> Any:
    """A test-data cell (Tests sheet) as a FEEL value of the fact's type.

    Raises FeelSyntaxError for text that is not a literal.
    """
    many = as_list or (fact is not None and fact.is_list)
    if isinstance(value, str):
        text = value.strip()
        if is_textual(fact) and text and not text.startswith('"') and text != "null":
            if many:
                return [p.strip() for p in text.split(",")]
            return text
        if many:
            return parse_literal_list(text)
        return parse_literal(text)
    if isinstance(value, bool):
        return [value] if many else value
    if isinstance(value, int | float | Decimal):
        text = number_text(value)
        result: Any = text if is_textual(fact) else Decimal(text)
        return [result] if many else result
    if isinstance(value, dt.datetime):
        if fact is not None and fact.type == FactType.DATE_TIME:
            return value
        return value.date() if value.time() == dt.time(0, 0) else value
    return value


def excel_to_date(value: Any) -> dt.date | None:
    """A date cell or ISO text (``2015-03-16``); None when it is neither."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("date(") and text.endswith(")"):
            text = text[5:-1].strip().strip('"')
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    return None
