"""From a case to a proposed determination per disputed item.

Each item is evaluated on its own facts (``derive.item_facts``) as of the case's UR
decision date.  Its topic names the decision fact ``<topic>.outcome``; the outcome is
that fact's value once every table has run: Upheld, Overturned, or Undecided when the
documentation does not settle it (the missing facts then carry the reviewer's question).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel

from engine.cases.derive import ItemFacts, Quantities, item_facts
from engine.cases.explanation import TableOut, explain_tables
from engine.cases.facts import check_against_glossary
from engine.cases.families import families_or_other
from engine.cases.field_error import CaseFieldError
from engine.cases.model import CaseFile
from engine.compiler.rulebase import Rulebase
from engine.errors import did_you_mean
from engine.feel.values import to_feel_literal
from engine.model import FactDef
from engine.runtime.evaluate import evaluate
from engine.runtime.trace import CellCheck, Evaluation, json_value

Outcome = Literal["Upheld", "Overturned", "Undecided"]
OUTCOME_SUFFIX = ".outcome"


class AbsentFact(BaseModel):
    """A fact the records do not document that a row was decided on, by its absence rule."""

    name: str
    taken_as: Any  # the value its absence is taken as
    note: str  # "The records do not document that ...", for the rationale and the letter


class FiredRow(BaseModel):
    table: str
    rule: int
    address: str  # workbook, sheet and row
    citation: str | None
    rationale: str | None
    absent_facts: list[AbsentFact] = []  # cells this row passed on a fact taken from its absence
    families: list[str] = []  # guideline families its citation names: cpmtg, acoem, acupuncture, ..., other


class MissingFactOut(BaseModel):
    name: str
    question: str | None
    taken_as: Any = None  # for a fact decided on its absence rule: the value it was taken as
    assumed: bool = False  # decided on its absence rule (listed after the facts that stay open)


class FollowedPrimary(BaseModel):
    """The primary procedure an ancillary item serves, and how the item's determination follows it."""

    procedure: str  # the primary procedure as the case names it
    item: int | None  # the disputed item of this case that is the primary, from 1 (None: named only)
    outcome: Outcome  # the primary's determination: Upheld (not necessary), Overturned, or Undecided
    note: str  # one sentence for the reviewer and the letter: how this item follows it


class ItemDetermination(BaseModel):
    item: str  # the request as written
    topic: str
    outcome: Outcome
    decision_fact: str
    value: Any
    table: str | None  # None when no loaded table decides the topic (see error)
    edition: str | None
    citations: list[str]
    fired_rows: list[FiredRow]
    missing_facts: list[MissingFactOut]
    violation: str | None = None
    quantities: Quantities
    derived_facts: dict[str, Any]  # the facts the case layer worked out (numbers, yes/no)
    warnings: list[str]
    error: str | None = None  # why the item could not be decided (no table decides its topic), one line
    follows: FollowedPrimary | None = None  # the primary procedure this item serves, when it serves one
    explanation: list[TableOut] | None = None  # asked for (``explain=True``): every row of the tables that decided it


class CaseDetermination(BaseModel):
    case: str
    file: str
    as_of: dt.date
    as_of_basis: str = "UR decision"  # which date as_of is: "--as-of", "UR decision", "IMR application", ..., "today"
    editions: dict[str, str]  # guideline id -> edition used
    items: list[ItemDetermination]


def outcome_of(value: Any) -> Outcome:
    if value in ("Upheld", "Overturned"):
        return value
    if value is True:
        return "Overturned"
    if value is False:
        return "Upheld"
    return "Undecided"


def topics(rulebase: Rulebase) -> list[str]:
    """The topics the loaded tables decide: every ``<topic>.outcome`` some table writes."""
    return sorted(f.removesuffix(OUTCOME_SUFFIX) for f in rulebase.producers if f.endswith(OUTCOME_SUFFIX))


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


