"""Units of engine.rete that do not need the C engine: encoding, renumbering, names,
rendering, the shadow network and the grouping tree."""

from __future__ import annotations

import json
from itertools import pairwise

import hypothesis.strategies as st
from hypothesis import given, settings

from engine.rete.costmodel import expected_cost_ns
from engine.rete.encoding import Chain, Either, choose_elements, encode_cell, encode_named_cell, runs_of
from engine.rete.facts import (
    GROUP_PROP,
    ID_PROP,
    column_names,
    join_pieces,
    piece_renderer,
    renderer,
    value_strings,
)
from engine.rete.layout import compile_table, group_path, group_shape
from engine.rete.relabel import better_numbering, total_runs
from engine.rete.shadow import Shadow, _overlap, fnv1a
from engine.rete.spec import TableSpec
from tests.rete.synth import guideline_table, own_thresholds_table, random_cases

F = frozenset


def accepts(element: Chain | Either, x: int) -> bool:
    if isinstance(element, Chain):
        return all(t.holds(x) for t in element.tests)
    return any(all(t.holds(x) for t in alt) for alt in element.alternatives)


def test_runs_of() -> None:
    assert runs_of(F()) == []
    assert runs_of(F({3})) == [(3, 3)]
    assert runs_of(F({1, 2, 3, 7, 9, 10}), (1, 10)) == [(1, 3), (7, 7), (9, 10)]
    assert runs_of(F(range(5, 900)), (5, 899)) == [(5, 899)]


def test_a_range_is_two_comparisons_whatever_the_class_count() -> None:
    code = encode_cell(0, "a", F(range(500, 1999)), 2002)
    assert code is not None and code.either is None
    assert [t.to_json() for t in code.chain.tests] == [{"$gte": {"a": 500}}, {"$lte": {"a": 1998}}]
    assert encode_cell(0, "a", F(range(2002)), 2002) is None  # accepts all: no test
    assert encode_cell(0, "a", F(range(7, 2002)), 2002).chain.json_terms() == [
        {"$gte": {"a": 7}}
    ]


def test_scattered_literals_become_an_or_of_equalities() -> None:
    code = encode_cell(1, "b", F({2, 7, 11}), 20)
    assert isinstance(code.preferred(), Either)
    assert code.preferred().json_terms() == [{"$or": [{"b": 2}, {"b": 7}, {"b": 11}]}]
    assert code.preferred().markers == 2 and code.preferred().fanout == 0


def test_not_cells_become_inequalities() -> None:
    code = encode_cell(1, "b", F(range(10)) - {4, 6}, 10)
    assert isinstance(code.preferred(), Chain)
    assert code.preferred().json_terms() == [{"$neq": {"b": 4}}, {"$neq": {"b": 6}}]


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 40).flatmap(lambda n: st.tuples(st.just(n), st.sets(st.integers(0, n - 1), min_size=1))))
def test_both_encodings_accept_exactly_the_set(data: tuple[int, set[int]]) -> None:
    n, accepted = data
    code = encode_cell(0, "a", frozenset(accepted), n)
    if code is None:
        assert len(accepted) == n
        return
    for element in (code.chain, code.either):
        if element is not None:
            assert {x for x in range(n) if accepts(element, x)} == accepted


def test_the_marker_budget_trades_ors_for_chains() -> None:
    codes = [encode_cell(c, f"p{c}", F({1, 3, 5, 7}), 9) for c in range(20)]
    pairs = choose_elements(codes, budget=29)
    assert sum(el.markers for _, el in pairs) <= 29
    assert any(isinstance(el, Chain) for _, el in pairs)


def test_renumbering_makes_threshold_sets_contiguous() -> None:
    # the compiler's numbering: thresholds t1..t4 first (0..3), then the gaps (4..8)
    points, gaps = [0, 1, 2, 3], [4, 5, 6, 7, 8]
    order = [gaps[0], points[0], gaps[1], points[1], gaps[2], points[2], gaps[3], points[3], gaps[4]]
    cells = [F(order[i:]) for i in range(1, 9)] + [F(order[:i]) for i in range(1, 9)]
    assert total_runs(cells, list(range(9))) > len(cells)
    rank = better_numbering(cells, 9)
    assert rank is not None
    assert total_runs(cells, rank) == len(cells)  # every cell one run
    assert sorted(rank) == list(range(9))
    assert better_numbering([F({0, 1}), F({2})], 3) is None  # already runs


