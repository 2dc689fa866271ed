"""A fact value as a reviewer types it, read against the glossary type of the fact.

``yes`` / ``no`` for a boolean, ``8`` or ``2.5`` for a number, ``2015-03-16`` for a date,
a text or one of the allowed values for a text or enumeration, items separated by commas
for a list, and ``not documented`` for any type.  Python values (``True``, ``8``, a date)
are taken as they are and checked the same way.  A bad value is one line: where (the
case file and the item's fact), what was expected, what was found.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from engine import CaseFieldError, FactDef, FactType, Location, check_against_glossary

# A typed value is read by a case file's own rules (its dates, its digits, the shared facts'
# kinds, how a found value is shown): engine internals, not the door's (tests/test_architecture.py).
from engine.cases.facts import FIRST_DATE, LAST_DATE, NOT_DOCUMENTED, NUMBER, SHARED_FACTS
from engine.cases.field_error import shown
from engine.datafiles import MAX_DIGITS
from review.errors import ReviewError

_YES = {"yes", "documented yes", "true", "y"}
_NO = {"no", "documented no", "false", "n"}
MESSAGE = "edited value"


def parse_fact_value(value: Any, fact: FactDef, file: str, field: str) -> tuple[bool, Any]:
    """(documented, value) for a value typed for ``fact``; ``ReviewError`` if it does not fit."""
    where = Location(file, field=field)
    if value is None:
        return False, None
    if isinstance(value, str) and " ".join(value.lower().split()) == NOT_DOCUMENTED:
        return False, None
    if fact.is_list:
        parts = value.split(",") if isinstance(value, str) else value
        if not isinstance(parts, list | tuple):
            raise ReviewError(MESSAGE, location=where, expected=f"a list of {fact.type}", found=shown(value))
        parsed = [_one(p, fact, where) for p in parts]
    else:
        parsed = _one(value, fact, where)
    try:
        check_against_glossary({fact.name: parsed}, {fact.name: fact}, file, "facts")
    except CaseFieldError as exc:
        raise ReviewError(MESSAGE, location=where, expected=exc.expected, found=exc.found, hint=exc.hint) from None
    if SHARED_FACTS.get(fact.name) == NUMBER and isinstance(parsed, int | float) and parsed < 0:
        raise ReviewError(MESSAGE, location=where, expected="a number of 0 or more", found=shown(parsed))
    return True, parsed


def _one(value: Any, fact: FactDef, where: Location) -> Any:
    if isinstance(value, dt.datetime):
        return value.date() if fact.type is FactType.DATE else value
    if not isinstance(value, str):
        return value
    text = value.strip()
    words = " ".join(text.lower().split())
    if not words:
        raise ReviewError(MESSAGE, location=where, expected="a value or 'not documented'", found="an empty value")
    kind = fact.type
    if kind is FactType.BOOLEAN:
        if words in _YES:
            return True
        if words in _NO:
            return False
        raise ReviewError(MESSAGE, location=where, expected="yes, no or 'not documented'", found=shown(text))
    if kind in (FactType.NUMBER, FactType.INTEGER):
        try:
            number = Decimal(text.replace(",", "") if "," in text and "." not in text else text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            expected = "a whole number" if kind is FactType.INTEGER else "a number"
            raise ReviewError(MESSAGE, location=where, expected=expected, found=shown(text)) from None
        if abs(number) >= 10**MAX_DIGITS:  # as in a case file; before int(): 1e999999 has a million digits
            raise ReviewError(MESSAGE, location=where, expected=f"a number of at most {MAX_DIGITS} digits",
                              found=shown(text))
        return int(number) if number == number.to_integral_value() else float(number)
    if kind is FactType.DATE:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ReviewError(MESSAGE, location=where, expected="a date such as 2015-03-16",
                              found=shown(text)) from None
        if not FIRST_DATE <= day <= LAST_DATE:  # as in a case file
            raise ReviewError(MESSAGE, location=where, expected=f"a date from {FIRST_DATE} to {LAST_DATE}",
                              found=shown(text))
        return day
    if kind in (FactType.TEXT, FactType.ENUMERATION) and fact.allowed_values:
        for allowed in fact.allowed_values:
            if isinstance(allowed, str) and allowed.lower() == text.lower():
                return allowed
    return text


def to_json(value: Any) -> Any:
    """A fact value as stored in the log: dates as ISO text, the rest as JSON has it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


def from_json(value: Any, fact: FactDef | None) -> Any:
    """A stored fact value back to the Python value a case file would hold."""
    if isinstance(value, list):
        return [from_json(v, fact) for v in value]
    if fact is not None and fact.type is FactType.DATE and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def shown_value(documented: bool, value: Any) -> str:
    """A value as the reviewer reads it: yes, no, 8, 2015-03-16, not documented."""
    if not documented or value is None:
        return NOT_DOCUMENTED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(shown_value(True, v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