def determine_case(
    rulebase: Rulebase, case: CaseFile, source: str, as_of: dt.date | None = None, *, explain: bool = False
) -> CaseDetermination:
    """Every item of the case, as of ``as_of`` (default: the UR decision date).

    ``explain``: give each decided item its ``explanation`` (every row of its table and of
    the tables it reads from, fired or not and why).

    An item whose topic no loaded table decides comes out Undecided with its ``error`` (the
    one-line message, with its did-you-mean), and the other items are still decided; every
    other error of an item is raised, as ``determine_item`` raises it.
    """
    when = as_of or case.as_of
    check_against_glossary(case.facts, rulebase.facts, source, "facts")
    decided: dict[int, ItemDetermination] = {}
    for i in decision_order(case):
        error = topic_error(rulebase, case, i, source) or edition_error(rulebase, case, i, source, when)
        primary = primary_outcome(case, i, decided)
        decided[i] = (_undecided(rulebase, case, i, source, error, primary) if error is not None
                      else determine_item(rulebase, case, i, source, when, primary_outcome=primary,
                                          explain=explain)[0])
    items = [decided[i] for i in range(len(case.items))]
    return CaseDetermination(
        case=case.case, file=source, as_of=when, as_of_basis="--as-of" if as_of else case.as_of_basis,
        editions={g: guide.edition for g, guide in rulebase.editions(when).items()}, items=items,
    )


def decision_order(case: CaseFile) -> list[int]:
    """Item indexes with each primary procedure before the items that serve it."""
    linked = [i for i, item in enumerate(case.items) if item.primary is not None and item.primary.item is not None]
    return [i for i in range(len(case.items)) if i not in linked] + linked


def primary_outcome(case: CaseFile, index: int, decided: Mapping[int, ItemDetermination]) -> Outcome | None:
    """The determination of the item this item serves, when its primary is an item of the case."""
    primary = case.items[index].primary
    if primary is None or primary.item is None:
        return None
    found = decided.get(primary.item - 1)
    return found.outcome if found is not None else "Undecided"


def determine_item(
    rulebase: Rulebase, case: CaseFile, index: int, source: str, as_of: dt.date | None = None,
    primary_outcome: Outcome | None = None, *, explain: bool = False,
) -> tuple[ItemDetermination, Evaluation]:
    """Decide one item; ``primary_outcome`` is the determination of the item it serves, if any.

    An ancillary item follows its primary: Upheld there makes ``request.primary_denied`` yes
    here, Overturned makes it no, Undecided leaves it open (with a warning).
    """
    item = case.items[index]
    decision = item.topic + OUTCOME_SUFFIX
    error = topic_error(rulebase, case, index, source)
    if error is not None:
        raise error
    producer = rulebase.producers[decision]
    check_against_glossary(item.facts, rulebase.facts, source, f"items[{index}].facts")
    denied = {"Upheld": True, "Overturned": False}.get(primary_outcome or "")
    prepared = item_facts(case, index, source, known=rulebase.facts, primary_denied=denied)
    evaluation = evaluate(rulebase, prepared.facts, as_of or case.as_of, source=f"{source}: items[{index}]",
                          only=frozenset(upstream(rulebase, producer)))
    decided = evaluation.tables.get(producer)
    if decided is None:
        raise CaseFieldError(
            source, f"items[{index}].topic", f"no edition of table {producer!r} is in effect",
            expected=f"a guideline edition in effect on {(as_of or case.as_of).isoformat()}",
            found=repr(item.topic),
        )
    fired, citations = _fired(rulebase, evaluation, producer)
    value = evaluation.facts.get(decision)
    return ItemDetermination(
        item=item.request, topic=item.topic, outcome=outcome_of(value), decision_fact=decision,
        value=json_value(value), table=producer, edition=decided.edition,
        citations=citations, fired_rows=fired,
        missing_facts=_missing(rulebase, decided.missing_facts, evaluation.assumed),
        violation=decided.violation, quantities=prepared.quantities,
        derived_facts=dict(prepared.derived),
        warnings=_warnings(rulebase, producer, prepared), follows=followed_primary(case, index, primary_outcome),
        explanation=explain_tables(evaluation, upstream(rulebase, producer)) if explain else None,
    ), evaluation


