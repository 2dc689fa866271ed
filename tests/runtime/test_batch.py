"""The batch path gives the same outcomes as the traced evaluation."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from engine.compiler.rulebase import load_rulebase
from engine.errors import EvaluationError
from engine.runtime.batch import decide_many
from engine.runtime.evaluate import evaluate

TABLES = Path(__file__).resolve().parents[2] / "tables"
AS_OF = dt.date(2015, 4, 1)


def test_batch_matches_traced_evaluation():
    rulebase = load_rulebase(TABLES / "office_visits.xlsx")
    cases = [
        {"reevaluation.duplicate_of_approved": dup, "reevaluation.for_denied_treatment": denied,
         "reevaluation.visits_requested": visits, "reevaluation.symptoms_persist": persist,
         "reevaluation.months_in_care": months}
        for dup, denied, visits, persist, months in itertools.product(
            [True, False], [True, False], [1, 2], [True, False, None], [1, 3, 24])
    ]
    batch = decide_many(rulebase, "reevaluation_determination", cases, AS_OF)
    traced = [evaluate(rulebase, c, AS_OF).tables["reevaluation_determination"] for c in cases]
    assert [b.value for b in batch] == [t.value for t in traced]
    assert {b.value for b in batch} == {"Upheld", "Overturned", None}


def test_unknown_table():
    rulebase = load_rulebase(TABLES / "office_visits.xlsx")
    with pytest.raises(EvaluationError, match="no table 'nope'"):
        decide_many(rulebase, "nope", [{}], AS_OF)
