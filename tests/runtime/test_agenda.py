"""The agenda: durable-rules hands out each table once the tables it reads from have settled."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.compiler.rulebase import load_rulebase
from engine.rete.agenda import Agenda
from engine.runtime.evaluate import evaluate

TABLES = Path(__file__).resolve().parents[2] / "tables"

# A diamond and a loner: b and c read a's output, d reads b's and c's, e reads case facts only.
GRAPH = [
    ("a", frozenset({"x"})),
    ("b", frozenset({"a.out", "y"})),
    ("c", frozenset({"a.out"})),
    ("d", frozenset({"b.out", "c.out"})),
    ("e", frozenset({"z"})),
]
PRODUCED = frozenset({"a.out", "b.out", "c.out", "d.out", "e.out"})


def settle_outputs(seen: list[str]):
    def decide(name: str) -> list[str]:
        seen.append(name)
        return [f"{name}.out"]
    return decide


def test_each_table_comes_once_after_every_table_it_reads_from() -> None:
    agenda = Agenda(GRAPH, PRODUCED)
    try:
        seen: list[str] = []
        order = agenda.run(settle_outputs(seen))
        assert order == seen
        assert sorted(order) == ["a", "b", "c", "d", "e"]
        assert order.index("a") < order.index("b") < order.index("d")
        assert order.index("c") < order.index("d")
        # Wave by wave, each in rule order: a and e are ready at the start; a settling
        # readies b and c; they ready d.
        assert order == ["a", "e", "b", "c", "d"]
        assert agenda.run(settle_outputs([])) == order, "a second run finds the engine empty"
    finally:
        agenda.close()


def test_a_table_that_settles_nothing_leaves_its_readers_waiting() -> None:
    agenda = Agenda(GRAPH, PRODUCED)
    try:
        order = agenda.run(lambda name: [] if name == "c" else [f"{name}.out"])
        assert order == ["a", "e", "b", "c"], "d waits for c's output"
        assert agenda.run(settle_outputs([])) == ["a", "e", "b", "c", "d"]
    finally:
        agenda.close()


def test_an_error_in_a_decision_stops_the_run_and_leaves_the_agenda_usable() -> None:
    agenda = Agenda(GRAPH, PRODUCED)
    try:
        def failing(name: str) -> list[str]:
            if name == "b":
                raise KeyError("boom")
            return [f"{name}.out"]

        with pytest.raises(KeyError, match="boom"):
            agenda.run(failing)

        def failing_with_tables_readied(name: str) -> list[str]:
            if name == "e":  # a has settled: b and c are ready in the engine, never handed out
                raise KeyError("boom")
            return [f"{name}.out"]

        with pytest.raises(KeyError, match="boom"):
            agenda.run(failing_with_tables_readied)
        for _ in range(3):
            assert agenda.run(settle_outputs([])) == ["a", "e", "b", "c", "d"]
    finally:
        agenda.close()


def test_a_closed_agenda_says_so() -> None:
    agenda = Agenda(GRAPH, PRODUCED)
    agenda.close()
    with pytest.raises(Exception, match="closed"):
        agenda.run(settle_outputs([]))


def test_the_shipped_tables_are_decided_after_the_tables_they_read_from() -> None:
    rulebase = load_rulebase(TABLES)
    try:
        decided: list[str] = []
        order = rulebase.agenda.run(lambda name: (decided.append(name), rulebase.tables[name][0].writes)[1])
        assert sorted(order) == sorted(rulebase.tables)
        position = {name: i for i, name in enumerate(order)}
        for name, group in rulebase.tables.items():
            for compiled in group:
                for fact in compiled.reads:
                    producer = rulebase.producers.get(fact)
                    if producer is not None:
                        assert position[producer] < position[name], (producer, name, fact)
        # evaluate() goes through the same agenda, and lists the tables in the rule base's order.
        result = evaluate(rulebase, {"injury.days_since": 400}, None)
        assert list(result.tables) == [c.table.name for c in rulebase.active_tables(result.as_of)]
    finally:
        rulebase.close()