QUANTITY_FACTS = frozenset({"request.quantity", "request.quantity_specified", "request.total_sessions",
                            "request.per_week", "request.weeks"})


def _warnings(rulebase: Rulebase, producer: str, prepared: ItemFacts) -> list[str]:
    """The case layer's warnings, less the request text's when no table deciding the item reads a quantity.

    A single procedure (an MRI, a surgery, a test) needs no number: "no quantity could be
    read" would only be noise to the reviewer there.
    """
    reads: set[str] = set()
    for name in upstream(rulebase, producer):
        for compiled in rulebase.tables[name]:
            reads |= {c.fact for c in compiled.table.inputs} | set(compiled.reads)
    if reads & QUANTITY_FACTS:
        return list(prepared.warnings)
    return [w for w in prepared.warnings if w not in prepared.parsed.warnings]


def followed_primary(case: CaseFile, index: int, primary_outcome: Outcome | None) -> FollowedPrimary | None:
    """How the item follows the primary procedure it serves (the chained determination), if any."""
    primary = case.items[index].primary
    if primary is None:
        return None
    if primary.item is not None:
        outcome: Outcome = primary_outcome or "Undecided"
        named = f"item {primary.item} ({primary.procedure})"
    else:
        outcome = "Upheld" if primary.denied else "Overturned"
        named = primary.procedure
    if outcome == "Upheld":
        found = "found not medically necessary above" if primary.item is not None else "denied"
        note = (f"This item serves {named}, {found}; what serves a procedure that is not to be done "
                "is not medically necessary either.")
    elif outcome == "Overturned":
        found = "found medically necessary above" if primary.item is not None else "not denied"
        note = f"This item serves {named}, {found}; it is decided on its own criteria, with the procedure going ahead."
    else:
        note = f"This item serves {named}, not yet decided; its determination follows that item's once it is decided."
    return FollowedPrimary(procedure=primary.procedure, item=primary.item, outcome=outcome, note=note)


def topic_error(rulebase: Rulebase, case: CaseFile, index: int, source: str) -> CaseFieldError | None:
    """The error for an item whose topic no loaded table decides, else None."""
    topic = case.items[index].topic
    if topic + OUTCOME_SUFFIX in rulebase.producers:
        return None
    return CaseFieldError(
        source, f"items[{index}].topic", "no table decides this topic",
        expected=f"a topic whose {topic}{OUTCOME_SUFFIX} a loaded table writes",
        found=repr(topic), hint=did_you_mean(topic, topics(rulebase)),
    )


def edition_error(rulebase: Rulebase, case: CaseFile, index: int, source: str,
                  as_of: dt.date) -> CaseFieldError | None:
    """The error for an item whose topic table has no edition in effect on ``as_of``, else None.

    A guideline replaced by a later MTUS (the 2004 ACOEM chapters and the 2009 CPMTG end on
    2017-11-30) decides nothing after its end: the item is Undecided and says so.
    """
    producer = rulebase.producers[case.items[index].topic + OUTCOME_SUFFIX]
    editions = rulebase.editions(as_of)
    for compiled in rulebase.tables[producer]:
        guideline = editions.get(compiled.table.guideline_id)
        if guideline is not None and guideline.edition == compiled.table.edition:
            return None
    ranges = ", ".join(sorted({_span(wb.guideline) for wb in rulebase.workbooks
                               if wb.guideline.id == rulebase.tables[producer][0].table.guideline_id}))
    return CaseFieldError(
        source, f"items[{index}].topic", f"no edition of the guideline behind table {producer!r} is in effect",
        expected=f"a UR decision date (or --as-of) within {ranges}, the editions the tables encode",
        found=as_of.isoformat(),
        hint="a later MTUS replaced this guideline; the reviewer decides the item on the guideline then in effect",
    )


