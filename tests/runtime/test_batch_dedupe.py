"""Property: the batch path (memo per column, one match per distinct class tuple, outputs
built once) decides every case exactly as deciding it alone does.

Generated tables of numbers, texts and booleans under every hit policy the batch path
takes, and batches of raw cases mixing ints, floats, Decimals, booleans, texts, nulls
and undocumented facts (so equal values of different types, ``1``/``1.0``/``True``, meet
in one column); the one-case-at-a-time path is ``normalize_facts``, the table's value
classes, ``RuleNetwork.match`` and the hit policy.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import CaseError
from engine.model import HitPolicy
from engine.runtime.batch import decide_many
from engine.runtime.evaluate import default_outputs, rule_outputs
from engine.runtime.facts import normalize_facts
from engine.runtime.hit_policy import PolicyResult, apply_hit_policy

from .test_trace_agrees_with_network import build, table_and_cases

NUMBERS = st.one_of(
    st.integers(min_value=-3, max_value=12), st.floats(min_value=-3, max_value=12, allow_nan=False),
    st.sampled_from([Decimal("2.5"), Decimal(1), True, False, None, "7", 1.0]),
)
RAW = {  # raw values per column kind: equal values of different types meet in a column
    "number": NUMBERS,
    "text": st.sampled_from(["lumbar", "knee", "cervical", None, True]),
    "boolean": st.sampled_from([True, False, None, 1, 0, 1.0]),
}
POLICIES = [HitPolicy.FIRST, HitPolicy.UNIQUE, HitPolicy.ANY, HitPolicy.RULE_ORDER, HitPolicy.COLLECT]


def one_at_a_time(rulebase: Any, case: dict[str, Any], checked: bool) -> PolicyResult:
    compiled = rulebase.tables["generated"][0]
    table = compiled.table
    env = normalize_facts(case, rulebase.facts) if checked else case
    matched = rulebase.network.match(compiled.key, compiled.classes(env))
    outputs = [rule_outputs(table, i, env) for i in matched]
    return apply_hit_policy(table, matched, outputs, default_outputs(table, env))


@st.composite
def batches(draw: st.DrawFn) -> tuple[list[str], list[list[str]], list[dict[str, Any]], HitPolicy]:
    kinds, cells, cases = draw(table_and_cases())
    for _ in range(draw(st.integers(min_value=0, max_value=8))):  # raw values, repeated
        case = {f"f{i}": draw(RAW[k]) for i, k in enumerate(kinds) if draw(st.booleans())}
        cases.extend([case] * draw(st.integers(min_value=1, max_value=3)))
    return kinds, cells, draw(st.permutations(cases)), draw(st.sampled_from(POLICIES))


def check(kinds: list[str], cells: list[list[str]], cases: list[dict[str, Any]], policy: HitPolicy,
          checked: bool) -> None:
    rulebase = build(kinds, cells)
    try:
        compiled = rulebase.tables["generated"][0]
        compiled.table = compiled.table.model_copy(update={"hit_policy": policy})
        try:
            want = [one_at_a_time(rulebase, case, checked) for case in cases]
        except CaseError:
            with pytest.raises(CaseError):
                decide_many(rulebase, "generated", cases, dt.date(2024, 1, 1), checked=checked)
            return
        got = decide_many(rulebase, "generated", cases, dt.date(2024, 1, 1), checked=checked)
        assert [(g.selected, g.value, g.violation, g.default_used) for g in got] == [
            (w.selected, w.value, w.violation, w.default_used) for w in want
        ]
    finally:
        rulebase.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
def test_batch_decides_each_case_as_alone(generated: Any) -> None:
    kinds, cells, cases, policy = generated
    check(kinds, cells, cases, policy, checked=True)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table_and_cases())
def test_batch_with_feel_values_unchecked(generated: Any) -> None:
    kinds, cells, cases = generated
    check(kinds, cells, cases * 3, HitPolicy.COLLECT, checked=False)
