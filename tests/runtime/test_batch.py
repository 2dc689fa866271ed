"""The batch path gives the same outcomes as the traced evaluation."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from engine.errors import EvaluationError
from engine.runtime.batch import decide_many
from engine.runtime.evaluate import evaluate

AS_OF = dt.date(2015, 4, 1)


def test_batch_matches_traced_evaluation(rulebase):
    cases = [
        {"acupuncture.request_type": kind, "acupuncture.sessions_requested": sessions,
         "acupuncture.frequency_per_week": per_week, "acupuncture.functional_improvement": improved,
         "acupuncture.indicated": indicated}
        for kind, sessions, per_week, improved, indicated in itertools.product(
            ["initial", "extension"], [1, 6, 7], [1, 3, 3.5], [True, False, None], [True, False])
    ]
    batch = decide_many(rulebase, "acupuncture_determination", cases, AS_OF)
    traced = [evaluate(rulebase, c, AS_OF).tables["acupuncture_determination"] for c in cases]
    assert [b.value for b in batch] == [t.value for t in traced]
    assert {b.value for b in batch} == {"Upheld", "Overturned", None}


def test_unknown_table(rulebase):
    with pytest.raises(EvaluationError, match="no table 'nope'"):
        decide_many(rulebase, "nope", [{}], AS_OF)
