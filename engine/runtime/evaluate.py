"""Deciding a case: tables in chaining order, rows matched by the rule network.

For each table in effect on the evaluation date: the case's values are folded onto
value classes and the rule network (durable-rules) says which rows fire; the trace
(``trace=True``) explains each row from the same parsed cells: its failing cell, or the
undocumented facts that leave it undecided; the hit policy picks the result; the outputs
become facts for the tables that read them.  The network and the trace are not compared
on every call: their agreement is a property test over random cases on the shipped
tables (tests/runtime/test_network_agrees_on_shipped_tables.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from typing import Any

from engine.compiler.compiled_table import CompiledTable
from engine.compiler.rulebase import Rulebase
from engine.errors import EvaluationError
from engine.feel.values import to_feel_literal
from engine.model import DecisionTable
from engine.runtime.facts import normalize_facts
from engine.runtime.hit_policy import PolicyResult, apply_hit_policy, output_label
from engine.runtime.missing import missing_that_matter, summarise_missing
from engine.runtime.trace import CellCheck, Evaluation, RowState, RowTrace, TableResult

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


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
    ``only``: decide just these tables (a determination needs only its table and those it
    reads from); default every table in effect.
    """
    as_of = as_of or dt.date.today()
    env = normalize_facts(facts, rulebase.facts, source)
    documented = frozenset(env)
    active = [c for c in rulebase.active_tables(as_of) if only is None or c.table.name in only]
    read = None if only is None else frozenset(f for c in active for f in c.reads)
    assumed = take_absent_facts(rulebase, env, read) if on_record else {}
    tentative: set[str] = set(assumed)  # facts resting on an absence, directly or through a table
    results: dict[str, TableResult] = {}
    for compiled in active:
        result = decide_table(rulebase, compiled, env, trace=trace, assumed=assumed, tentative=tentative)
        results[compiled.table.name] = result
        _assert_outputs(compiled.table, result, env)
        if result.missing_facts:
            tentative.update(col.fact for col in compiled.table.outputs if col.fact in env)
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
    table = compiled.table
    try:
        classes = compiled.classes(env)
    except LookupError as exc:
        raise EvaluationError(str(exc), found=table.name) from None
    matched = rulebase.network.match(compiled.key, classes)  # the network serialises calls
    # The network decides; the trace only explains (each row's cells, the failing one,
    # the undocumented facts).  That the two agree is a property test
    # (tests/runtime/test_network_agrees_on_shipped_tables.py), not a check per call.
    rows = trace_rows(table, env, assumed or {}) if trace else []
    outputs = [rule_outputs(table, i, env) for i in matched]
    policy = apply_hit_policy(table, matched, outputs, default_outputs(table, env))
    result = TableResult(
        name=table.name, guideline_id=table.guideline_id, edition=table.edition,
        workbook=table.workbook, sheet=table.sheet, hit_policy=table.policy_code,
        rows=rows, matched=[table.rules[i].number for i in matched],
        selected=[table.rules[matched[i]].number for i in policy.selected],
        outputs=[outputs[i] for i in policy.selected], value=policy.value,
        violation=policy.violation, default_used=policy.default_used,
    )
    if trace:
        result.missing_facts = missing_that_matter(compiled, rows, env, policy, _decide_again, tentative)
        for i, out in zip(matched, outputs, strict=True):
            rows[i].rationale = fill_rationale(table.rules[i].rationale, {**env, **out})
    return result


def _decide_again(table: DecisionTable, matched: list[int], env: dict[str, Any]) -> PolicyResult:
    outputs = [rule_outputs(table, i, env) for i in matched]
    return apply_hit_policy(table, matched, outputs, default_outputs(table, env))


def trace_rows(table: DecisionTable, env: dict[str, Any], assumed: Mapping[str, Any] | None = None) -> list[RowTrace]:
    rows = []
    for rule in table.rules:
        cells = []
        failing = None
        missing: list[str] = []
        for column, entry in zip(table.inputs, rule.inputs, strict=True):
            tests = entry.tests
            value = env.get(column.fact)
            documented = column.fact in env
            passed = tests.is_dont_care or tests.matches(value, env)
            check = CellCheck(entry.address, column.fact, value, documented, entry.text, passed,
                              assumed=assumed is not None and column.fact in assumed)
            cells.append(check)
            if passed:
                continue
            absent = [n for n in (column.fact, *tests.names()) if n not in env]
            if absent:
                missing.extend(n for n in absent if n not in missing)
            elif failing is None:
                failing = check
        if failing is not None:
            state = RowState.NOT_FIRED
        elif missing:
            state = RowState.UNDECIDED
        else:
            state = RowState.FIRED
        rows.append(RowTrace(
            rule=rule.number, row=rule.row, state=state, failing=failing,
            missing=tuple(missing) if failing is None else (), citation=rule.citation,
            rationale=rule.rationale, cells=tuple(cells),
        ))
    return rows


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


def fill_rationale(template: str | None, env: Mapping[str, Any]) -> str | None:
    """Replace ``{fact}`` with the fact's value; nothing else in the text is read."""
    if not template:
        return template

    def value_of(match: re.Match[str]) -> str:
        name = " ".join(match.group(1).split())
        if name not in env:
            return "not documented"
        value = env[name]
        if isinstance(value, str):
            return value
        if isinstance(value, list):
            return ", ".join(v if isinstance(v, str) else to_feel_literal(v) for v in value)
        return to_feel_literal(value)

    return _PLACEHOLDER.sub(value_of, template)


def _assert_outputs(table: DecisionTable, result: TableResult, env: dict[str, Any]) -> None:
    """A table's result becomes facts; an undecided or violated table leaves them out."""
    if result.violation is not None:
        return
    if not result.selected and not result.default_used:
        if any(r.state is RowState.UNDECIDED for r in result.rows):
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
