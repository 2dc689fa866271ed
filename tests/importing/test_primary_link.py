"""imr import links an item to the one disputed surgery of its case that it serves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.cases.loader import load_case
from engine.compiler.rulebase import load_rulebase
from engine.importing.importer import import_abstracts

ROOT = Path(__file__).resolve().parents[2]
BASE = {"age": 50, "sex": "male", "date_of_injury": "01/10/2016", "ur_denial_date": "11/09/2016",
        "ur_action": "non-certified"}


@pytest.fixture(scope="module")
def rulebase():
    rb = load_rulebase(ROOT / "tables")
    yield rb
    rb.close()


def _case(tmp_path: Path, rulebase, items: list[tuple[str, str, dict]]):
    records = [{"case_number": "CM16-0000009", "treatment_category": category, "disputed_item": text,
                "facts": {**BASE, **facts}} for text, category, facts in items]
    source = tmp_path / "abstracts.json"
    source.write_text(json.dumps(records), encoding="utf-8")
    import_abstracts(source, tmp_path / "out", rulebase)
    return load_case(tmp_path / "out" / "CM16-0000009.yaml")


def test_an_item_that_serves_the_surgery_follows_it(tmp_path, rulebase):
    case = _case(tmp_path, rulebase, [
        ("Right shoulder arthroscopy with rotator cuff repair", "surgery", {}),
        ("Associated surgical service: cold therapy unit, 7 days", "dme", {}),
        ("Pre-operative CBC", "lab_tests", {}),
        ("Assistant surgeon", "other", {"dependent_on_surgery": True}),
        ("Norco 10/325 mg #60", "opioids", {}),
    ])
    links = [(item.primary.item if item.primary else None) for item in case.items]
    assert links == [None, 1, 1, 1, None]
    assert case.items[1].primary.procedure == "Right shoulder arthroscopy with rotator cuff repair"


def test_without_exactly_one_surgery_nothing_is_linked(tmp_path, rulebase):
    case = _case(tmp_path, rulebase, [
        ("Left knee arthroscopy", "surgery", {}),
        ("Right carpal tunnel release", "surgery", {}),
        ("Post-op physical therapy 2 times a week for 6 weeks", "post_operative_therapy", {}),
    ])
    assert all(item.primary is None for item in case.items)
    case = _case(tmp_path, rulebase, [("Post-op physical therapy x12", "post_operative_therapy",
                                       {"dependent_on_surgery": True})])
    assert case.items[0].primary is None


def test_an_item_serving_the_surgery_carries_what_its_request_says_of_the_surgery(tmp_path, rulebase):
    case = _case(tmp_path, rulebase, [
        ("Right shoulder arthroscopy with rotator cuff repair", "surgery", {}),
        ("Assistant surgeon", "other", {"dependent_on_surgery": True}),
    ])
    assert case.items[1].facts["surgery.procedure"] == "rotator cuff repair"
    assert "surgery.procedure" not in case.items[0].facts or case.items[0].facts["surgery.procedure"] == \
        "rotator cuff repair"
