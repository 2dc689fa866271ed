"""imr backtest: the agreement measures, guideline families, and the command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cases.backtest import (
    accuracy,
    balanced_accuracy,
    confusion,
    decided_pairs,
    decided_share,
    guideline_agreement,
    rates,
    recall,
)
from engine.cases.families import citations_match, families, families_or_other
from imr.cli import main

ROOT = Path(__file__).resolve().parents[2]
TABLES = str(ROOT / "tables")

# The measures, on hand-made pairs (expected, predicted).

PAIRS = [
    ("Upheld", "Upheld"), ("Upheld", "Upheld"), ("Upheld", "Overturned"), ("Upheld", "Undecided"),
    ("Overturned", "Overturned"), ("Overturned", "Upheld"), ("Overturned", "Dropped"), ("Overturned", "Undecided"),
]


def test_undecided_and_dropped_count_wrong_over_all_items():
    assert accuracy(PAIRS) == 3 / 8
    assert recall(PAIRS, "Upheld") == 2 / 4
    assert recall(PAIRS, "Overturned") == 1 / 4
    assert balanced_accuracy(PAIRS) == pytest.approx((2 / 4 + 1 / 4) / 2)


def test_decided_only_leaves_out_undecided_and_dropped():
    decided = decided_pairs(PAIRS)
    assert decided == [("Upheld", "Upheld"), ("Upheld", "Upheld"), ("Upheld", "Overturned"),
                       ("Overturned", "Overturned"), ("Overturned", "Upheld")]
    only = rates(decided)
    assert only.accuracy == 3 / 5
    assert only.upheld_recall == 2 / 3 and only.overturned_recall == 1 / 2
    assert only.balanced_accuracy == pytest.approx((2 / 3 + 1 / 2) / 2)
    assert decided_share(PAIRS) == 5 / 8


def test_balanced_accuracy_differs_from_accuracy_when_classes_are_unequal():
    # Everything predicted Upheld: accuracy looks good, balanced accuracy does not.
    pairs = [("Upheld", "Upheld")] * 9 + [("Overturned", "Upheld")]
    assert accuracy(pairs) == 0.9
    assert balanced_accuracy(pairs) == 0.5


def test_recall_of_an_empty_class_is_none_and_balanced_uses_the_other():
    pairs = [("Upheld", "Upheld"), ("Upheld", "Overturned"), ("Upheld", "Undecided")]
    assert recall(pairs, "Overturned") is None
    assert recall(pairs, "Upheld") == 1 / 3
    assert balanced_accuracy(pairs) == 1 / 3
    assert rates([]).model_dump() == {"accuracy": None, "balanced_accuracy": None,
                                       "upheld_recall": None, "overturned_recall": None}
    assert decided_share([]) is None
    assert decided_share([("Upheld", "Undecided")]) == 0.0


def test_confusion_counts_every_pair_once():
    matrix = confusion(PAIRS)
    assert matrix.upheld.model_dump() == {"upheld": 2, "overturned": 1, "undecided": 1, "dropped": 0}
    assert matrix.overturned.model_dump() == {"upheld": 1, "overturned": 1, "undecided": 1, "dropped": 1}


def test_guideline_agreement_counts_only_known_citations():
    g = guideline_agreement([True, False, None, True, None])
    assert (g.known, g.matching, g.share) == (3, 2, 2 / 3)
    assert guideline_agreement([None]).share is None


# Guideline families, on citations as real letters and the bundled tables write them.

@pytest.mark.parametrize(("citation", "expected"), [
    ("MTUS Chronic Pain Medical Treatment Guidelines 2009, Physical Medicine p. 98-99; ODG", ["cpmtg", "odg/non-mtus"]),
    ("MTUS Acupuncture Medical Treatment Guidelines (8 CCR 9792.24.1, 2007); ODG Pain (Chronic) Acupuncture",
     ["acupuncture", "odg/non-mtus"]),
    ("MTUS Opioid Treatment Guidelines (2016), 8 CCR 9792.24.4, 3.3.6 Urine Drug Testing", ["opioid-2016"]),
    ("MTUS Postsurgical Treatment Guidelines 2009, Shoulder", ["postsurgical"]),
    ("MTUS Chronic Pain Medical Treatment Guidelines 2016, Physical medicine treatment; Postsurgical Treatment 2009 "
     "Forearm, Wrist & Hand; ODG", ["cpmtg", "postsurgical", "odg/non-mtus"]),
    ("MTUS Shoulder Complaints 2004 (ACOEM Chapter 9, Table 9-6)", ["acoem"]),
    ("MTUS Elbow Complaints 2007; MTUS Chronic Pain Medical Treatment Guidelines 2016, Physical medicine treatment",
     ["acoem", "cpmtg"]),
    ("MTUS ACOEM Practice Guidelines 2nd ed., Chapter 5 Cornerstones of Disability Prevention and Management, p. 89",
     ["acoem"]),
    ("MTUS Chronic Pain Medical Treatment Guidelines 2016, Manual therapy & manipulation; ODG Neck Manipulation; "
     "MTUS ACOEM Ch.8", ["cpmtg", "odg/non-mtus", "acoem"]),
    # ACOEM outside the MTUS is a non-MTUS source, and counts once.
    ("ACOEM Low back disorders (3rd ed., non-MTUS), MRI", ["odg/non-mtus"]),
    ("Non-MTUS: Official Disability Guidelines (ODG), Work Loss Data Institute, Section: Pain (Chronic)",
     ["odg/non-mtus"]),
    ("Non-MTUS: UpToDate, Sildenafil drug information", ["odg/non-mtus"]),
    # The outside measure reads no family in these.
    ("MTUS Neck and Upper Back Complaints 2004, Special Studies", []),
    ("Labor Code 4610.5(c)(2); Labor Code 4610.6", []),
    ("", []),
])
def test_families_of_real_citations(citation, expected):
    assert families(citation) == expected


def test_a_citation_naming_no_family_is_other_and_never_matches():
    assert families_or_other("FDA label") == ["other"]
    assert families_or_other(None) == [] and families_or_other("  ") == []
    assert citations_match(["other"], ["other"]) is None
    assert citations_match(["cpmtg", "odg/non-mtus"], ["odg/non-mtus"]) is True
    assert citations_match(["acoem"], ["cpmtg"]) is False
    assert citations_match(["acoem"], []) is False


# The command, on case files with expected outcomes against the bundled tables.

HEAD = """
case: X-1
dates: {injury: 2014-01-10, ur_decision: 2015-04-01, imr_application: 2015-04-20}
claimant: {age: 45, sex: male}
diagnoses: [lumbar strain]
clinical_summary: Low back pain after lifting.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Five expected items: two agree, one disagrees, one Undecided, one dropped.

    Pairs (expected, predicted): seed (Overturned, Overturned), (Upheld, Overturned);
    X-1 (Upheld, Upheld), (Upheld, Undecided); broken (Overturned, Dropped).
    """
    seed = (ROOT / "cases/seed.yaml").read_text()
    seed = seed.replace("    topic: office_visit\n", "    topic: office_visit\n    expected: Overturned\n"
                        "    ref: imr-CM15-0000001-1\n    expected_guideline: MTUS ACOEM Chapter 5 Cornerstones\n")
    seed = seed.replace("    topic: acupuncture\n", "    topic: acupuncture\n    expected: Upheld\n"
                        "    ref: imr-CM15-0000001-2\n"
                        "    expected_guideline: MTUS Acupuncture Medical Treatment Guidelines\n")
    (tmp_path / "seed.yaml").write_text(seed)
    (tmp_path / "other.yml").write_text(HEAD + """