def _span(guideline: Any) -> str:
    start = guideline.effective_from.isoformat() if guideline.effective_from else "the start"
    end = guideline.effective_to.isoformat() if guideline.effective_to else "now"
    return f"{start} to {end}"


def _undecided(rulebase: Rulebase, case: CaseFile, index: int, source: str,
               error: CaseFieldError, primary: Outcome | None) -> ItemDetermination:
    """An item no table decides: Undecided, with the error and what the case layer worked out.

    Its facts are not checked against the glossary: they may name the facts of the topic's
    table still to come.
    """
    item = case.items[index]
    denied = {"Upheld": True, "Overturned": False}.get(primary or "")
    prepared = item_facts(case, index, source, known=rulebase.facts, primary_denied=denied)
    return ItemDetermination(
        item=item.request, topic=item.topic, outcome="Undecided", decision_fact=item.topic + OUTCOME_SUFFIX,
        value=None, table=None, edition=None, citations=[], fired_rows=[], missing_facts=[],
        quantities=prepared.quantities, derived_facts=dict(prepared.derived), warnings=list(prepared.warnings),
        error=str(error), follows=followed_primary(case, index, primary),
    )


def _fired(rulebase: Rulebase, evaluation: Evaluation, producer: str) -> tuple[list[FiredRow], list[str]]:
    """The rows the hit policies chose along the chain, the deciding table first."""
    fired: list[FiredRow] = []
    citations: list[str] = []
    for name in (t for t in upstream(rulebase, producer) if t in evaluation.tables):
        result = evaluation.tables[name]
        table = next(c.table for c in rulebase.tables[name] if c.table.edition == result.edition)
        for number in result.selected:
            rule = table.rules[number - 1]
            row = result.rows[number - 1] if result.rows else None
            fired.append(FiredRow(
                table=name, rule=number, address=f"{result.workbook}, sheet {result.sheet!r}, row {rule.row}",
                citation=rule.citation, rationale=row.rationale if row else rule.rationale,
                absent_facts=_absent_facts(rulebase, row.cells if row else ()),
                families=families_or_other(rule.citation),
            ))
            if rule.citation and rule.citation not in citations:
                citations.append(rule.citation)
    return fired, citations


def _missing(rulebase: Rulebase, names: Iterable[str], assumed: Mapping[str, Any]) -> list[MissingFactOut]:
    """Facts that would change the outcome: those left open first, then those taken from absence."""
    found = [
        MissingFactOut(name=n, question=rulebase.facts[n].question if n in rulebase.facts else None,
                       taken_as=json_value(assumed[n]) if n in assumed else None, assumed=n in assumed)
        for n in names
    ]
    return sorted(found, key=lambda m: m.assumed)


def _absent_facts(rulebase: Rulebase, cells: Iterable[CellCheck]) -> list[AbsentFact]:
    """The facts a row's tested cells took from their absence rule, each once."""
    found: list[AbsentFact] = []
    for cell in cells:
        if not cell.assumed or cell.test.strip() == "-" or any(f.name == cell.fact for f in found):
            continue
        found.append(AbsentFact(name=cell.fact, taken_as=json_value(cell.value),
                                note=absence_note(rulebase.facts.get(cell.fact), cell.fact, cell.value)))
    return found


def absence_note(fact: FactDef | None, name: str, value: Any) -> str:
    """How a letter says that a fact was not documented: a proposition the records do not show."""
    description = (fact.description or "").strip() if fact is not None else ""
    if value is False and description:
        sentence = description[0].lower() + description[1:]
        return f"The records do not document that {sentence.rstrip('.')}."
    shown = "yes" if value is True else "no" if value is False else to_feel_literal(value)
    label = description.rstrip(".") if description else name
    return f"Not documented, and so taken as {shown}: {label}."
