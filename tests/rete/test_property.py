"""Property: the Rete network answers exactly what a brute-force scan of the rows answers.

Specs are generated with random class counts, random cells (don't-care, empty, ranges,
scattered sets, complements) and random cases; they are matched one by one, in batches,
with FIRST, through the flat and the grouped layouts and across several rulesets.  The
shadow network must agree too (it is what the layout's limit checks rely on).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import hypothesis.strategies as st
from hypothesis import HealthCheck, given, settings

from engine.rete import RuleNetwork, TableSpec
from engine.rete import durable_adapter as adapter
from engine.rete.layout import compile_table
from tests.rete.synth import reference_match

SETTINGS = settings(
    max_examples=int(os.environ.get("RETE_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def cells(draw: st.DrawFn, count: int) -> frozenset[int] | None:
    kind = draw(st.sampled_from(["any", "any", "run", "run", "set", "not", "empty", "all"]))
    if kind == "any":
        return None
    if kind == "empty":
        return frozenset()
    if kind == "all":
        return frozenset(range(count))
    if kind == "run":
        lo = draw(st.integers(0, count - 1))
        hi = draw(st.integers(lo, count - 1))
        return frozenset(range(lo, hi + 1))
    chosen = draw(st.sets(st.integers(0, count - 1), min_size=1, max_size=count))
    return frozenset(chosen) if kind == "set" else frozenset(range(count)) - chosen


@st.composite
def specs(draw: st.DrawFn, max_rows: int = 40) -> TableSpec:
    columns = draw(st.integers(0, 5))
    counts = [draw(st.integers(1, 24)) for _ in range(columns)]
    n_rows = draw(st.integers(0, max_rows))
    rows = [[draw(cells(n)) for n in counts] for _ in range(n_rows)]
    return TableSpec("p", columns, rows, counts)


@st.composite
def spec_and_cases(draw: st.DrawFn, max_rows: int = 40) -> tuple[TableSpec, list[list[int]]]:
    spec = draw(specs(max_rows))
    case = st.tuples(*(st.integers(0, n - 1) for n in spec.class_counts)).map(list)
    return spec, draw(st.lists(case, min_size=1, max_size=30))


def check(network: RuleNetwork, spec: TableSpec, cases: Sequence[list[int]]) -> None:
    expected = [reference_match(spec, case) for case in cases]
    assert [network.match(spec.name, case) for case in cases] == expected
    assert network.match_many(spec.name, cases) == expected
    assert network.match_many(spec.name, cases, first_only=True) == [e[:1] for e in expected]


@SETTINGS
@given(spec_and_cases())
def test_network_agrees_with_brute_force(data: tuple[TableSpec, list[list[int]]]) -> None:
    spec, cases = data
    with RuleNetwork([spec], batch=7) as network:
        check(network, spec, cases)


@SETTINGS
@given(spec_and_cases(), st.sampled_from([1, 2, 3, 16]), st.integers(1, 9))
def test_grouped_layouts_and_split_rulesets_agree(
    data: tuple[TableSpec, list[list[int]]], leaf: int, max_rules: int
) -> None:
    spec, cases = data
    real, first_rules = adapter.compile_table, adapter.FIRST_RULES
    # the first_only layout asks for FIRST_RULES rows per ruleset: one more than the other
    adapter.compile_table = lambda s, max_rules=max_rules: real(s, leaf=leaf, max_rules=max_rules)
    adapter.FIRST_RULES = max_rules + 1
    try:
        with RuleNetwork([spec], batch=5) as network:
            compiled = network._tables[spec.name].compiled
            assert all(r.layout == f"grouped/{leaf}" for r in compiled.rulesets) or leaf == 1
            check(network, spec, cases)
    finally:
        adapter.compile_table, adapter.FIRST_RULES = real, first_rules


@SETTINGS
@given(spec_and_cases(max_rows=25))
def test_the_shadow_network_matches_like_the_engine(
    data: tuple[TableSpec, list[list[int]]],
) -> None:
    spec, cases = data
    compiled = compile_table(spec)
    for case in cases:
        ranked = [k if r is None else r[k] for r, k in zip(compiled.ranks, case, strict=True)]
        fact = compiled.fact(ranked)
        rows = sorted(
            int(name[1:])
            for ruleset in compiled.rulesets
            for name in ruleset.shadow.walk(fact).rules
        )
        assert rows == reference_match(spec, case)
        for ruleset in compiled.rulesets:
            assert ruleset.shadow.walk(fact).deepest <= ruleset.stats.stack_bound
