"""RuleNetwork: matching, batches, FIRST, isolation, errors, lifecycle."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest

from engine.rete import RuleEngineError, RuleNetwork, TableSpec, durable_adapter
from tests.rete.synth import guideline_table, random_cases, reference_match

dre = durable_adapter.dre  # the C engine, as the adapter (the only importer) holds it

F = frozenset


def small_table(name: str = "t") -> TableSpec:
    # column 0: 5 classes (ordered), column 1: 4 classes (an enumeration)
    rows = [
        [F({3, 4}), None],  # >= t
        [None, F({1, 2})],  # in (b, c)
        [F({0}), F({0})],
        [None, None],  # always
        [F(), None],  # never (empty cell)
        [F({0, 1, 2, 3, 4}), F({0, 1, 3})],  # all of col 0; not(c)
    ]
    return TableSpec(name, 2, rows, [5, 4])


@pytest.fixture
def net() -> Iterator[RuleNetwork]:
    network = RuleNetwork([small_table()])
    yield network
    network.close()


def test_match_returns_all_matching_rows_ascending(net: RuleNetwork) -> None:
    assert net.match("t", [3, 1]) == [0, 1, 3, 5]
    assert net.match("t", [0, 0]) == [2, 3, 5]
    assert net.match("t", [1, 2]) == [1, 3]


def test_every_case_agrees_with_brute_force(net: RuleNetwork) -> None:
    spec = small_table()
    cases = [[a, b] for a in range(5) for b in range(4)]
    for case in cases:
        assert net.match("t", case) == reference_match(spec, case)
    assert net.match_many("t", cases) == [reference_match(spec, c) for c in cases]
    first = net.match_many("t", cases, first_only=True)
    assert first == [reference_match(spec, c)[:1] for c in cases]


def test_match_many_empty_and_singleton(net: RuleNetwork) -> None:
    assert net.match_many("t", []) == []
    assert net.match_many("t", [[4, 3]]) == [[0, 3, 5]]
    assert net.match_many("t", [[4, 3]], first_only=True) == [[0]]


def test_batches_of_any_size_give_the_same_answer() -> None:
    spec = guideline_table(rows=60, seed=5)
    cases = random_cases(spec, 700, seed=6)
    expected = [reference_match(spec, c) for c in cases]
    for batch in (1, 7, 512, 10_000):
        with RuleNetwork([spec], batch=batch) as network:
            assert network.match_many(spec.name, cases) == expected
            assert network.match_many(spec.name, cases, first_only=True) == [
                e[:1] for e in expected
            ]


def test_no_fact_is_left_in_the_engine(net: RuleNetwork) -> None:
    for case in ([3, 1], [0, 0], [2, 2]):
        net.match("t", case)
    net.match_many("t", [[3, 1], [0, 0], [1, 1]] * 50)
    net.match_many("t", [[3, 1], [0, 0], [1, 1]] * 50, first_only=True)
    for handle in net._tables["t"].handles:
        assert json.loads(dre.get_facts(handle, "0")) == []
        assert json.loads(dre.get_events(handle, "0")) == []


def test_several_tables_and_networks_at_once() -> None:
    a = RuleNetwork([small_table("t"), small_table("u")])
    b = RuleNetwork([small_table("t")])  # same table name, another network
    try:
        assert a.tables == ["t", "u"]
        assert a.match("u", [3, 1]) == b.match("t", [3, 1]) == [0, 1, 3, 5]
        a.close()
        assert b.match("t", [0, 0]) == [2, 3, 5]  # b is unaffected
    finally:
        a.close()
        b.close()


def test_duplicate_table_names_are_refused() -> None:
    with pytest.raises(ValueError, match="used twice"):
        RuleNetwork([small_table("t"), small_table("t")])


def test_closed_network_refuses_work(net: RuleNetwork) -> None:
    net.close()
    assert net.closed
    with pytest.raises(RuleEngineError, match="closed"):
        net.match("t", [0, 0])
    net.close()  # idempotent


def test_unknown_table_and_bad_cases_are_value_errors(net: RuleNetwork) -> None:
    with pytest.raises(ValueError, match="no such table"):
        net.match("nope", [0, 0])
    with pytest.raises(ValueError, match="needs 2 class ids"):
        net.match("t", [0])
    with pytest.raises(ValueError, match=r"outside 0\.\.4"):
        net.match("t", [5, 0])
    with pytest.raises(ValueError, match=r"outside 0\.\.3"):
        net.match_many("t", [[0, 0], [0, -1]])
    with pytest.raises(ValueError, match="outside"):
        net.match_many("t", [[0, 0], [0, 1.5]])
    with pytest.raises(ValueError, match="outside"):
        net.match("t", [0, "1"])
    with pytest.raises(ValueError, match="needs 2 class ids"):
        net.match_many("t", [[0, 0], [0, 1, 2]])


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (TableSpec("", 1, [], [2]), "non-empty"),
        (TableSpec("x", 2, [], [2]), "expected 2 class counts"),
        (TableSpec("x", 1, [[None, None]], [2]), "row 0 has 2 cells"),
        (TableSpec("x", 1, [[F({2})]], [2]), r"class id 2 is outside 0\.\.1"),
        (TableSpec("x", 1, [[{0}]], [0]), "must have >= 1 class"),
        (TableSpec("x", 1, [[[0]]], [2]), "expected a frozenset"),
        (TableSpec("x", 252, [], [2] * 252), r"columns must be 0\.\.251"),
    ],
)
def test_malformed_specs_are_refused_with_one_line(spec: TableSpec, message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        RuleNetwork([spec])
    assert "\n" not in str(info.value)


def test_engine_errors_are_wrapped_and_name_the_table(net: RuleNetwork) -> None:
    handle = net._tables["t"].handles[0]
    dre.delete_ruleset(handle)  # pull the ruleset from under the network
    with pytest.raises(RuleEngineError, match="table 't'") as info:
        net.match("t", [0, 0])
    assert isinstance(info.value.__cause__, dre.error)
    assert "\n" not in str(info.value)
    # the failed ruleset was replaced by a fresh one: the network works again
    assert net._tables["t"].handles != [handle]
    assert net.match("t", [0, 0]) == [2, 3, 5]
    assert net.match_many("t", [[0, 0]], first_only=True) == [[2]]


def fail_on_call(monkeypatch, name: str, after: int = 0) -> dict[str, int]:
    """Make ``dre.<name>`` raise an engine error on its call number ``after + 1``."""
    calls = {"n": 0}
    real = getattr(dre, name)

    def flaky(*args: object) -> object:
        calls["n"] += 1
        if calls["n"] == after + 1:
            raise dre.error(f"Could not {name}, error code: 999")
        return real(*args)

    monkeypatch.setattr(durable_adapter.dre, name, flaky)
    return calls


@pytest.mark.parametrize("first_only", [False, True])
@pytest.mark.parametrize(
    "name", ["assert_fact", "start_action_for_state", "complete_and_start_action"]
)
def test_a_failure_mid_match_leaves_nothing_behind(
    net: RuleNetwork, monkeypatch: pytest.MonkeyPatch, name: str, first_only: bool
) -> None:
    spec = small_table()
    cases = [[a, b] for a in range(5) for b in range(4)] * 3
    fail_on_call(monkeypatch, name, after=1)
    with pytest.raises(RuleEngineError, match="error code: 999"):
        net.match("t", [3, 1])
        net.match("t", [3, 1])
    monkeypatch.undo()
    assert net.match("t", [3, 1]) == [0, 1, 3, 5]  # no stale fact, no locked state
    expected = [reference_match(spec, c) for c in cases]
    if first_only:
        expected = [e[:1] for e in expected]
    assert net.match_many("t", cases, first_only=first_only) == expected


@pytest.mark.parametrize("first_only", [False, True])
def test_a_failure_mid_batch_leaves_nothing_behind(monkeypatch: pytest.MonkeyPatch, first_only: bool) -> None:
    spec = guideline_table(rows=40, seed=9)
    cases = random_cases(spec, 300, seed=10)
    expected = [reference_match(spec, c) for c in cases]
    if first_only:
        expected = [e[:1] for e in expected]
    with RuleNetwork([spec], batch=50) as network:
        fail_on_call(monkeypatch, "complete_and_start_action", after=7)
        with pytest.raises(RuleEngineError, match="error code: 999"):
            network.match_many(spec.name, cases, first_only=first_only)
        monkeypatch.undo()
        assert len(network._abandoned) == 1
        assert network.match_many(spec.name, cases, first_only=first_only) == expected
        assert [network.match(spec.name, c) for c in cases[:20]] == [
            reference_match(spec, c) for c in cases[:20]
        ]


def test_an_interrupt_mid_batch_also_swaps_the_rulesets(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = guideline_table(rows=40, seed=9)
    cases = random_cases(spec, 100, seed=10)
    with RuleNetwork([spec], batch=10) as network:
        real = dre.complete_and_start_action
        calls = {"n": 0}

        def interrupted(*args: object) -> object:
            calls["n"] += 1
            if calls["n"] == 3:  # a Ctrl-C arrives once, between two engine calls
                raise KeyboardInterrupt
            return real(*args)

        monkeypatch.setattr(durable_adapter.dre, "complete_and_start_action", interrupted)
        with pytest.raises(KeyboardInterrupt):
            network.match_many(spec.name, cases)
        monkeypatch.undo()
        assert len(network._abandoned) == 1
        assert network.match_many(spec.name, cases) == [reference_match(spec, c) for c in cases]


def test_a_table_whose_rulesets_cannot_be_rebuilt_is_marked_unusable(
    net: RuleNetwork, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_on_call(monkeypatch, "assert_fact")
    fail_on_call(monkeypatch, "create_ruleset")
    with pytest.raises(RuleEngineError, match="999"):
        net.match("t", [0, 0])
    monkeypatch.undo()
    with pytest.raises(RuleEngineError, match="unusable after an engine failure"):
        net.match("t", [0, 0])


def test_creation_errors_are_wrapped(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(name: str, definition: str) -> int:
        raise dre.error("Could not create ruleset, error code: 106")

    monkeypatch.setattr(durable_adapter.dre, "create_ruleset", broken)
    with pytest.raises(RuleEngineError, match=r"table 't'.*106"):
        RuleNetwork([small_table()])


def test_the_widest_table_the_engine_takes() -> None:
    columns = 251
    spec = TableSpec("w", columns, [[F({1})] * columns, [None] * 250 + [F({0})]], [3] * columns)
    with RuleNetwork([spec]) as network:
        assert network.match("w", [1] * columns) == [0]
        assert network.match_many("w", [[1] * columns, [0] * columns]) == [[0], [1]]


def test_no_threads_are_started() -> None:
    before = threading.active_count()
    with RuleNetwork([small_table()]) as network:
        network.match("t", [0, 0])
        network.match_many("t", [[0, 0]] * 10)
        assert threading.active_count() == before


def test_a_dropped_network_frees_its_rulesets() -> None:
    network = RuleNetwork([small_table()])
    handle = network._tables["t"].handles[0]
    del network
    with pytest.raises(dre.error):
        dre.assert_fact(handle, '{"id":0,"g":0,"x0":0,"x1":0}')


def test_states_that_never_fired_are_safe_to_clean_up() -> None:
    # A fresh state's action context is uninitialised in the C engine; without the
    # primer, deleting a state in which no action ever ran crashed the process.
    spec = TableSpec("n", 1, [[F({0})], [F({0})]], [3])
    for _ in range(30):
        with RuleNetwork([spec], batch=4) as network:
            junk = [bytearray(b"\xff" * 4096) for _ in range(50)]  # dirty the heap
            del junk
            assert network.match_many("n", [[1], [2]] * 5) == [[]] * 10
            assert network.match_many("n", [[1]], first_only=True) == [[]]
            assert network.match("n", [2]) == []


def test_a_fact_left_behind_is_reported_not_ignored(net: RuleNetwork) -> None:
    handle = net._tables["t"].handles[0]
    dre.assert_fact(handle, '{"id":0,"g":0}')  # a stray fact with id 0 (fires row 3)
    with pytest.raises(RuleEngineError, match="still in the engine"):
        net.match("t", [3, 1])
    assert net.match("t", [3, 1]) == [0, 1, 3, 5]  # the rulesets were replaced


def test_first_only_batches_have_smaller_rulesets_of_their_own(monkeypatch) -> None:
    monkeypatch.setattr(durable_adapter, "FIRST_RULES", 2)
    spec = small_table("f")
    cases = [[a, b] for a in range(5) for b in range(4)]
    expected = [reference_match(spec, case) for case in cases]
    with RuleNetwork([spec]) as network:
        assert network.match_many("f", cases, first_only=True) == [e[:1] for e in expected]
        entry = network._tables["f"]
        assert entry.first is not None and len(entry.first.rulesets) == 3
        assert len(entry.compiled.rulesets) == 1
        assert entry.first_handles is not entry.handles
        # an engine failure in the first_only layout replaces both layouts' rulesets
        lost = entry.first_handles[1]
        dre.delete_ruleset(lost)
        with pytest.raises(RuleEngineError, match="table 'f'"):
            network.match_many("f", cases, first_only=True)
        assert lost not in entry.first_handles and len(entry.first_handles) == 3
        assert network.match_many("f", cases, first_only=True) == [e[:1] for e in expected]
        assert network.match_many("f", cases) == expected
        assert [network.match("f", case) for case in cases] == expected


def test_first_only_shares_the_rulesets_when_the_layouts_agree(net: RuleNetwork) -> None:
    assert net.match_many("t", [[3, 1]], first_only=True) == [[0]]
    entry = net._tables["t"]
    assert entry.first_handles is entry.handles


def test_a_row_whose_named_cells_exceed_the_markers_is_compiled_unnamed() -> None:
    # 16 columns of 3 classes, each cell two of them: 16 $or of names need 32 markers
    spec = TableSpec("wide", 16, [[F({0, 2})] * 16, [F({1})] * 16], [3] * 16)
    cases = [[0] * 16, [2] * 16, [1] * 16, [0] * 15 + [1]]
    with RuleNetwork([spec]) as network:
        assert network._tables["wide"].compiled.named == (None,) * 16
        assert network.match_many("wide", cases) == [reference_match(spec, c) for c in cases]
    narrow = TableSpec("narrow", 2, [[F({0, 2}), F({1})], [None, F({0, 1})]], [3, 3])
    cases = [[a, b] for a in range(3) for b in range(3)]
    with RuleNetwork([narrow]) as network:
        assert all(n is not None for n in network._tables["narrow"].compiled.named)
        assert network.match_many("narrow", cases) == [reference_match(narrow, c) for c in cases]
        assert [network.match("narrow", c) for c in cases] == [reference_match(narrow, c) for c in cases]