def test_column_names_are_distinct_short_and_spread_over_the_hash_slots() -> None:
    names = column_names(6)
    assert len(set(names)) == 6 and all(len(n) <= 2 for n in names)
    assert not {ID_PROP, GROUP_PROP, "sid"} & set(names)
    slots = sorted(fnv1a(n) & 31 for n in names)
    assert len(set(slots)) == 6
    assert all(b - a >= 2 for a, b in pairwise([0, *slots]))
    assert len(set(column_names(40))) == 40


def test_column_names_are_the_first_names_of_their_slots_in_one_fixed_order() -> None:
    """The pool makes names as far as asked; each slot's list must be what hashing every
    candidate up front gives, in the same order, so compiled rulesets do not change."""
    import string
    from itertools import product

    letters, tails = string.ascii_lowercase, string.ascii_lowercase + string.digits
    candidates = [*letters, *map("".join, product(letters, tails)), *map("".join, product(letters, tails, tails))]
    by_slot: dict[int, list[str]] = {}
    for name in candidates:
        if name not in (ID_PROP, GROUP_PROP, "primer", "sid"):
            by_slot.setdefault(fnv1a(name) & 31, []).append(name)
    names = column_names(300)
    taken: dict[int, int] = {}
    for name in names:
        slot = fnv1a(name) & 31
        assert name == by_slot[slot][taken.get(slot, 0)], name
        taken[slot] = taken.get(slot, 0) + 1
    assert column_names(6) == names[:6], "asking for more never renames the first"


def test_rendered_facts_are_json_with_renumbered_classes() -> None:
    names = column_names(3)
    values = value_strings(names, [range(2), [2, 0, 1], range(4)])
    text = renderer(3)([(0, [1, 0, 3]), (5, [0, 2, 0])], values)
    assert json.loads(text) == [
        {"id": 0, "g": 0, names[0]: 1, names[1]: 2, names[2]: 3},
        {"id": 5, "g": 0, names[0]: 0, names[1]: 1, names[2]: 0},
    ]
    assert json.loads(renderer(0)([(1, [])], [])) == [{"id": 1, "g": 0}]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 12).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(st.sampled_from(["$eq", "$neq", "$gte", "$lte", "$ex"]), st.integers(-2, n + 1)),
                min_size=1,
                max_size=8,
            ),
        )
    )
)
def test_overlap_is_the_most_tests_one_value_passes(data) -> None:
    n, tests = data
    keys = [("p", op, v) for op, v in tests]
    ops = {"$eq": int.__eq__, "$neq": int.__ne__, "$gte": int.__ge__, "$lte": int.__le__}

    def passes(op: str, v: int, x: int) -> bool:
        return True if op == "$ex" else ops[op](x, v)

    brute = max(sum(passes(op, v, x) for _, op, v in keys) for x in range(n))
    assert _overlap(keys, n) == brute


def test_shadow_merges_identical_tests_and_links_ors_through_forward_nodes() -> None:
    shadow = Shadow({"a": 5, "b": 5})
    shadow.add_rule("r0", {"$and": [{"a": 1}, {"$or": [{"b": 1}, {"b": 2}]}]})
    shadow.add_rule("r1", {"$and": [{"a": 1}, {"$gte": {"b": 2}}]})
    (a1,) = shadow.root.children.values()  # a == 1 is shared
    assert len(a1.children) == 3
    stats = shadow.stats()
    assert stats.nodes == 6
    assert stats.stack_bound == 2  # the root pushes 1, then b = 2 passes two tests of a1
    assert sorted(shadow.walk({"a": 1, "b": 2}).rules) == ["r0", "r1"]
    assert shadow.walk({"a": 1, "b": 4}).rules == ["r1"]
    assert shadow.walk({"a": 1, "b": 1}).rules == ["r0"]


def test_group_shape_and_paths() -> None:
    for n in (1, 2, 16, 17, 100, 1000, 4000):
        depth, fan = group_shape(n)
        assert fan**depth >= n and fan <= 16
    depth, fan = group_shape(100)
    paths = {json.dumps(group_path(i, depth, fan)) for i in range(100)}
    assert len(paths) == 100


def test_layouts_stay_within_the_engine_limits() -> None:
    for spec in (guideline_table(), own_thresholds_table(rows=300, seed=3)):
        for ruleset in compile_table(spec).rulesets:
            assert ruleset.stats.within_limits()
            assert ruleset.stats.stack_bound <= 60


