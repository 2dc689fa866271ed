"""The shipped workbooks: every worked example passes, the seed case decides."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.compiler.rulebase import load_rulebase
from tests.worked import run_examples

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def rulebase():
    return load_rulebase(ROOT / "tables")


def test_every_worked_example_passes(rulebase):
    outcomes = run_examples(rulebase)
    assert len(outcomes) >= 16
    failures = [line for o in outcomes for line in o.failures]
    assert failures == []


def test_seed_case_both_items_overturned():
    done = subprocess.run(
        [sys.executable, "-m", "imr", "decide", "cases/seed.yaml", "--tables", "tables/", "--json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    payload = json.loads(done.stdout)
    items = payload["items"]
    assert [i["outcome"] for i in items] == ["Overturned", "Overturned"]
    assert any("Chapter 5 Cornerstones of Disability Prevention" in c for c in items[0]["citations"])
    assert any("Acupuncture Medical Treatment Guidelines" in c for c in items[1]["citations"])
    # each fired row names the guideline family its citation belongs to
    assert "acoem" in items[0]["fired_rows"][0]["families"]
    assert items[1]["fired_rows"][0]["families"] == ["acupuncture"]
    for item in items:
        assert set(item) >= {"item", "outcome", "citations", "fired_rows", "missing_facts"}
        # decided on the record: what would still change it was taken from an absence rule
        assert item["fired_rows"] and all(m["assumed"] for m in item["missing_facts"])
    assert payload["as_of"] == "2015-04-01"  # the UR decision date
    assert items[0]["derived_facts"]["injury.days_since"] == 982  # 2012-07-23 to 2015-04-01
    assert items[1]["derived_facts"]["request.quantity"] == 8  # 2 a week for 4 weeks


def _deciding_citation(rulebase, table: str, facts: dict) -> str:
    from datetime import date

    from engine import evaluate

    result = evaluate(rulebase, facts, as_of=date(2016, 12, 1)).tables[table]
    (rule,) = result.selected
    citation = result.rows[rule - 1].citation
    assert citation is not None
    return citation


@pytest.mark.parametrize(("days", "acoem"), [(45, True), (90, True), (91, False), (400, False)])
def test_physical_therapy_cites_the_acoem_chapter_in_the_acute_and_subacute_phases(rulebase, days, acoem):
    """8 CCR 9792.23 gives the first three months to the ACOEM chapters; physical medicine applies throughout."""
    facts = {"physical_therapy.condition": "sprain", "physical_therapy.objective_deficits": True,
             "injury.days_since": days, "request.kind": "initial", "request.quantity": 6, "request.per_week": 2}
    citation = _deciding_citation(rulebase, "physical_therapy_determination", facts)
    assert "Chronic Pain Medical Treatment Guidelines, Physical Medicine" in citation
    assert ("ACOEM" in citation) is acoem


@pytest.mark.parametrize(("region", "chapter"), [
    ("lumbar", "Low Back Complaints (Ch. 12)"), ("thoracic", "Neck and Upper Back Complaints (Ch. 8)"),
    ("knee", "Knee Complaints (Ch. 13)"), ("elbow", None),
])
def test_a_repeat_study_cites_the_region_chapter_before_the_odg_criterion(rulebase, region, chapter):
    facts = {"imaging.body_region": region, "imaging.modality": "MRI", "imaging.repeat_without_change": True}
    citation = _deciding_citation(rulebase, "imaging_determination", facts)
    assert "repeat MRI" in citation
    assert (chapter is None and "ACOEM" not in citation) or (chapter is not None and chapter in citation)
