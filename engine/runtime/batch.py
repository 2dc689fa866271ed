"""Deciding one table for many cases at once: outcomes only, no per-cell trace.

For re-running a corpus of cases after a table changes, or scoring a generated batch.
The rule network (durable-rules) decides which rows fire, as for a single evaluation;
what is skipped is the explanation: no cell-by-cell trace, no missing-fact analysis, no
chaining.  The work is shared across the batch:

1. each raw value is converted and classified once per column
   (:class:`~engine.runtime.batch_classes.BatchClassifier`);
2. the cases are grouped by their tuple of value classes and the network matches each
   *distinct* tuple once (``RuleNetwork.match_many``), the result fanned out to every case
   holding that tuple;
3. literal rule outputs are built once per rule, and the hit policy runs once per
   distinct set of matched rows.

Measured with ``bench/batch.py`` (figures in docs/performance.md): what is left per case
is the network's match of its class tuple (on the anchor table, 3.5 to 5 us for FIRST at
100 and 1,000 rows and for COLLECT at 100, about 60 us at 1,000-row COLLECT where some
36 rows fire per case) and about 1.2 us of Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from engine.collector import collector_paused
from engine.compiler.rulebase import Rulebase
from engine.errors import EvaluationError
from engine.model import DecisionTable, HitPolicy
from engine.runtime.batch_classes import BatchClassifier
from engine.runtime.hit_policy import PolicyResult, apply_hit_policy, shape

# Hit policies whose result lists every matched row's outputs in row order (no aggregation).
_LISTING = frozenset({HitPolicy.COLLECT, HitPolicy.RULE_ORDER})


def decide_many(
    rulebase: Rulebase,
    table: str,
    cases: Sequence[Mapping[str, Any]],
    as_of: dt.date | None = None,
    *,
    checked: bool = True,
) -> list[PolicyResult]:
    """The hit-policy result of ``table`` for each case, in order.

    ``checked=False`` skips fact-name checking and type conversion: the cases must
    already hold FEEL values (``Decimal`` numbers) under their exact fact names.
    Cases that match the same rows share one ``PolicyResult`` object when the table's
    outputs are literals: treat the results as read-only.

    Python's cyclic garbage collector is paused for the call (see :func:`engine.collector.collector_paused`).
    """
    with collector_paused():
        return _decide_many(rulebase, table, cases, as_of, checked=checked)


def _decide_many(
    rulebase: Rulebase,
    table: str,
    cases: Sequence[Mapping[str, Any]],
    as_of: dt.date | None,
    *,
    checked: bool,
) -> list[PolicyResult]:
    as_of = as_of or dt.date.today()
    compiled = next((c for c in rulebase.active_tables(as_of) if c.table.name == table), None)
    if compiled is None:
        raise EvaluationError(f"no table {table!r} in effect on {as_of.isoformat()}")
    model = compiled.table
    classifier = BatchClassifier(compiled, rulebase.facts, checked=checked)
    try:
        which, distinct = classifier.tuples(cases)
    except LookupError as exc:
        raise EvaluationError(str(exc), found=table) from None
    first_only = model.hit_policy is HitPolicy.FIRST
    matches = rulebase.network.match_many(compiled.key, distinct, first_only=first_only)
    static = static_outputs(model)
    if all(s is not None for s in static) and defaults_are_static(model):
        defaults = _defaults(model, {})
        first = model.hit_policy is HitPolicy.FIRST
        listing = model.hit_policy in _LISTING and model.aggregation is None
        shaped = [shape(model, s) for s in static] if listing or first else []  # type: ignore[arg-type]
        by_rows: dict[tuple[int, ...], PolicyResult] = {}
        per_tuple = []
        for matched in matches:
            key = tuple(matched)
            result = by_rows.get(key)
            if result is None:
                if first and matched:  # the hit policy's answer, without its per-row work
                    result = PolicyResult([0], shaped[matched[0]])
                elif listing and matched:
                    result = PolicyResult(list(range(len(matched))), list(map(shaped.__getitem__, matched)))
                else:
                    outputs: list[dict[str, Any]] = [static[i] for i in matched]  # type: ignore[misc]
                    result = apply_hit_policy(model, matched, outputs, defaults)
                by_rows[key] = result
            per_tuple.append(result)
        return list(map(per_tuple.__getitem__, which))
    # Outputs or defaults that read facts: evaluated per case, on the case's FEEL values.
    results = []
    for case, i in zip(cases, which, strict=True):
        matched = matches[i]
        env = classifier.env(case)
        outputs = [static[r] if static[r] is not None else _outputs(model, r, env) for r in matched]
        results.append(apply_hit_policy(model, matched, outputs, _defaults(model, env)))
    return results


def static_outputs(model: DecisionTable) -> list[dict[str, Any] | None]:
    """Per rule, its outputs when they are literals (computed once, not per case)."""
    static: list[dict[str, Any] | None] = []
    for rule in model.rules:
        if all(entry.expression.is_static for entry in rule.outputs):
            static.append({
                col.fact: entry.expression.evaluate({})
                for col, entry in zip(model.outputs, rule.outputs, strict=True)
            })
        else:
            static.append(None)
    return static


def defaults_are_static(model: DecisionTable) -> bool:
    """Whether the table's default outputs (if any) are literals, the same for every case."""
    return all(col.default is None or col.default.expression.is_static for col in model.outputs)


def _outputs(model: DecisionTable, index: int, env: dict[str, Any]) -> dict[str, Any]:
    return {
        col.fact: entry.expression.evaluate(env)
        for col, entry in zip(model.outputs, model.rules[index].outputs, strict=True)
    }


def _defaults(model: DecisionTable, env: dict[str, Any]) -> dict[str, Any] | None:
    if not any(col.default is not None for col in model.outputs):
        return None
    return {col.fact: col.default.expression.evaluate(env) if col.default else None for col in model.outputs}