items:
  - request: Re-exam
    topic: office_visit
    quantity: 1
    expected: Upheld
    expected_guideline: UpToDate
    ur: {decision: denied}
    facts: {office_visit.symptoms_persist: no}
  - request: Chiropractic manipulation 2 times a week for 2 weeks
    topic: chiropractic
    expected: Upheld
    ref: imr-X-1-2
    expected_guideline: MTUS Chronic Pain Medical Treatment Guidelines
    ur: {decision: denied}
""")
    (tmp_path / "broken.yaml").write_text("""case: X-2
items:
  - request: Physical therapy x6
    topic: physical_therapy
    expected: Overturned
    expected_guideline: ODG
    ur: {decision: denied}
""")
    (tmp_path / "plain.yaml").write_text(HEAD.replace("X-1", "X-3") + """
items:
  - {request: Re-exam, topic: office_visit, quantity: 1, ur: {decision: denied}}
""")
    return tmp_path


def _run(*args: str):
    return CliRunner().invoke(main, ["backtest", *args, "--tables", TABLES], catch_exceptions=False)


def test_json_report(folder):
    result = _run(str(folder), "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert set(report) == {"folder", "as_of", "files", "files_backtested", "overall", "topics", "errors",
                           "disagreements", "items"}
    assert (report["files"], report["files_backtested"]) == (4, 3)  # plain.yaml has no expected item
    overall = report["overall"]
    assert (overall["n"], overall["decided"], overall["dropped"], overall["decided_share"]) == (5, 3, 1, 0.6)
    wrong = overall["undecided_wrong"]
    assert wrong["accuracy"] == 0.4
    assert wrong["upheld_recall"] == pytest.approx(1 / 3) and wrong["overturned_recall"] == 0.5
    assert wrong["balanced_accuracy"] == pytest.approx((1 / 3 + 1 / 2) / 2)
    assert overall["decided_only"] == pytest.approx(
        {"accuracy": 2 / 3, "balanced_accuracy": 0.75, "upheld_recall": 0.5, "overturned_recall": 1.0})
    assert overall["confusion"] == {
        "upheld": {"upheld": 1, "overturned": 1, "undecided": 1, "dropped": 0},
        "overturned": {"upheld": 0, "overturned": 1, "undecided": 0, "dropped": 1},
    }
    # Known families: the two seed items (both cited by the deciding rows), X-1's second
    # (Undecided: no deciding row) and the broken file's (dropped); "UpToDate" is other.
    assert overall["guideline"] == {"known": 4, "matching": 2, "share": 0.5}
    assert sorted(report["topics"]) == ["acupuncture", "chiropractic", "office_visit", "physical_therapy"]
    assert report["topics"]["office_visit"]["undecided_wrong"]["accuracy"] == 1.0
    assert report["topics"]["office_visit"]["guideline"] == {"known": 1, "matching": 1, "share": 1.0}
    assert report["topics"]["acupuncture"]["confusion"]["upheld"]["overturned"] == 1
    assert report["topics"]["chiropractic"]["decided_share"] == 0.0
    assert report["topics"]["physical_therapy"]["dropped"] == 1
    [error] = report["errors"]
    assert error["file"].endswith("broken.yaml") and error["dropped"] == 1
    assert "field clinical_summary: missing" in error["error"]
    assert "broken.yaml, field clinical_summary: missing" in result.stderr


def test_disagreements_name_the_rows_and_the_missing_facts(folder):
    report = json.loads(_run(str(folder), "--json").stdout)
    by_ref = {d["ref"]: d for d in report["disagreements"]}
    assert len(report["disagreements"]) == 3 and len(report["items"]) == 5
    seed = by_ref["imr-CM15-0000001-2"]
    assert (seed["case"], seed["expected"], seed["predicted"]) == ("CM15-0000001", "Upheld", "Overturned")
    assert seed["table"] == "acupuncture_determination"
    assert seed["fired_rows"][0]["table"] == "acupuncture_determination"
    assert "Acupuncture Medical Treatment Guidelines" in seed["fired_rows"][0]["citation"]
    assert seed["predicted_families"] == ["acupuncture"] and seed["guideline_match"] is True
    undecided = by_ref["imr-X-1-2"]
    assert undecided["predicted"] == "Undecided"
    assert undecided["table"] == "chiropractic_determination"
    assert "chiropractic.region" in [f["name"] for f in undecided["missing_facts"]]
    assert undecided["guideline_match"] is False
    dropped = by_ref[None]
    assert (dropped["case"], dropped["item"], dropped["predicted"]) == ("X-2", "Physical therapy x6", "Dropped")
    assert dropped["table"] is None and "clinical_summary" in dropped["error"]


def test_backtest_agrees_with_imr_decide(folder):
    """One decision path: each predicted outcome is what imr decide gives the item."""
    decided = CliRunner().invoke(main, ["decide", str(folder / "seed.yaml"), "--tables", TABLES, "--json"])
    outcomes = [i["outcome"] for i in json.loads(decided.stdout)["items"]]
    report = json.loads(_run(str(folder), "--json").stdout)
    assert [i["predicted"] for i in report["items"] if i["case"] == "CM15-0000001"] == outcomes


def test_text_report(folder):
    result = _run(str(folder))
    assert result.exit_code == 0
    out = result.stdout
    sections = ["Overall", "Per topic", "Confusion", "Disagreements (3)"]
    assert all(s in out for s in sections)
    assert [out.index(s) for s in sections] == sorted(out.index(s) for s in sections)
    assert "items 5, decided 3 (0.60), dropped 1" in out
    assert "  balanced accuracy" in out and "0.42" in out and "0.75" in out
    assert "guideline family match  0.50 (2 of 4 items citing a known family)" in out
    assert "imr-CM15-0000001-2" in out and "expected Upheld, predicted Overturned" in out
    assert "fired: acupuncture_determination rule" in out
    assert "missing: chiropractic.region" in out
    assert "error:" not in out  # errors go to stderr


@pytest.mark.parametrize(("threshold", "code"), [("0.4", 0), ("0.41", 0), ("0.42", 1), ("0.9", 1)])
def test_min_balanced_sets_the_exit_code(folder, threshold, code):
    # Balanced accuracy with Undecided counted wrong is (1/3 + 1/2) / 2 = 0.4167.
    result = _run(str(folder), "--min-balanced", threshold, "--json")
    assert result.exit_code == code
    assert json.loads(result.stdout)["overall"]["n"] == 5  # the report is printed either way
    if code:
        assert "below --min-balanced" in _run(str(folder), "--min-balanced", threshold).stdout


def test_as_of_is_passed_to_every_case(folder):
    report = json.loads(_run(str(folder), "--json", "--as-of", "2016-08-01").stdout)
    assert report["as_of"] == "2016-08-01"
    assert report["overall"]["n"] == 5


def _usage_error(result) -> str:
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    return result.stderr


def test_bad_input_exits_2_with_one_line(tmp_path, folder):
    assert "--min-balanced" in _usage_error(_run(str(folder), "--min-balanced", "1.5"))
    missing = _usage_error(_run(str(tmp_path / "nowhere")))
    assert missing.strip().endswith("not a folder: expected a folder of case files, found nothing at that path")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no case files in the folder" in _usage_error(_run(str(empty)))
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(ROOT / "cases/seed.yaml", plain / "seed.yaml")
    line = _usage_error(_run(str(plain))).strip()
    assert len(line.splitlines()) == 1
    assert line.endswith("no item carries an expected outcome: expected items with expected: Upheld or Overturned,"
                         " found none in 1 case file")


def test_help_ends_with_examples():
    text = CliRunner().invoke(main, ["backtest", "--help"]).output
    lines = text.rstrip().splitlines()
    assert "Examples:" in text
    assert all(line.strip().startswith("imr backtest") for line in lines[-3:])
