"""Deciding one table for many cases at once: outcomes only, no per-cell trace.

For re-running a corpus of cases after a table changes, or scoring a generated batch.
Rows are still matched by the rule network (in one batched call); what is skipped is
the explanation: no cell-by-cell trace, no missing-fact analysis, no chaining.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from engine.compiler.rulebase import Rulebase
from engine.errors import EvaluationError
from engine.model import HitPolicy
from engine.runtime.facts import normalize_facts
from engine.runtime.hit_policy import PolicyResult, apply_hit_policy


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
    """
    as_of = as_of or dt.date.today()
    compiled = next((c for c in rulebase.active_tables(as_of) if c.table.name == table), None)
    if compiled is None:
        raise EvaluationError(f"no table {table!r} in effect on {as_of.isoformat()}")
    model = compiled.table
    envs = [normalize_facts(c, rulebase.facts) for c in cases] if checked else cases
    try:
        classes = [compiled.classes(env) for env in envs]  # type: ignore[arg-type]
    except LookupError as exc:
        raise EvaluationError(str(exc), found=table) from None
    first_only = model.hit_policy is HitPolicy.FIRST
    matches = rulebase.network.match_many(compiled.key, classes, first_only=first_only)
    static = _static_outputs(model)
    results = []
    for env, matched in zip(envs, matches, strict=True):
        outputs = [
            static[i] if static[i] is not None else {
                col.fact: entry.expression.evaluate(env)
                for col, entry in zip(model.outputs, model.rules[i].outputs, strict=True)
            }
            for i in matched
        ]
        defaults = None
        if not matched and any(col.default is not None for col in model.outputs):
            defaults = {
                col.fact: col.default.expression.evaluate(env) if col.default else None for col in model.outputs
            }
        results.append(apply_hit_policy(model, matched, outputs, defaults))
    return results


def _static_outputs(model: Any) -> list[dict[str, Any] | None]:
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
