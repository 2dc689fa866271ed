"""Fact values in a case file: tri-state, natural YAML, checked where the type is known.

A case file writes a fact as ``yes`` / ``no`` (or ``documented yes`` / ``documented
no``), a number, a text, a date, or ``not documented``.  An omitted fact is not
documented too, so ``not documented`` entries are dropped.  Facts may be written with
dotted names (``request.quantity: 8``) or nested (``request: {quantity: 8}``); both
become dotted names.

The shared facts of ``docs/content.md`` (``request.*``, ``injury.*``, ``surgery.*``)
are type-checked here, when the case is read; every other fact is checked against the
glossary of the loaded tables when the case is decided (``check_against_glossary``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Union

from pydantic import StrictBool, StrictFloat, StrictInt, StrictStr

from engine.cases.field_error import CaseFieldError, shown
from engine.errors import did_you_mean
from engine.model import FactDef, FactType

# The dates a case may hold, in its fields and its facts (docs/limits-cases.md).
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2099, 12, 31)

FactValue = Union[StrictBool, StrictInt, StrictFloat, StrictStr, dt.date, list[Union[StrictBool, StrictInt, StrictFloat, StrictStr, dt.date]]]  # noqa: UP007, E501

NOT_DOCUMENTED = "not documented"
_YES = {"yes", "documented yes", "true"}
_NO = {"no", "documented no", "false"}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?: [A-Za-z0-9_]+)*(?:\.[A-Za-z_][A-Za-z0-9_]*(?: [A-Za-z0-9_]+)*)*$")

# The shared facts (docs/content.md) and what each must be.
NUMBER, BOOLEAN = "number", "boolean"
SHARED_FACTS: dict[str, str | tuple[str, ...]] = {
    "request.kind": ("initial", "extension"),
    "request.quantity": NUMBER,
    "request.per_week": NUMBER,
    "request.weeks": NUMBER,
    "request.quantity_specified": BOOLEAN,
    "request.duplicate": BOOLEAN,
    "request.primary_denied": BOOLEAN,
    "request.prior_sessions": NUMBER,
    "request.ur_approved": NUMBER,
    "request.functional_improvement": BOOLEAN,
    "injury.days_since": NUMBER,
    "surgery.days_since": NUMBER,
}


def _words(value: str) -> str:
    return " ".join(value.lower().split())


def normalize_fact_value(value: Any, file: str, field: str) -> tuple[bool, Any]:
    """(documented, value) for one written fact value."""
    if value is None:
        raise CaseFieldError(file, field, expected="yes, no, a value or 'not documented'", found="an empty value")
    if isinstance(value, Mapping):
        raise CaseFieldError(file, field, expected="a value", found="a mapping")
    if isinstance(value, str):
        words = _words(value)
        if words == NOT_DOCUMENTED:
            return False, None
        if words in _YES:
            return True, True
        if words in _NO:
            return True, False
        if not words:
            raise CaseFieldError(file, field, expected="yes, no, a value or 'not documented'", found="''")
        return True, value.strip()
    if isinstance(value, list):
        items = []
        for i, element in enumerate(value):
            documented, converted = normalize_fact_value(element, file, f"{field}[{i}]")
            if not documented:
                raise CaseFieldError(file, f"{field}[{i}]", expected="a value", found=repr(NOT_DOCUMENTED))
            items.append(converted)
        return True, items
    if isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        if not FIRST_DATE <= day <= LAST_DATE:
            raise CaseFieldError(file, field, expected=f"a date from {FIRST_DATE} to {LAST_DATE}", found=str(day))
        return True, day
    if isinstance(value, bool | int | float):
        return True, value
    raise CaseFieldError(file, field, expected="yes, no, a number, a text or a date", found=shown(value))


def _check_shared(name: str, value: Any, file: str, field: str) -> None:
    kind = SHARED_FACTS.get(name)
    if kind is None:
        return
    if kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CaseFieldError(file, field, expected="a number", found=shown(value))
        if value < 0:
            raise CaseFieldError(file, field, expected="a number of 0 or more", found=shown(value))
    elif kind == BOOLEAN:
        if not isinstance(value, bool):
            raise CaseFieldError(file, field, expected="yes, no or 'not documented'", found=shown(value))
    elif value not in kind:
        raise CaseFieldError(
            file, field, expected="one of " + ", ".join(repr(k) for k in kind), found=shown(value),
            hint=did_you_mean(str(value), kind),
        )


def normalize_fact_mapping(value: Any, path: str, file: str = "facts") -> dict[str, Any]:
    """A written facts mapping -> documented facts by dotted name.

    ``path`` is the field path of the mapping (``items[1].facts``), used in errors.
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise CaseFieldError(file, path, expected="a mapping of fact names to values", found=type(value).__name__)
    flat: dict[str, Any] = {}
    _flatten_into(flat, value, "", path, file)
    return flat


def _flatten_into(flat: dict[str, Any], value: Mapping[Any, Any], prefix: str, path: str, file: str) -> None:
    for key, element in value.items():
        if not isinstance(key, str) or not _NAME.match(key):
            raise CaseFieldError(
                file, f"{path}.{prefix}{key}" if isinstance(key, str) else path,
                expected="a fact name such as request.quantity", found=shown(key),
            )
        name = f"{prefix}{key}"
        field = f"{path}.{name}"
        if isinstance(element, Mapping):
            _flatten_into(flat, element, f"{name}.", path, file)
            continue
        if name in flat:
            raise CaseFieldError(file, field, expected="each fact once", found="it twice")
        documented, converted = normalize_fact_value(element, file, field)
        if documented:
            _check_shared(name, converted, file, field)
            flat[name] = converted


def check_against_glossary(
    facts: Mapping[str, Any], glossary: Mapping[str, FactDef], file: str, path: str
) -> None:
    """Every documented fact is a glossary fact, with a value of its type."""
    for name, value in facts.items():
        field = f"{path}.{name}"
        fact = glossary.get(name)
        if fact is None:
            raise CaseFieldError(
                file, field, "unknown fact", expected="a fact from the tables' glossaries",
                found=repr(name), hint=did_you_mean(name, glossary),
            )
        values = value if fact.is_list and isinstance(value, list) else [value]
        if fact.is_list and not isinstance(value, list):
            raise CaseFieldError(file, field, expected=f"a list of {fact.type}", found=shown(value))
        for element in values:
            problem = _type_problem(element, fact)
            if problem is not None:
                raise CaseFieldError(file, field, expected=problem, found=shown(element),
                                     hint=_allowed_hint(element, fact))


def _type_problem(value: Any, fact: FactDef) -> str | None:
    kind = fact.type
    if kind in (FactType.NUMBER, FactType.INTEGER):
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return "a number"
        if kind is FactType.INTEGER and value != int(value):
            return "a whole number"
    elif kind is FactType.BOOLEAN:
        if not isinstance(value, bool):
            return "yes, no or 'not documented'"
    elif kind is FactType.DATE:
        if not isinstance(value, dt.date):
            if not isinstance(value, str):
                return "a date such as 2015-03-16"
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return "a date such as 2015-03-16"
    elif kind in (FactType.TEXT, FactType.ENUMERATION) and not isinstance(value, str):
        return "a text"
    allowed = fact.allowed_values
    if allowed and kind is not FactType.DATE and value not in allowed:
        return "one of " + ", ".join(repr(a) if isinstance(a, str) else str(a) for a in allowed)
    return None


def _allowed_hint(value: Any, fact: FactDef) -> str | None:
    if not fact.allowed_values or not isinstance(value, str):
        return None
    return did_you_mean(value, [a for a in fact.allowed_values if isinstance(a, str)])
