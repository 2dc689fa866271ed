"""imr import: case abstracts -> case files (docs/import.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from engine.cases.loader import case_files, load_case
from engine.compiler.rulebase import load_rulebase
from engine.importing import keymap
from engine.importing.importer import import_abstracts
from imr.cli import main

ROOT = Path(__file__).resolve().parents[2]
TABLES = ROOT / "tables"
DEV_ITEMS = ROOT.parent / "shared" / "real-cases" / "dev-items.json"


@pytest.fixture(scope="module")
def rulebase():
    rb = load_rulebase(TABLES)
    yield rb
    rb.close()


def _record(case: str | None, item: str, category: str, facts: dict, **fields) -> dict:
    record = {"id": fields.pop("id", None), "case_number": case, "treatment_category": category,
              "disputed_item": item, "facts": facts, **fields}
    return {k: v for k, v in record.items() if v is not None}


BASE = {"age": 45, "sex": "female", "date_of_injury": "01/10/2016", "ur_denial_date": "11/09/2016",
        "diagnoses": ["lumbar strain"], "ur_action": "non-certified"}

RECORDS = [
    _record("CM16-0000001", "Physical therapy 2 times a week for 3 weeks, lumbar", "physical_therapy",
            {**BASE, "exam": "tenderness, reduced range of motion", "prior_pt_sessions": "4-5",
             "request_type": "additional", "functional_improvement_documented": False,
             "prior_facet_injections": "unknown (not mentioned)", "work_status": "not documented",
             "medications": [], "injection_levels": ["L4-5", "L5-S1"]},
            id="imr-CM16-0000001-1", decision="Upheld", guideline_cited="MTUS CPMTG, Physical Medicine"),
    _record("CM16-0000002", "Norco 10/325 mg #60: 'as needed'", "opioids",
            {**BASE, "age": 58, "sex": "male", "opioid_status": "continuation (since 2015)"},
            id="imr-CM16-0000002-1", decision="overturned"),
    _record("CM16-0000001", "Pantoprazole 20 mg #30", "ppi_gi_protection",
            {**BASE, "age": 46, "duplicate_request": "none documented", "request_type": "retrospective",
             "diagnoses": ["lumbar strain", "lumbar radiculitis"], "request.duplicate": "no"},
            id="imr-CM16-0000001-2", decision="Upheld"),
    _record("CM16-0000001", "Sleep study", "no_such_therapy", BASE, id="imr-CM16-0000001-3"),
]


def _import(tmp_path: Path, rulebase, records: list, text: str | None = None):
    source = tmp_path / "abstracts.json"
    source.write_text(text if text is not None else json.dumps(records, indent=1))
    out = tmp_path / "cases"
    return import_abstracts(source, out, rulebase), out


def _item(case, request: str):
    return next(i for i in case.items if i.request == request)


def test_records_are_grouped_by_case_with_numbers_and_requests_exactly_as_given(tmp_path, rulebase):
    report, out = _import(tmp_path, rulebase, RECORDS)
    assert report.records_read == 4 and report.cases_written == 2 and report.items_written == 4
    assert report.records_refused == [] and report.cases_refused == []
    assert sorted(p.name for p in case_files(out)) == ["CM16-0000001.yaml", "CM16-0000002.yaml"]
    first = load_case(out / "CM16-0000001.yaml")
    assert first.case == "CM16-0000001"
    assert [i.request for i in first.items] == [
        "Physical therapy 2 times a week for 3 weeks, lumbar", "Pantoprazole 20 mg #30", "Sleep study"]
    assert [i.topic for i in first.items] == ["physical_therapy", "nsaids", "no_such_therapy"]
    second = load_case(out / "CM16-0000002.yaml")
    assert second.items[0].request == "Norco 10/325 mg #60: 'as needed'"


def test_expected_outcomes_guidelines_and_refs(tmp_path, rulebase):
    _, out = _import(tmp_path, rulebase, RECORDS)
    first = load_case(out / "CM16-0000001.yaml")
    pt = first.items[0]
    assert (pt.expected, pt.expected_guideline, pt.ref) == ("Upheld", "MTUS CPMTG, Physical Medicine",
                                                            "imr-CM16-0000001-1")
    assert first.items[2].expected is None
    assert load_case(out / "CM16-0000002.yaml").items[0].expected == "Overturned"


def test_case_fields_and_facts_are_mapped(tmp_path, rulebase):
    _, out = _import(tmp_path, rulebase, RECORDS)
    case = load_case(out / "CM16-0000001.yaml")
    assert (case.claimant.age, case.claimant.sex) == (45, "female")
    assert (str(case.dates.injury), str(case.dates.ur_decision)) == ("2016-01-10", "2016-11-09")
    assert case.dates.imr_application is None
    assert case.diagnoses == ["lumbar strain", "lumbar radiculitis"]  # the union, in order
    pt, ppi, _ = case.items
    assert pt.ur.decision == "denied"
    # a range of sessions done gives its lower bound; additional is an extension
    shared = {"request.kind": "extension", "request.functional_improvement": False, "request.prior_sessions": 4}
    assert {name: pt.facts.get(name) for name in shared} == shared
    # the category's fact, and a key named as a fact; "none documented" is no only for a finding,
    # and "retrospective" is neither initial nor extension
    assert ppi.facts["nsaids.item"] == "GI protective agent" and ppi.facts["request.duplicate"] is False
    assert "request.kind" not in ppi.facts
    assert [(t.treatment, t.sessions) for t in case.treatment_history] == [("physical therapy", 4)]
    assert case.clinical_summary.startswith("Imported from a case abstract (abstracts.json, record 0, 2, 3)")
    assert "Examination: tenderness, reduced range of motion" in case.clinical_summary


def test_values_that_say_nothing_are_left_out(tmp_path, rulebase):
    _, out = _import(tmp_path, rulebase, RECORDS)
    text = (out / "CM16-0000001.yaml").read_text()
    assert "# not documented in the abstract (left out): prior_facet_injections, work_status, medications" in text
    assert "Work status" not in text and "Medications" not in text
    assert "unknown" not in yaml.safe_load(text)["items"][0].get("facts", {}).values()


def test_unmapped_keys_are_commented_and_counted(tmp_path, rulebase):
    report, out = _import(tmp_path, rulebase, RECORDS)
    text = (out / "CM16-0000001.yaml").read_text()
    assert ('#   injection_levels = ["L4-5", "L5-S1"]: no mapping for this key under topic physical_therapy'
            in text)
    assert re.search(r'#   duplicate_request = "none documented": -> request.duplicate: not a clear yes or no', text)
    assert ('#   request_type = "retrospective": -> request.kind: names no known request kind (initial or extension)'
            in text)
    assert "#   age = 46: -> claimant.age: item 1 gives 45 (age); the first is kept" in text
    counts = {u.key: u.items for u in report.unmapped}
    assert counts["injection_levels"] == 1 and counts["duplicate_request"] == 1 and counts["age"] == 1
    assert [u.items for u in report.unmapped] == sorted((u.items for u in report.unmapped), reverse=True)


def test_a_record_that_cannot_be_read_is_reported_in_one_line_and_the_rest_imported(tmp_path, rulebase):
    records = [
        RECORDS[0],
        _record("CM16-0000003", 5, "physical_therapy", BASE, id="imr-bad-type"),
        _record(None, "Acupuncture x6", "acupuncture", BASE, id="imr-no-case"),
        _record("../etc", "Acupuncture x6", "acupuncture", BASE),
        RECORDS[1],
    ]
    text = json.dumps(records, indent=1)
    # a sixth record whose JSON is broken: a missing comma inside it
    text = text.rstrip().removesuffix("]") + ',\n {"case_number": "CM16-0000009" "disputed_item": "x"}\n]'
    report, out = _import(tmp_path, rulebase, records, text)
    assert report.records_read == 6 and report.cases_written == 2 and report.items_written == 2
    lines = report.records_refused
    assert len(lines) == 4 and all("\n" not in line for line in lines)
    assert any(line.startswith(f"{tmp_path / 'abstracts.json'}, record 1 (imr-bad-type), field disputed_item: "
                               "expected a text, found 5") for line in lines)
    assert any("record 2 (imr-no-case), field case_number: missing" in line for line in lines)
    assert any("record 3, field case_number: expected a case number" in line and "'../etc'" in line
               for line in lines)
    assert any("record 5: the record is not valid JSON at line" in line for line in lines)
    assert (out / "CM16-0000002.yaml").is_file()


def test_a_file_that_is_not_a_list_is_one_error(tmp_path, rulebase):
    from engine.errors import ImrError

    with pytest.raises(ImrError) as info:
        _import(tmp_path, rulebase, [], text='{"case_number": "X"}')
    assert "must be a JSON list of records" in str(info.value)


def test_contradictory_dates_keep_the_ur_date(tmp_path, rulebase):
    facts = {**BASE, "date_of_injury": "10/10/2017"}
    report, out = _import(tmp_path, rulebase, [_record("CM16-0000004", "PT x6", "physical_therapy", facts)])
    assert report.cases_written == 1
    case = load_case(out / "CM16-0000004.yaml")
    assert case.dates.injury is None and str(case.dates.ur_decision) == "2016-11-09"
    text = (out / "CM16-0000004.yaml").read_text()
    assert "# note: date_of_injury 2017-10-10 is after the UR decision (2016-11-09)" in text


def test_ur_quantities(tmp_path, rulebase):
    records = [
        _record("CM1", "PT 12 requested; 6 authorized; remaining 6 in dispute", "physical_therapy",
                {"ur_action": "modified (6 authorized)", "requested_sessions": 12, "ur_authorized_sessions": 6,
                 "disputed_sessions": 6}),
        _record("CM1", "Post-op physical therapy 12-18 sessions", "physical_therapy",
                {"ur_action": "non-certified", "requested_sessions": "12-18", "ur_authorized_sessions": 6}),
        _record("CM1", "Six sessions of OT", "physical_therapy",
                {"ur_action": "modified", "disputed_sessions": 6, "ur_authorized_sessions": 3}),
        _record("CM1", "Acupuncture x6", "acupuncture", {"ur_action": "modified", "ur_authorized_sessions": 6}),
    ]
    _, out = _import(tmp_path, rulebase, records)
    case = load_case(out / "CM1.yaml")
    first, ranged, summed, too_many = case.items
    assert (first.quantity, first.ur.decision, first.ur.approved_quantity) == (12, "modified", 6)
    assert (ranged.quantity, ranged.ur.decision, ranged.ur.approved_quantity) == (18, "denied", None)  # upper bound
    assert (summed.quantity, summed.ur.approved_quantity) == (9, 3)
    assert too_many.ur.approved_quantity is None  # not fewer than the 6 the text requests
    text = (out / "CM1.yaml").read_text()
    assert "UR's decision is denied, so nothing was approved" in text
    assert "expected fewer than the 6 requested" in text


def test_round_trip_imported_files_load_and_decide(tmp_path, rulebase):
    _, out = _import(tmp_path, rulebase, RECORDS)
    for path in case_files(out):
        load_case(path)
    result = CliRunner().invoke(main, ["decide", str(out), "--tables", str(TABLES), "--json"],
                                catch_exceptions=False)
    assert result.exit_code == 2  # the item no table decides
    decided = json.loads(result.stdout)
    items = {i["item"]: i for case in decided for i in case["items"]}
    assert len(items) == 4
    undecided = items["Sleep study"]
    assert undecided["outcome"] == "Undecided" and undecided["table"] is None
    assert "field items[2].topic: no table decides this topic" in undecided["error"]
    assert all(i["error"] is None for name, i in items.items() if name != "Sleep study")
    assert result.stderr.strip().splitlines() == [f"error: {undecided['error']}"]


def test_the_command_summary_and_help(tmp_path):
    source = tmp_path / "abstracts.json"
    source.write_text(json.dumps(RECORDS))
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(source), "--out", str(out), "--tables", str(TABLES)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"read 4 records from {source}: wrote 2 case files (4 items) to {out}")
    assert "keys left unmapped (items):" in result.stderr
    as_json = runner.invoke(main, ["import", str(source), "--out", str(out), "--tables", str(TABLES), "--json"])
    report = json.loads(as_json.stdout)
    assert report["records_read"] == 4 and report["cases_written"] == 2 and report["items_written"] == 4
    assert {"key": "injection_levels", "items": 1} in report["unmapped"]
    help_text = runner.invoke(main, ["import", "--help"]).output
    assert help_text.rstrip().splitlines()[-1].strip().startswith("imr import")
    assert "Examples:" in help_text


def test_an_unreadable_file_exits_2_in_one_line(tmp_path):
    result = CliRunner().invoke(main, ["import", str(tmp_path / "none.json"), "--out", str(tmp_path / "o"),
                                       "--tables", str(TABLES)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'none.json'}: no such abstracts file"


def test_docs_name_every_shared_key_and_every_category():
    text = (ROOT / "docs" / "import.md").read_text()
    for key in keymap.SHARED_KEYS:
        assert f"`{key}`" in text, key
    for category in keymap.known_categories():
        assert f"`{category}`" in text, category


@pytest.mark.skipif(not DEV_ITEMS.is_file(), reason=f"the development set is not at {DEV_ITEMS} "
                    "(../shared/real-cases beside the checkout)")
def test_the_development_set_imports_whole(tmp_path, rulebase):
    records = json.loads(DEV_ITEMS.read_text())
    report = import_abstracts(DEV_ITEMS, tmp_path, rulebase)
    assert report.records_refused == [] and report.cases_refused == []
    assert report.items_written == len(records) == report.records_read
    assert report.cases_written == len({r["case_number"] for r in records})
    written = {(c.case, i.request) for path in case_files(tmp_path) for c in [load_case(path)] for i in c.items}
    assert written == {(r["case_number"], r["disputed_item"]) for r in records}
