"""Issue 11 item 11: for a medication, the guideline's reason decides before "quantity not stated".

A request that does not state how many is Upheld by the quantity row only when no row on the
substance decides; with the substance's reason on record, that row is the one the letter cites.
"""

from __future__ import annotations

from datetime import date

import pytest

from engine import evaluate, load_rulebase

AS_OF = date(2016, 12, 1)


@pytest.fixture(scope="module")
def rulebase():
    return load_rulebase("tables/")


def _deciding(rulebase, table: str, facts: dict) -> tuple[str, str]:
    result = evaluate(rulebase, facts, as_of=AS_OF)
    traced = result.tables[table]
    (rule,) = traced.selected
    row = next(r for r in traced.rows if r.rule == rule)
    return traced.value, row.rationale


@pytest.mark.parametrize(("table", "facts", "words"), [
    ("topicals_determination",
     {"topicals.product": "compound or other product", "topicals.has_muscle_relaxant": True}, "not recommended"),
    ("muscle_relaxants_determination",
     {"muscle_relaxants.drug": "carisoprodol"}, "Carisoprodol"),
    ("muscle_relaxants_determination",
     {"muscle_relaxants.drug": "cyclobenzaprine", "request.kind": "extension",
      "muscle_relaxants.acute_exacerbation": True},
     "continuation"),
    ("opioids_determination",
     {"request.kind": "extension", "injury.days_since": 400}, "improvement in function"),
    ("nsaids_determination",
     {"nsaids.item": "GI protective agent", "nsaids.on_nsaid": True}, "GI risk factors"),
    ("medications_determination",
     {"medications.drug_class": "medical food"}, "Medical foods"),
])
def test_the_substance_decides_before_the_missing_quantity(rulebase, table, facts, words):
    outcome, rationale = _deciding(rulebase, table, facts)  # no request.quantity: not stated
    assert outcome == "Upheld"
    assert words in rationale and "does not state how many" not in rationale


@pytest.mark.parametrize(("table", "facts"), [
    ("topicals_determination", {"topicals.product": "salicylate"}),
    ("nsaids_determination", {"nsaids.item": "NSAID", "request.kind": "initial", "injury.days_since": 20}),
])
def test_the_missing_quantity_speaks_when_nothing_else_decides(rulebase, table, facts):
    outcome, rationale = _deciding(rulebase, table, facts)
    assert outcome == "Upheld" and "does not state how m" in rationale
    stated = evaluate(rulebase, {**facts, "request.quantity": 1, "request.quantity_specified": True}, as_of=AS_OF)
    assert stated.tables[table].value == "Overturned"
