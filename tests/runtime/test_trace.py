"""Evaluation and trace on the bundled acupuncture tables (a chain of two)."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

from engine.errors import CaseError
from engine.runtime.evaluate import evaluate
from engine.runtime.trace import RowState

AS_OF = dt.date(2015, 4, 1)


def _extension(**extra):
    facts = {
        "acupuncture.request_type": "extension",
        "acupuncture.sessions_requested": 8,
        "acupuncture.frequency_per_week": 2,
    }
    facts.update(extra)
    return facts


def test_fired_row_and_its_rationale(rulebase):
    result = evaluate(rulebase, _extension(**{"acupuncture.functional_improvement": True}), AS_OF)
    table = result.tables["acupuncture_determination"]
    assert table.value == "Overturned"
    assert table.selected == [6]
    row = table.rows[5]
    assert row.state is RowState.FIRED
    assert row.citation.startswith("MTUS Acupuncture Medical Treatment Guidelines")
    assert "functional improvement" in row.rationale


def test_not_fired_names_the_first_failing_cell(rulebase):
    result = evaluate(rulebase, _extension(**{"acupuncture.functional_improvement": True}), AS_OF)
    first = result.tables["acupuncture_determination"].rows[0]
    assert first.state is RowState.NOT_FIRED
    assert first.failing.address == "acupuncture_determination!B8"
    assert first.failing.value == "extension"
    assert first.failing.test == '"initial"'
    assert "fails" in first.failing.describe()


def test_undecided_row_lists_the_missing_fact_and_its_question(rulebase):
    result = evaluate(rulebase, _extension(), AS_OF)
    table = result.tables["acupuncture_determination"]
    assert table.value is None
    undecided = [r for r in table.rows if r.state is RowState.UNDECIDED]
    assert [r.rule for r in undecided] == [6, 7]
    assert undecided[0].missing == ("acupuncture.functional_improvement",)
    assert table.missing_facts == ["acupuncture.functional_improvement"]
    by_name = {m.name: m for m in result.missing_facts}
    missing = by_name["acupuncture.functional_improvement"]
    assert "functional improvement" in missing.question
    assert missing.tables == ["acupuncture_determination"]
    # The indication facts are missing too, but only change the indication table.
    assert by_name["acupuncture.adjunct_to_rehabilitation"].tables == ["acupuncture_indication"]


def test_missing_fact_that_changes_nothing_is_not_listed(rulebase):
    facts = {"acupuncture.request_type": "initial", "acupuncture.sessions_requested": 7,
             "acupuncture.frequency_per_week": 2}
    result = evaluate(rulebase, facts, AS_OF)
    table = result.tables["acupuncture_determination"]
    assert table.value == "Upheld"
    # The indication is undecided (nothing documented) but rule 1 decides regardless.
    assert result.tables["acupuncture_indication"].missing_facts
    assert table.missing_facts == []


def test_chained_table_output_feeds_the_next(rulebase):
    facts = {"acupuncture.request_type": "initial", "acupuncture.sessions_requested": 6,
             "acupuncture.frequency_per_week": 3, "acupuncture.adjunct_to_rehabilitation": True}
    result = evaluate(rulebase, facts, AS_OF)
    assert result.facts["acupuncture.indicated"] is True
    assert result.tables["acupuncture_determination"].value == "Overturned"
    assert "{" not in result.tables["acupuncture_determination"].rows[2].rationale
    assert "6 sessions at 3 per week" in result.tables["acupuncture_determination"].rows[2].rationale


def test_missing_root_fact_reached_through_the_chain(rulebase):
    facts = {"acupuncture.request_type": "initial", "acupuncture.sessions_requested": 4,
             "acupuncture.frequency_per_week": 2}
    result = evaluate(rulebase, facts, AS_OF)
    table = result.tables["acupuncture_determination"]
    assert table.value is None
    assert set(table.missing_facts) == {
        "acupuncture.medication_reduced_or_not_tolerated", "acupuncture.adjunct_to_rehabilitation"}


def test_evaluations_are_isolated(rulebase):
    evaluate(rulebase, _extension(**{"acupuncture.functional_improvement": True}), AS_OF)
    again = evaluate(rulebase, _extension(), AS_OF)
    assert again.tables["acupuncture_determination"].value is None
    assert "acupuncture.functional_improvement" not in again.facts


def test_numbers_are_exact_decimals(rulebase):
    result = evaluate(rulebase, _extension(**{"acupuncture.frequency_per_week": 3.5,
                                              "acupuncture.functional_improvement": True}), AS_OF)
    assert result.facts["acupuncture.frequency_per_week"] == Decimal("3.5")
    assert result.tables["acupuncture_determination"].value == "Upheld"


def test_unknown_fact_is_refused_with_a_suggestion(rulebase):
    with pytest.raises(CaseError) as info:
        evaluate(rulebase, {"acupuncture.sessions_requestd": 6}, AS_OF)
    assert "did you mean 'acupuncture.sessions_requested'?" in str(info.value)


def test_callable_from_worker_threads(rulebase):
    cases = [
        _extension(**{"acupuncture.functional_improvement": bool(i % 2),
                      "acupuncture.frequency_per_week": 1 + i % 5})
        for i in range(200)
    ]
    expected = [evaluate(rulebase, c, AS_OF).tables["acupuncture_determination"].value for c in cases]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(
            lambda c: evaluate(rulebase, c, AS_OF).tables["acupuncture_determination"].value, cases))
    assert got == expected
    assert {"Upheld", "Overturned"} <= set(got)
