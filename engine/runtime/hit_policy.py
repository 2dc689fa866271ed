"""Hit policies: from the rows that matched to the table's result (DMN 1.5, 8.2.8).

A separate, deterministic step after matching.  A violation (UNIQUE with two
matches, ANY with differing outputs) is a named result with a null value, never an
exception and never a silent pick.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.feel import values as feel_values
from engine.model import Aggregation, DecisionTable, HitPolicy


@dataclass
class PolicyResult:
    selected: list[int]  # indexes into the matched list, in result order
    value: Any
    violation: str | None = None
    default_used: bool = False


def output_label(fact: str) -> str:
    """The key of an output in a multi-output result: the part after the last dot."""
    return fact.rsplit(".", 1)[-1]


def shape(table: DecisionTable, outputs: dict[str, Any]) -> Any:
    """One rule's outputs as the table's result value: the value itself when the table
    has one output column, else a context keyed by each output's label."""
    return _shape(table, outputs)


def _shape(table: DecisionTable, outputs: dict[str, Any]) -> Any:
    if len(table.outputs) == 1:
        return outputs[table.outputs[0].fact]
    return {output_label(col.fact): outputs[col.fact] for col in table.outputs}


def _rules(table: DecisionTable, matched: list[int], picks: list[int]) -> str:
    numbers = [str(table.rules[matched[i]].number) for i in picks]
    return ", ".join(numbers[:-1]) + " and " + numbers[-1] if len(numbers) > 1 else numbers[0]


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(feel_values.equal(a[k], b[k]) is True for k in a)


def _priority_key(table: DecisionTable, outputs: dict[str, Any]) -> tuple[int, ...]:
    key = []
    for col in table.outputs:
        allowed = col.output_values or ()
        value = outputs[col.fact]
        rank = next(
            (i for i, v in enumerate(allowed) if feel_values.equal(v, value) is True), len(allowed)
        )
        key.append(rank)
    return tuple(key)


def apply_hit_policy(
    table: DecisionTable, matched: list[int], outputs: list[dict[str, Any]], defaults: dict[str, Any] | None
) -> PolicyResult:
    """``matched``: rule indexes in rule order; ``outputs``: their output values."""
    policy = table.hit_policy
    if not matched:
        return _no_match(table, defaults)
    if policy is HitPolicy.UNIQUE:
        if len(matched) > 1:
            return PolicyResult(
                list(range(len(matched))), None,
                f"UNIQUE: rules {_rules(table, matched, list(range(len(matched))))} all match"
                if len(matched) > 2 else
                f"UNIQUE: rules {_rules(table, matched, [0, 1])} both match",
            )
        return PolicyResult([0], _shape(table, outputs[0]))
    if policy is HitPolicy.ANY:
        differing = [i for i in range(1, len(matched)) if not _same(outputs[0], outputs[i])]
        if differing:
            return PolicyResult(
                [0, *differing], None,
                f"ANY: rules {_rules(table, matched, [0, differing[0]])} match with different outputs",
            )
        return PolicyResult([0], _shape(table, outputs[0]))
    if policy is HitPolicy.FIRST:
        return PolicyResult([0], _shape(table, outputs[0]))
    if policy is HitPolicy.PRIORITY:
        best = min(range(len(matched)), key=lambda i: (_priority_key(table, outputs[i]), i))
        return PolicyResult([best], _shape(table, outputs[best]))
    order = list(range(len(matched)))
    if policy is HitPolicy.OUTPUT_ORDER:
        order.sort(key=lambda i: (_priority_key(table, outputs[i]), i))
    if policy is HitPolicy.COLLECT and table.aggregation is not None:
        return _aggregate(table, order, outputs)
    return PolicyResult(order, [_shape(table, outputs[i]) for i in order])


def _no_match(table: DecisionTable, defaults: dict[str, Any] | None) -> PolicyResult:
    if defaults is not None:
        return PolicyResult([], _shape(table, defaults), default_used=True)
    if table.hit_policy.single_hit:
        return PolicyResult([], None)
    if table.aggregation is Aggregation.COUNT:
        return PolicyResult([], Decimal(0))
    if table.aggregation is not None:
        return PolicyResult([], None)
    return PolicyResult([], [])


def _aggregate(table: DecisionTable, order: list[int], outputs: list[dict[str, Any]]) -> PolicyResult:
    fact = table.outputs[0].fact
    values = [outputs[i][fact] for i in order]
    agg = table.aggregation
    if agg is Aggregation.COUNT:
        return PolicyResult(order, Decimal(len(values)))
    if agg is Aggregation.SUM:
        if not all(isinstance(v, Decimal) for v in values):
            return PolicyResult(order, None, f"{table.policy_code}: rule outputs are not all numbers")
        return PolicyResult(order, sum(values, Decimal(0)))
    kinds = {feel_values.type_name(v) for v in values}
    if len(kinds) != 1 or None in values:
        return PolicyResult(order, None, f"{table.policy_code}: rule outputs cannot be compared")
    pick = values[0]
    for v in values[1:]:
        c = feel_values.compare(v, pick)
        if c is None:
            return PolicyResult(order, None, f"{table.policy_code}: rule outputs cannot be compared")
        if (agg is Aggregation.MIN and c < 0) or (agg is Aggregation.MAX and c > 0):
            pick = v
    return PolicyResult(order, pick)
