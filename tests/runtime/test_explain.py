"""The explanation: row states on every decision, the full trace only when read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from engine.compiler.rulebase import Rulebase, load_rulebase
from engine.runtime.evaluate import evaluate
from engine.runtime.trace import RowState

TABLES = Path(__file__).resolve().parents[2] / "tables"
AS_OF = dt.date(2016, 6, 1)


@pytest.fixture(scope="module")
def shipped() -> Rulebase:
    rulebase = load_rulebase(TABLES)
    yield rulebase
    rulebase.close()


def test_the_trace_is_built_when_first_read_and_kept(shipped: Rulebase) -> None:
    result = evaluate(shipped, {"injury.days_since": 400}, AS_OF)
    table = result.tables["injury_phase"]
    assert table._rows is None, "deciding builds no trace"
    rows = table.rows
    assert rows is table.rows and len(rows) == len(shipped.table("injury_phase").rules)
    assert [r.state for r in rows] == [s.state for s in table.statuses]
    fired = [r for r in rows if r.state is RowState.FIRED]
    assert [r.rule for r in fired] == table.matched
    assert all("{" not in (r.rationale or "") for r in fired), "placeholders filled"


def test_a_row_that_did_not_fire_names_its_failing_cell(shipped: Rulebase) -> None:
    result = evaluate(shipped, {"injury.days_since": 400}, AS_OF)
    rows = result.tables["injury_phase"].rows
    failed = [r for r in rows if r.state is RowState.NOT_FIRED]
    assert failed and all(r.failing is not None and not r.failing.passed for r in failed)
    assert all(r.failing.fact == "injury.days_since" and "400" in r.failing.describe() for r in failed)


def test_tracing_or_not_the_decision_is_the_same(shipped: Rulebase) -> None:
    """Undecided tables leave their outputs out either way (the row states decide that,
    not the trace), so the facts after evaluation are the same."""
    for facts in ({}, {"injury.days_since": 400}, {"request.screen": "review"}):
        traced = evaluate(shipped, facts, AS_OF)
        plain = evaluate(shipped, facts, AS_OF, trace=False)
        assert plain.facts == traced.facts
        assert {n: t.value for n, t in plain.tables.items()} == {n: t.value for n, t in traced.tables.items()}
        assert any(t.undecided for t in plain.tables.values())
