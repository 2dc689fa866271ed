"""Deciding a case: tables chained by the agenda, rows matched by the rule network.

durable-rules does both: the agenda (``Rulebase.agenda``, :mod:`engine.rete.agenda`) hands
out each table once the tables it reads from have settled their outputs, and the table's
rule network says which rows fire for the case's value classes.  The hit policy picks the
result, and the outputs become facts for the tables that read them.  Each row's state
(fired, not fired, undecided for want of a fact) comes from the same compiled cells
(:mod:`engine.runtime.explain`); the full trace of every cell is built only when
``TableResult.rows`` is read (the UI, ``--explain``, JSON).  That the network and the
cells agree is a property test over random cases on the shipped tables
(tests/runtime/test_network_agrees_on_shipped_tables.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from functools import partial
from typing import Any

from engine.compiler.compiled_table import CompiledTable
from engine.compiler.rulebase import Rulebase
from engine.errors import EvaluationError
from engine.model import DecisionTable
from engine.runtime.explain import explain_rows, fill_rationale, row_statuses
from engine.runtime.facts import normalize_facts
from engine.runtime.hit_policy import PolicyResult, apply_hit_policy, output_label
from engine.runtime.missing import missing_that_matter, summarise_missing
from engine.runtime.trace import Evaluation, TableResult

__all__ = ["decide_table", "default_outputs", "evaluate", "fill_rationale", "rule_outputs", "take_absent_facts"]


def evaluate(
    rulebase: Rulebase,
    facts: Mapping[str, Any],
    as_of: dt.date | None = None,
    *,
    trace: bool = True,
    source: str = "facts",
    on_record: bool = True,
    only: Collection[str] | None = None,
) -> Evaluation:
    """Decide every table in effect on ``as_of`` (default: today) for these facts.

    ``facts`` maps fact names to values (nested mappings are flattened to dotted
    names); a fact that is not given is *not documented*.  Deciding on the record
    (``on_record``, the default), an undocumented fact whose glossary says ``taken as
    <value>`` is decided as that value and listed in ``Evaluation.assumed``; a fact that
    ``must be documented`` (or declares nothing) stays open.  Facts taken from absence
    that would change a table's value are still listed among its missing facts.
    ``trace``: also find which undocumented facts would change each table's value (the
    missing facts); the decision is the same either way.  ``only``: decide just these
    tables (a determination needs only its table and those it reads from); default every
    table in effect.
    """
    as_of = as_of or dt.date.today()
    env = normalize_facts(facts, rulebase.facts, source)
    documented = frozenset(env)
    in_effect = {c.table.name: c for c in rulebase.active_tables(as_of) if only is None or c.table.name in only}
    read = None if only is None else frozenset(f for c in in_effect.values() for f in c.reads)
    assumed = take_absent_facts(rulebase, env, read) if on_record else {}
    tentative: set[str] = set(assumed)  # facts resting on an absence, directly or through a table
    results: dict[str, TableResult] = {}

    def decide(name: str) -> frozenset[str]:
        compiled = in_effect.get(name)
        if compiled is not None:
            result = decide_table(rulebase, compiled, env, trace=trace, assumed=assumed, tentative=tentative)
            results[name] = result
            _assert_outputs(compiled.table, result, env)
            if result.missing_facts:
                tentative.update(col.fact for col in compiled.table.outputs if col.fact in env)
        return rulebase.writes[name]  # every edition's outputs: readers wait by name, not edition

    rulebase.agenda.run(decide)
    results = {name: results[name] for name in in_effect}  # the order of the tables, not of the run
    missing = summarise_missing(rulebase, results, documented) if trace else []
    return Evaluation(
        as_of=as_of,
        editions={g: guide.edition for g, guide in rulebase.editions(as_of).items()},
        tables=results, facts=env, documented=documented, missing_facts=missing, assumed=assumed,
    )


def take_absent_facts(rulebase: Rulebase, env: dict[str, Any], read: Collection[str] | None = None) -> dict[str, Any]:
    """Give each undocumented fact whose absence rule is ``taken as`` its value; return those.

    ``read``: only the facts these tables read (default every fact with a rule).
    """
    assumed = {name: value for name, value in rulebase.absence_values.items()
               if name not in env and (read is None or name in read)}
    env.update(assumed)
    return assumed


def decide_table(
    rulebase: Rulebase, compiled: CompiledTable, env: dict[str, Any], *, trace: bool = True,
    assumed: Mapping[str, Any] | None = None, tentative: Collection[str] = (),
) -> TableResult:
    """One table for the case in ``env``: the network's rows, the hit policy's result."""
    table = compiled.table
    try:
        classes = compiled.classes(env)
    except LookupError as exc:
        raise EvaluationError(str(exc), found=table.name) from None
    matched = rulebase.network.match(compiled.key, classes)  # the network serialises calls
    statuses = row_statuses(compiled, classes, matched, env)
    outputs = [rule_outputs(table, i, env) for i in matched]
    policy = apply_hit_policy(table, matched, outputs, default_outputs(table, env))
    snapshot = dict(env)  # the facts as this table saw them, for its explanation
    result = TableResult(
        name=table.name, guideline_id=table.guideline_id, edition=table.edition,
        workbook=table.workbook, sheet=table.sheet, hit_policy=table.policy_code,
        statuses=statuses, matched=[table.rules[i].number for i in matched],
        selected=[table.rules[matched[i]].number for i in policy.selected],
        outputs=[outputs[i] for i in policy.selected], value=policy.value,
        violation=policy.violation, default_used=policy.default_used,
        explain=partial(explain_rows, compiled, classes, statuses, snapshot, assumed or {},
                        dict(zip(matched, outputs, strict=True))),
    )
    if trace:
        result.missing_facts = missing_that_matter(
            rulebase.network, compiled, statuses, env, policy, _decide_again, tentative)
    return result


def _decide_again(table: DecisionTable, matched: list[int], env: dict[str, Any]) -> PolicyResult:
    outputs = [rule_outputs(table, i, env) for i in matched]
    return apply_hit_policy(table, matched, outputs, default_outputs(table, env))


def rule_outputs(table: DecisionTable, index: int, env: dict[str, Any]) -> dict[str, Any]:
    rule = table.rules[index]
    return {
        column.fact: entry.expression.evaluate(env)
        for column, entry in zip(table.outputs, rule.outputs, strict=True)
    }


def default_outputs(table: DecisionTable, env: dict[str, Any]) -> dict[str, Any] | None:
    if not any(col.default is not None for col in table.outputs):
        return None
    return {
        col.fact: col.default.expression.evaluate(env) if col.default is not None else None
        for col in table.outputs
    }


def _assert_outputs(table: DecisionTable, result: TableResult, env: dict[str, Any]) -> None:
    """A table's result becomes facts; an undecided or violated table leaves them out."""
    if result.violation is not None:
        return
    if not result.selected and not result.default_used:
        if result.undecided:
            return
        if table.hit_policy.single_hit or table.aggregation is not None:
            for col in table.outputs:
                env[col.fact] = result.value if table.aggregation is not None else None
            return
    if table.aggregation is not None:
        env[table.outputs[0].fact] = result.value
        return
    if table.hit_policy.single_hit or result.default_used:
        chosen = result.outputs[0] if result.outputs else _defaults_by_fact(table, result)
        for col in table.outputs:
            env[col.fact] = chosen[col.fact]
        return
    for col in table.outputs:
        env[col.fact] = [out[col.fact] for out in result.outputs]


def _defaults_by_fact(table: DecisionTable, result: TableResult) -> dict[str, Any]:
    if len(table.outputs) == 1:
        return {table.outputs[0].fact: result.value}
    return {col.fact: result.value[output_label(col.fact)] for col in table.outputs}
