"""What one item is decided on: the tables its outcome depends on, and the case with the reviewer's edits.

Only the deciding table and the tables it reads from can change an item's outcome, its
fired rows or its missing facts, so the session evaluates an item on a rule base cut down
to those tables (the same rule network and lock): the same determination as ``imr decide``
gives, in a fraction of the time (the figures are in ``docs/review-store.md``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from engine import OUTCOME_SUFFIX, CaseFile, Evaluation, FactDef, Rulebase, upstream
from review.fact_input import from_json


def scoped_rulebase(rulebase: Rulebase, topic: str) -> Rulebase:
    """The rule base cut down to the tables ``<topic>.outcome`` depends on; the whole one for an unknown topic."""
    producer = rulebase.producers.get(topic + OUTCOME_SUFFIX)
    if producer is None:  # determine_item reports the unknown topic
        return rulebase
    chain = set(upstream(rulebase, producer))
    return dataclasses.replace(
        rulebase, tables={name: group for name, group in rulebase.tables.items() if name in chain},
        order=[name for name in rulebase.order if name in chain],
    )


def case_with_edits(
    case: CaseFile, index: int, edits: Mapping[str, Mapping[str, Any]], glossary: Mapping[str, FactDef],
) -> CaseFile:
    """The case as item ``index`` is decided on: edited facts in, facts edited to not documented out.

    ``edits`` maps a fact name to its value as the log stores it (``{"documented", "value"}``).
    An edit of a fact the glossary no longer has is left out (the session warns of it).
    """
    if not edits:
        return case
    item = case.items[index]
    item_facts, case_facts = dict(item.facts), dict(case.facts)
    for name, value in edits.items():
        if name not in glossary:
            continue
        if value.get("documented"):
            item_facts[name] = from_json(value.get("value"), glossary[name])
        else:
            item_facts.pop(name, None)
            case_facts.pop(name, None)
    items = list(case.items)
    items[index] = item.model_copy(update={"facts": item_facts})
    return case.model_copy(update={"items": items, "facts": case_facts})


def facts_read(rulebase: Rulebase, table: str | None, evaluation: Evaluation) -> list[str]:
    """The case facts ``table`` and the tables it reads from use (not facts tables write), in column order;
    none when no table decides."""
    names: list[str] = []
    if table is None:
        return names
    for name in upstream(rulebase, table):
        result = evaluation.tables.get(name)
        if result is None:
            continue
        compiled = next(c for c in rulebase.tables[name] if c.table.edition == result.edition)
        for fact in [c.fact for c in compiled.table.inputs] + sorted(compiled.reads):
            if fact not in rulebase.producers and fact not in names:
                names.append(fact)
    return names
