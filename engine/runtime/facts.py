"""Case facts as the engine takes them: flat, typed, checked against the glossary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from engine.errors import CaseError, Location, did_you_mean
from engine.feel import values as feel_values
from engine.model import FactDef, FactType


def flatten(facts: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"claimant": {"age": 37}}`` -> ``{"claimant.age": 37}``."""
    flat: dict[str, Any] = {}
    for key, value in facts.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


# Values that are already FEEL values of any fact type that accepts them.
_AS_IS = frozenset({bool, Decimal})
_TEXT_KINDS = frozenset({FactType.TEXT, FactType.ENUMERATION, FactType.ANY})


def to_feel(value: Any, fact: FactDef | None, where: str) -> Any:
    """A Python value (from code, JSON or YAML) as a FEEL value of the fact's type."""
    if value is None or type(value) in _AS_IS:
        return value
    if type(value) is str and (fact is None or fact.type in _TEXT_KINDS):
        return value
    if type(value) is int:
        return Decimal(value)
    if isinstance(value, list | tuple):
        return [to_feel(v, fact, where) for v in value]
    kind = fact.type if fact is not None else None
    try:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float):
            return feel_values.from_python(value)
        if isinstance(value, str) and kind is not None:
            if kind is FactType.DATE:
                return dt.date.fromisoformat(value)
            if kind is FactType.DATE_TIME:
                return dt.datetime.fromisoformat(value)
            if kind in (FactType.DAYS_DURATION, FactType.MONTHS_DURATION):
                return feel_values.parse_duration(value)
            if kind in (FactType.NUMBER, FactType.INTEGER):
                return Decimal(value)
        if isinstance(value, dt.datetime) and kind is FactType.DATE:
            return value.date()
    except (ValueError, ArithmeticError):
        raise CaseError(
            f"bad value for fact {fact.name if fact else where!r}", location=Location(where),
            expected=f"a {kind}", found=repr(value),
        ) from None
    return value


def normalize_facts(
    facts: Mapping[str, Any], glossary: Mapping[str, FactDef], source: str = "facts"
) -> dict[str, Any]:
    """Flatten, convert and check names; raises CaseError naming the bad field."""
    flat = flatten(facts) if any(isinstance(v, Mapping) for v in facts.values()) else facts
    env: dict[str, Any] = {}
    for name, value in flat.items():
        fact = glossary.get(name)
        if fact is None:
            raise CaseError(
                "unknown fact", location=Location(source, field=name),
                expected="a fact from the tables' glossaries", found=repr(name),
                hint=did_you_mean(name, glossary),
            )
        env[name] = to_feel(value, fact, f"{source}: {name}")
    return env
