"""Missing facts are listed when, and only when, they could change the result."""

from __future__ import annotations

import pytest

from engine.authoring.spec import FactSpec, GuidelineSpec, RuleSpec, TableSpec, WorkbookSpec
from engine.authoring.writer import write_workbook
from engine.compiler.rulebase import load_rulebase
from engine.runtime.evaluate import evaluate


@pytest.fixture(scope="module")
def both_needed(tmp_path_factory):
    spec = WorkbookSpec(
        guideline=GuidelineSpec(id="g", title="T", citation="C", edition="1"),
        facts=(FactSpec(name="a", type="boolean", question="Is a documented?"),
               FactSpec(name="b", type="boolean", question="Is b documented?"),
               FactSpec(name="c", type="boolean"),
               FactSpec(name="out", type="text")),
        tables=(TableSpec(
            name="t", hit_policy="FIRST", inputs=("c", "a", "b"), outputs=("out",),
            rules=(RuleSpec(inputs=("true", "-", "-"), outputs=('"c"',), citation="C",
                            rationale="The result is {out}."),
                   RuleSpec(inputs=("-", "true", "true"), outputs=('"both"',), citation="C")),
        ),),
    )
    rb = load_rulebase(write_workbook(spec, tmp_path_factory.mktemp("m") / "m.xlsx"))
    yield rb
    rb.close()


def test_facts_that_matter_only_together_are_listed(both_needed):
    result = evaluate(both_needed, {"c": False})
    table = result.tables["t"]
    assert table.value is None
    # Neither a nor b alone can make rule 2 fire; together they do.
    assert table.missing_facts == ["a", "b"]
    assert [(m.name, m.question) for m in result.missing_facts] == [
        ("a", "Is a documented?"), ("b", "Is b documented?")]


def test_nothing_is_listed_when_an_earlier_first_rule_decides(both_needed):
    result = evaluate(both_needed, {"c": True})
    assert result.tables["t"].value == "c"
    assert result.tables["t"].rows[0].rationale == "The result is c."  # its own output, filled
    assert result.tables["t"].missing_facts == []
    assert result.missing_facts == []


def test_a_fact_that_would_not_change_the_result_is_left_out(both_needed):
    result = evaluate(both_needed, {"c": False, "a": False})
    assert result.tables["t"].value is None
    assert result.tables["t"].missing_facts == []  # b cannot matter once a is false


def test_a_fact_a_cell_names_is_tried_against_what_it_is_compared_with(tmp_path):
    """``<= limit`` in a quantity column: the limit's table waits for ``kind``, so ``kind`` is asked."""
    spec = WorkbookSpec(
        guideline=GuidelineSpec(id="g", title="T", citation="C", edition="1"),
        facts=(FactSpec(name="kind", type="text", question="Which kind?"),
               FactSpec(name="quantity", type="number"),
               FactSpec(name="limit", type="number"),
               FactSpec(name="out", type="text")),
        tables=(
            TableSpec(name="limits", hit_policy="UNIQUE", inputs=("kind",), outputs=("limit",), rules=(
                RuleSpec(inputs=('"a"',), outputs=("6",), citation="C"),
                RuleSpec(inputs=('"b"',), outputs=("12",), citation="C"))),
            TableSpec(name="t", hit_policy="FIRST", inputs=("quantity",), outputs=("out",), rules=(
                RuleSpec(inputs=("<= limit",), outputs=('"within"',), citation="C"),
                RuleSpec(inputs=("> limit",), outputs=('"over"',), citation="C"))),
        ),
    )
    rb = load_rulebase(write_workbook(spec, tmp_path / "w.xlsx"))
    try:
        result = evaluate(rb, {"quantity": 8})
        assert result.tables["t"].value is None
        assert result.tables["t"].missing_facts == ["kind"]  # by its root fact, through limit
        assert [m.name for m in result.missing_facts] == ["kind"]
    finally:
        rb.close()
