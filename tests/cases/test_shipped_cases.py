"""Every case file in cases/ loads and decides without error, to the expected outcomes.

The expected outcomes live here, not in the case files, so that the files stay what a
reviewer would receive.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from engine.cases.determination import determine_case
from engine.cases.loader import case_files, load_case
from engine.compiler.rulebase import load_rulebase

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "cases"

OVER, UP, UNDEC = "Overturned", "Upheld", "Undecided"

EXPECTED: dict[str, list[str]] = {
    "seed.yaml": [OVER, OVER],  # re-exam; acupuncture extension with functional improvement
    "cm15-0211457.yaml": [OVER, UP],  # PT trial for radiculitis; ESI before conservative care failed
    "cm15-0348812.yaml": [UP],  # acupuncture remainder after a 6-session UR approval
    "cm15-0402276.yaml": [UP, OVER],  # chiropractic knee (not recommended); low back with gains
    "cm15-0455061.yaml": [UP, OVER],  # acupuncture, improvement not documented (on the record); massage as adjunct
    "cm15-0517390.yaml": [OVER, OVER],  # opioids, 2009 guideline, 110 mg MED, all four A's
    "cm15-0588204.yaml": [UP, UP],  # TENS purchase without a trial; infrared
    "cm15-0630127.yaml": [UP, UP],  # post-op PT and visit after a denied surgery
    "cm15-0699318.yaml": [OVER],  # functional restoration, two weeks, criteria met
    "cm15-0744582.yaml": [UP],  # work conditioning, 12 sessions > 10
    "cm15-0812633.yaml": [UP, UP],  # PT beyond the 24-visit cap; duplicate follow-up visit
    "cm16-0655470.yaml": [OVER, UP],  # repeat ESI after 60% relief for 10 weeks; repeat MRI
    "cm16-0722913.yaml": [UP, OVER],  # opioids, 2016 guideline, 110 mg MED, no specialist; UDT
    "cm16-0801544.yaml": [OVER, OVER],  # post-op opioids after a fusion; post-op PT
    "cm16-0877215.yaml": [UP, OVER],  # cyclobenzaprine for weeks; EMG/NCS, equivocal findings
    "cm16-0903318.yaml": [OVER, UP, UP],  # naproxen for knee OA; PPI without GI risk; compound cream
    "cm16-0915002.yaml": [UNDEC],  # post-op PT for a surgery the records do not name (must be documented)
}


@pytest.fixture(scope="module")
def rulebase():
    rb = load_rulebase(ROOT / "tables")
    yield rb
    rb.close()


def test_every_case_file_has_an_expectation():
    assert sorted(p.name for p in case_files(CASES)) == sorted(EXPECTED)
    assert len(EXPECTED) >= 13


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shipped_case_decides_as_expected(rulebase, name):
    path = CASES / name
    case = load_case(path)
    result = determine_case(rulebase, case, str(path))
    assert result.as_of == case.dates.ur_decision
    assert [i.outcome for i in result.items] == EXPECTED[name]
    for item in result.items:
        assert item.violation is None
        assert item.fired_rows, item.item
        if item.outcome == UNDEC:
            assert item.missing_facts and all(m.question for m in item.missing_facts)
        else:
            assert item.citations


def test_the_shipped_cases_cover_both_outcomes_and_the_topics(rulebase):
    cases = [load_case(p) for p in case_files(CASES)]
    topics = {item.topic for case in cases for item in case.items}
    assert topics >= {
        "acupuncture", "office_visit", "physical_therapy", "chiropractic", "massage",
        "epidural_steroid_injections", "functional_restoration", "work_conditioning", "opioids", "udt",
        "tens", "imaging", "emg_ncs", "muscle_relaxants", "nsaids", "topicals",
    }
    assert any(item.ur.decision == "modified" for case in cases for item in case.items)
    assert any(item.primary is not None and item.primary.denied for case in cases for item in case.items)


def test_improvement_not_documented_is_decided_on_the_record_and_still_asked(rulebase):
    path = CASES / "cm15-0455061.yaml"
    item = determine_case(rulebase, load_case(path), str(path)).items[0]
    assert item.outcome == UP
    asked = {m.name: m for m in item.missing_facts}
    assert asked["request.functional_improvement"].assumed
    assert asked["request.functional_improvement"].question.startswith("Do the records document functional improvement")
    notes = [a.note for row in item.fired_rows for a in row.absent_facts]
    assert any(n.startswith("The records do not document that") and "functional improvement" in n for n in notes)


def test_the_undecided_item_asks_which_surgery(rulebase):
    path = CASES / "cm16-0915002.yaml"
    item = determine_case(rulebase, load_case(path), str(path)).items[0]
    assert item.outcome == UNDEC
    assert item.missing_facts[0].name == "physical_therapy.surgery" and not item.missing_facts[0].assumed


def test_a_partial_approval_decides_the_remainder(rulebase):
    path = CASES / "cm15-0348812.yaml"
    item = determine_case(rulebase, load_case(path), str(path)).items[0]
    q = item.quantities
    assert (q.requested, q.approved, q.disputed) == (12, 6, 6)
    assert item.derived_facts["request.quantity"] == 6


def test_a_denied_primary_makes_the_ancillary_items_follow(rulebase):
    path = CASES / "cm15-0630127.yaml"
    result = determine_case(rulebase, load_case(path), str(path))
    for item in result.items:
        assert item.derived_facts["request.primary_denied"] is True
        screen = next(r for r in item.fired_rows if r.table == "request_screen")
        assert screen.rule == 2  # "follows denied primary"


def test_opioids_are_decided_by_the_edition_in_effect_at_the_ur_decision(rulebase):
    before = CASES / "cm15-0517390.yaml"
    after = CASES / "cm16-0722913.yaml"
    early = determine_case(rulebase, load_case(before), str(before))
    late = determine_case(rulebase, load_case(after), str(after))
    assert early.editions["mtus-opioids"] == "2009" and early.items[0].edition == "2009"
    assert late.editions["mtus-opioids"] == "2016" and late.items[0].edition == "2016"
    # The same 2015 case, decided under the 2016 guideline, needs a CURES check it never documented:
    # on the record it was not done, and the reviewer is still asked.
    again = determine_case(rulebase, load_case(before), str(before), as_of=dt.date(2016, 9, 1))
    assert again.items[0].edition == "2016"
    assert again.items[0].outcome == UP
    asked = {m.name: m for m in again.items[0].missing_facts}
    assert asked["opioids.cures_checked"].assumed and asked["opioids.cures_checked"].taken_as is False


def test_post_surgical_days_are_counted_from_the_surgery(rulebase):
    path = CASES / "cm16-0801544.yaml"
    result = determine_case(rulebase, load_case(path), str(path))
    assert result.items[0].derived_facts["surgery.days_since"] == 14
