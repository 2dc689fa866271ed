"""The shipped workbooks: every worked example passes, the seed case decides."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.compiler.rulebase import load_rulebase
from engine.runtime.worked_examples import run_examples

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
