"""From an evaluation to a proposed determination per disputed item."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel

from engine.cases.case_file import CaseFile, DisputedItem
from engine.compiler.rulebase import Rulebase
from engine.errors import CaseError, Location, did_you_mean
from engine.runtime.evaluate import evaluate
from engine.runtime.trace import Evaluation, json_value

Outcome = Literal["Upheld", "Overturned", "Undecided"]


class FiredRow(BaseModel):
    table: str
    rule: int
    address: str  # workbook, sheet and row
    citation: str | None
    rationale: str | None


class MissingFactOut(BaseModel):
    name: str
    question: str | None


class ItemDetermination(BaseModel):
    item: str
    outcome: Outcome
    decision_fact: str
    value: Any
    table: str
    edition: str
    citations: list[str]
    fired_rows: list[FiredRow]
    missing_facts: list[MissingFactOut]
    violation: str | None = None


def outcome_of(value: Any) -> Outcome:
    if value in ("Upheld", "Overturned"):
        return value
    if value is True:
        return "Overturned"
    if value is False:
        return "Upheld"
    return "Undecided"


def upstream(rulebase: Rulebase, table: str) -> list[str]:
    """The table and every table it reads from, the table first."""
    chain = [table]
    for name in chain:
        for compiled in rulebase.tables[name]:
            for fact in sorted(compiled.reads):
                producer = rulebase.producers.get(fact)
                if producer is not None and producer not in chain:
                    chain.append(producer)
    return chain


def determine_item(
    rulebase: Rulebase, case: CaseFile, item: DisputedItem, index: int, source: str,
    as_of: dt.date | None = None,
) -> tuple[ItemDetermination, Evaluation]:
    producer = rulebase.producers.get(item.decision)
    if producer is None:
        raise CaseError(
            "no table decides this fact", location=Location(source, field=f"items[{index}].decision"),
            expected="an output fact of a loaded table", found=repr(item.decision),
            hint=did_you_mean(item.decision, rulebase.producers),
        )
    facts = {**case.facts, **item.facts}
    evaluation = evaluate(rulebase, facts, as_of or case.ur_decision_date, source=f"{source}: items[{index}]")
    chain = [t for t in upstream(rulebase, producer) if t in evaluation.tables]
    fired: list[FiredRow] = []
    citations: list[str] = []
    for name in chain:
        result = evaluation.tables[name]
        for number in result.selected:
            row = result.rows[number - 1] if result.rows else None
            rule = rulebase.tables[name][0].table.rules[number - 1]
            fired.append(FiredRow(
                table=name, rule=number, address=f"{result.workbook}, sheet {result.sheet!r}, row {rule.row}",
                citation=rule.citation, rationale=row.rationale if row else rule.rationale,
            ))
            if rule.citation and rule.citation not in citations:
                citations.append(rule.citation)
    decided = evaluation.tables.get(producer)
    value = evaluation.facts.get(item.decision)
    missing_names = decided.missing_facts if decided else []
    return ItemDetermination(
        item=item.item, outcome=outcome_of(value), decision_fact=item.decision, value=json_value(value),
        table=producer, edition=decided.edition if decided else "",
        citations=citations, fired_rows=fired,
        missing_facts=[MissingFactOut(name=n, question=rulebase.facts[n].question) for n in missing_names],
        violation=decided.violation if decided else None,
    ), evaluation
