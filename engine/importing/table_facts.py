"""The loaded tables' facts: a key that names one, and a mapped value checked against one."""

from __future__ import annotations

from typing import Any

from engine.cases.facts import check_against_glossary, normalize_fact_mapping
from engine.cases.field_error import CaseFieldError
from engine.importing.convert import Rule, Unmapped, by_fact_type
from engine.model import FactDef


def named_fact(normal: str, topic: str, glossary: dict[str, FactDef], producers: dict[str, str]) -> tuple[Rule, ...]:
    """A key named as a fact: ``request.duplicate``, or ``red_flag`` under topic imaging."""
    for name in (normal, f"{topic}.{normal}"):
        fact = glossary.get(name)
        if fact is not None and name not in producers:
            return (Rule(name, by_fact_type(fact)),)
    return ()


def fact_value(target: str, value: Any, glossary: dict[str, FactDef], producers: dict[str, str]) -> Any:
    """``value`` as the fact ``target`` is written; ``Unmapped`` when the tables would not take it."""
    if target in producers:
        raise Unmapped("a table works this fact out; it is not stated")
    if target not in glossary:
        raise Unmapped("not a fact of the loaded tables")
    try:
        normalized = normalize_fact_mapping({target: value}, "facts")
        check_against_glossary(normalized, glossary, "", "facts")
    except CaseFieldError as error:
        raise Unmapped(f"expected {error.expected}, found {error.found}" if error.expected
                       else error.one_line()) from None
    if target not in normalized:
        raise Unmapped("says it is not documented")
    return normalized[target]
