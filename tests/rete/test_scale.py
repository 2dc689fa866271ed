"""Scale: tables whose rows each use their own thresholds, and cases matching every row.

Without care these trip durable-rules' limits: 64 alpha tests passing at once (a
1,000-row table of ``>= t`` cells passes hundreds), 512 children per alpha node, 4,096
rules per ruleset.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator

import pytest

from engine.rete import RuleNetwork, TableSpec
from engine.rete import durable_adapter as adapter
from engine.rete.layout import MAX_RULES
from tests.rete.synth import comparison, own_thresholds_table, random_cases, reference_match


@pytest.fixture(scope="module")
def thousand() -> Iterator[tuple[TableSpec, RuleNetwork, float]]:
    spec = own_thresholds_table(rows=1000, columns=6, seed=1)
    started = time.perf_counter()
    network = RuleNetwork([spec])
    elapsed = time.perf_counter() - started
    yield spec, network, elapsed
    network.close()


def test_thousand_rows_with_their_own_thresholds_compile(thousand: tuple[TableSpec, RuleNetwork, float]) -> None:
    spec, network, elapsed = thousand
    assert max(spec.class_counts) == 2002
    assert max(len(c) for row in spec.rows for c in row if c) > 1000
    assert elapsed < 10  # about 0.5 s on an idle 2-core machine; generous for CI noise
    for ruleset in network._tables[spec.name].compiled.rulesets:
        assert ruleset.stats.within_limits()


def test_thousand_rows_match_like_brute_force(thousand: tuple[TableSpec, RuleNetwork, float]) -> None:
    spec, network, _ = thousand
    cases = random_cases(spec, 400, seed=4)
    expected = [reference_match(spec, c) for c in cases]
    assert max(map(len, expected)) > 30  # test_a_case_can_fire_every_row goes to 1,000
    assert [network.match(spec.name, c) for c in cases[:100]] == expected[:100]
    assert network.match_many(spec.name, cases) == expected
    assert network.match_many(spec.name, cases, first_only=True) == [e[:1] for e in expected]


def test_a_case_can_fire_every_row() -> None:
    rows, m = 1000, 1000
    # every row: column 0 >= its own threshold, column 1 <= its own threshold
    spec_rows = [[comparison(">=", r + 1, m), comparison("<=", m - r, m)] for r in range(rows)]
    spec = TableSpec("all", 2, spec_rows, [2 * m + 2, 2 * m + 2])
    with RuleNetwork([spec]) as network:
        top, bottom = 2 * m, 0
        assert network.match("all", [top, bottom]) == list(range(rows))
        assert network.match_many("all", [[top, bottom]] * 3) == [list(range(rows))] * 3
        assert network.match_many("all", [[top, bottom], [0, 0]], first_only=True) == [[0], []]


def test_more_rows_than_one_ruleset_holds() -> None:
    rows = 5000  # the engine takes 4,096 rules per ruleset
    spec_rows = [[frozenset({r % 50}), frozenset({r // 50})] for r in range(rows)]
    spec = TableSpec("big", 2, spec_rows, [50, 100])
    cases = [[a, b] for a in range(0, 50, 7) for b in range(0, 100, 9)]
    expected = [reference_match(spec, c) for c in cases]
    with RuleNetwork([spec]) as network:
        assert len(network._tables["big"].compiled.rulesets) == math.ceil(rows / MAX_RULES)
        assert network.match_many("big", cases) == expected
        assert network.match_many("big", cases, first_only=True) == expected
    real = adapter.compile_table
    adapter.compile_table = lambda s: real(s, max_rules=rows)  # as large as allowed
    try:
        with RuleNetwork([spec]) as network:
            assert len(network._tables["big"].compiled.rulesets) == 2  # 4,000 + 1,000
            assert network.match_many("big", cases) == expected
            assert [network.match("big", c) for c in cases] == expected
    finally:
        adapter.compile_table = real
