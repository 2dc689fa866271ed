"""Case-file skeletons (``imr case new``) and what a case still needs (``imr case check``).

A skeleton is a case file for one topic that reads as it is: every fact the topic's tables
read (the deciding table and the tables it reads from) is listed under the item as
``not documented``, with the glossary's reviewer question, its type and its absence rule
as YAML comments above it.  Facts the case layer works out from other fields (the
quantity from the request text, days since injury from the dates) are named in a
comment instead.  Filled in, it decides with ``imr decide``.

``case_needs`` decides a case and lists, per item, the facts that would change the
outcome: the ones still open (the item is Undecided until they are answered) and the ones
decided on their absence rule (taken as a value because the records do not document them).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from pydantic import BaseModel

from engine.cases.determination import OUTCOME_SUFFIX, determine_case, topics, upstream
from engine.cases.field_error import CaseFieldError
from engine.cases.model import CaseFile
from engine.compiler.rulebase import Rulebase
from engine.errors import did_you_mean
from engine.model import FactDef

# Facts the case layer works out from a case file's other fields (engine/cases/derive.py).
DERIVED: dict[str, str] = {
    "request.quantity": "the request text, or the item's quantity",
    "request.quantity_specified": "the request text, or the item's quantity",
    "request.per_week": "the request text, or the item's per_week",
    "request.weeks": "the request text, or the item's weeks",
    "request.ur_approved": "ur.approved_quantity",
    "injury.date": "dates.injury",
    "injury.days_since": "dates.injury and dates.ur_decision",
    "surgery.days_since": "dates.surgery and dates.ur_decision",
    "request.primary_denied": "the item's primary",
}


def topic_facts(rulebase: Rulebase, topic: str, source: str = "--topic") -> list[str]:
    """The case facts the tables deciding ``topic`` read, deciding table first, in column order."""
    producer = rulebase.producers.get(topic + OUTCOME_SUFFIX)
    if producer is None:
        raise CaseFieldError(source, None, "no table decides this topic",
                             expected=f"a topic whose {topic}{OUTCOME_SUFFIX} a loaded table writes",
                             found=repr(topic), hint=did_you_mean(topic, topics(rulebase))
                             or "one of " + ", ".join(topics(rulebase)))
    names: list[str] = []
    for table in upstream(rulebase, producer):
        for compiled in rulebase.tables[table]:
            for fact in [c.fact for c in compiled.table.inputs] + sorted(compiled.reads):
                if fact not in rulebase.producers and fact not in names:
                    names.append(fact)
    return names


def _comment(text: str) -> str:
    return " ".join(text.split())


def _fact_lines(fact: FactDef) -> list[str]:
    kind = str(fact.type.value)
    if fact.allowed_values:
        kind += ": " + ", ".join(str(v) for v in fact.allowed_values)
    if fact.unit:
        kind += f" ({fact.unit})"
    lines = [f"      # {_comment(fact.question or fact.description or fact.name)}",
             f"      #   {_comment(kind)}" + (f"; not documented: {_comment(fact.absence.text)}"
                                               if fact.absence is not None else "")]
    return [*lines, f"      {fact.name}: not documented"]


def _example_date(rulebase: Rulebase, topic: str, today: dt.date) -> tuple[dt.date, str]:
    """Today, or the last day the topic's guideline edition is in effect when it has ended.

    The 2004 ACOEM and 2009 CPMTG tables end on 2017-11-30: a skeleton dated today would
    decide nothing, so its example date is the last day the tables decide the topic.
    """
    producer = rulebase.producers[topic + OUTCOME_SUFFIX]
    ids = {compiled.table.guideline_id for compiled in rulebase.tables[producer]}
    guides = [wb.guideline for wb in rulebase.workbooks if wb.guideline.id in ids]
    if any(g.in_effect(today) for g in guides):
        return today, ""
    ends = [g.effective_to for g in guides if g.effective_to is not None and g.effective_to < today]
    if not ends:
        return today, ""
    return max(ends), " (the last day the tables' edition of this guideline is in effect)"


def skeleton(rulebase: Rulebase, topic: str, today: dt.date | None = None) -> str:
    """The YAML text of a case file for one item of ``topic``; it loads and decides as written."""
    names = topic_facts(rulebase, topic)
    day, day_note = _example_date(rulebase, topic, today or dt.date.today())
    derived = [n for n in names if n in DERIVED]
    lines = [
        f"# A case file for one disputed item of topic {topic} (imr case new; docs/cases.md is the format).",
        "# Replace the example values; a fact the records do not give stays 'not documented'.",
        "# Then: imr case check FILE (what the tables still need), imr decide FILE.",
        "case: CM00-0000000                # the IMR case number",
        "priority: standard                # or expedited",
        "dates:",
        f"  injury: {(day - dt.timedelta(days=365)).isoformat()}             # date of injury",
        f"  ur_decision: {day.isoformat()}        # the UR denial: the editions in effect then apply{day_note}",
        "claimant:",
        "  age: 40",
        "  sex: female                     # female or male",
        "diagnoses:",
        "  - the diagnosis as the records give it",
        "clinical_summary: >-",
        "  The clinical case summary in the reviewer's words: history, treatment to date,",
        "  the findings of the latest visit, and what was requested.",
        "items:",
        f"  - request: {json.dumps('the request as written')}   # e.g. \"2 visits a week for 4 weeks\"",
        f"    topic: {topic}",
        "    ur:",
        "      decision: denied              # or modified (then approved_quantity: N)",
        "    facts:",
    ]
    if derived:
        lines.append("      # worked out from the case file, not written here:")
        lines += [f"      #   {n}: from {DERIVED[n]}" for n in derived]
    for name in names:
        if name in DERIVED:
            continue
        lines += _fact_lines(rulebase.facts[name])
    if not [n for n in names if n not in DERIVED]:
        lines[-1] = "    facts: {}"
    return "\n".join(lines) + "\n"


class NeededFact(BaseModel):
    fact: str
    question: str | None
    open: bool  # True: the item stays Undecided until it is answered; False: decided on its absence rule
    taken_as: object = None


class ItemNeeds(BaseModel):
    item: int  # 0-based, as items[0] in messages
    request: str
    topic: str
    outcome: str
    error: str | None = None
    needs: list[NeededFact]


@dataclass(frozen=True)
class CaseNeeds:
    case: str
    items: list[ItemNeeds]

    @property
    def open_count(self) -> int:
        return sum(n.open for item in self.items for n in item.needs)


def case_needs(rulebase: Rulebase, case: CaseFile, source: str) -> CaseNeeds:
    """Per item: the facts that would change its outcome, open ones first, each with its question."""
    decided = determine_case(rulebase, case, source)
    items = [
        ItemNeeds(item=i, request=d.item, topic=d.topic, outcome=d.outcome, error=d.error, needs=[
            NeededFact(fact=m.name, question=m.question, open=not m.assumed, taken_as=m.taken_as)
            for m in d.missing_facts])
        for i, d in enumerate(decided.items)
    ]
    return CaseNeeds(case=decided.case, items=items)
