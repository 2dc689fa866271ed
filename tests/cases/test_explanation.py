"""``determine_case(explain=True)``: every row of the tables behind an item, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cases.determination import CaseDetermination, determine_case
from engine.cases.loader import load_case
from engine.compiler.rulebase import Rulebase, load_rulebase

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped() -> Rulebase:
    rulebase = load_rulebase(ROOT / "tables")
    yield rulebase
    rulebase.close()


def test_a_plain_determination_carries_no_explanation(shipped: Rulebase) -> None:
    decided = determine_case(shipped, load_case(ROOT / "cases/seed.yaml"), "cases/seed.yaml")
    assert all(item.explanation is None for item in decided.items)


def test_each_item_explains_its_table_first_then_the_tables_it_reads(shipped: Rulebase) -> None:
    decided = determine_case(shipped, load_case(ROOT / "cases/seed.yaml"), "cases/seed.yaml", explain=True)
    for item in decided.items:
        assert item.explanation, item.item
        assert item.explanation[0].table == item.table
        for table in item.explanation:
            rules = shipped.table(table.table).rules
            assert [r.rule for r in table.rows] == [rule.number for rule in rules]
            chosen = [r.rule for r in table.rows if r.selected]
            assert chosen == [f.rule for f in item.fired_rows if f.table == table.table]
            for row in table.rows:
                if row.state == "not fired":
                    assert row.failing is not None and row.failing.text.startswith(row.failing.address)
                    assert " fails " in row.failing.text
                if row.state == "undecided":
                    assert row.missing and row.failing is None


def test_the_explanation_survives_json(shipped: Rulebase) -> None:
    decided = determine_case(shipped, load_case(ROOT / "cases/seed.yaml"), "cases/seed.yaml", explain=True)
    text = decided.model_dump_json()
    again = CaseDetermination.model_validate_json(text)
    assert again.model_dump_json() == text
    assert again.items[0].explanation is not None
    assert [t.table for t in again.items[0].explanation] == [t.table for t in decided.items[0].explanation or []]