def test_the_cost_model_prefers_what_the_engine_does_faster() -> None:
    # measured: flat beats one-rule-per-leaf grouping on a 100-row table (fewer nodes)
    spec = guideline_table()
    flat = compile_table(spec)
    anchored = compile_table(spec, leaf=1)
    domains = dict(zip(flat.names, spec.class_counts, strict=True)) | {"g": 1, "primer": 1}
    assert flat.rulesets[0].layout == "flat"
    assert expected_cost_ns(flat.rulesets[0].shadow, domains) < expected_cost_ns(
        anchored.rulesets[0].shadow, domains
    )


def test_empty_cells_drop_the_row_and_dont_cares_drop_the_test() -> None:
    spec = TableSpec("t", 2, [[F(), None], [None, None], [F({0, 1}), None]], [3, 2])
    compiled = compile_table(spec)
    (ruleset,) = compiled.rulesets
    assert ruleset.rows == (1, 2)
    rules = json.loads(ruleset.definition)
    assert set(rules) == {"r1", "r2", "primer"}


def test_random_cases_cover_each_column() -> None:
    spec = guideline_table(rows=10)
    cases = random_cases(spec, 200)
    for c, n in enumerate(spec.class_counts):
        assert {case[c] for case in cases} == set(range(n))


def test_named_cells_test_for_the_name_of_each_accepted_class() -> None:
    props = ("p0", "p1", "p2", "p3")
    assert encode_named_cell(0, props, F({0, 1, 2, 3})) is None
    one = encode_named_cell(0, props, F({2}))
    assert one is not None and one.preferred().json_terms() == [{"$ex": {"p2": 1}}]
    two = encode_named_cell(0, props, F({3, 1}))
    assert two is not None and two.chain is None
    assert two.preferred().json_terms() == [{"$or": [{"$ex": {"p1": 1}}, {"$ex": {"p3": 1}}]}]
    assert two.preferred().fanout == 0 and two.selectivity == 0.5


def test_small_columns_are_named_and_facts_carry_the_class_name() -> None:
    spec = TableSpec("n", 2, [[F({1}), F({0, 5})], [F({0, 2}), None]], [3, 40])
    compiled = compile_table(spec)
    assert compiled.named[1] is None and compiled.named[0] is not None
    names = compiled.named[0]
    assert len(names) == 3 and len(set(names) | set(compiled.names)) == 5
    fact = compiled.fact([2, 7])
    assert fact == {names[2]: 1, compiled.names[1]: 7, GROUP_PROP: 0}
    values = value_strings(compiled.names, [range(3), range(40)], compiled.named)
    assert values[0][1] == f',"{names[1]}":1' and values[1][7] == f',"{compiled.names[1]}":7'
    assert compile_table(spec, named_max=0).named == (None, None)


def test_the_shadow_counts_one_passing_test_per_named_column() -> None:
    shadow = Shadow({"x0": 1, "x1": 1, "x2": 1, "y": 4}, {"x0": "x", "x1": "x", "x2": "x"})
    for i in range(3):
        shadow.add_rule(f"r{i}", {"$ex": {f"x{i}": 1}})
    shadow.add_rule("r3", {"$gte": {"y": 1}})
    assert shadow.stats().stack_bound == 2  # one of x0..x2, and y
    walk = shadow.walk({"x1": 1, "y": 2})
    assert sorted(walk.rules) == ["r1", "r3"] and walk.evaluated == 2


def test_pieces_join_into_the_same_array_for_any_subset() -> None:
    values = value_strings(["a", "b"], [range(3), range(2)])
    pieces = piece_renderer(2)([(0, [1, 0]), (7, [2, 1]), (5000, [0, 1])], values)
    assert json.loads(join_pieces(pieces)) == [
        {"id": 0, "g": 0, "a": 1, "b": 0},
        {"id": 7, "g": 0, "a": 2, "b": 1},
        {"id": 5000, "g": 0, "a": 0, "b": 1},
    ]
    assert json.loads(join_pieces(pieces[1:2])) == [{"id": 7, "g": 0, "a": 2, "b": 1}]
    assert join_pieces([]) == "[]" and piece_renderer(2)([], values) == []
    assert renderer(2)([(7, [2, 1])], values) == join_pieces(pieces[1:2])
