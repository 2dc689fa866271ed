"""Determining items: the topic's table, the edition in effect, errors that name the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cases.determination import determine_case, topics
from engine.cases.loader import load_case
from engine.compiler.rulebase import load_rulebase
from engine.errors import CaseError
from tests.cases.conftest import MINIMAL

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rulebase():
    rb = load_rulebase(ROOT / "tables")
    yield rb
    rb.close()


def _decide(rulebase, write_case, text: str):
    path = write_case(text)
    return determine_case(rulebase, load_case(path), str(path))


def test_topics_are_the_outcome_facts_of_the_tables(rulebase):
    assert {"acupuncture", "office_visit", "physical_therapy", "opioids"} <= set(topics(rulebase))


def test_an_item_reports_what_decided_it(rulebase, write_case):
    text = MINIMAL + "      request.duplicate: no\n      request.functional_improvement: no\n"
    [item] = _decide(rulebase, write_case, text).items
    assert item.outcome == "Upheld" and item.decision_fact == "physical_therapy.outcome"
    assert item.table == "physical_therapy_determination" and item.edition == "2009"
    assert item.fired_rows[0].table == "physical_therapy_determination"
    assert item.citations[0] == item.fired_rows[0].citation
    assert "sheet 'physical_therapy_determination', row" in item.fired_rows[0].address


def test_a_topic_without_an_edition_in_effect(rulebase, write_case):
    text = MINIMAL.replace("topic: physical_therapy", "topic: udt")  # the UDT table starts in 2016
    with pytest.raises(CaseError) as info:
        _decide(rulebase, write_case, text)
    assert "field items[0].topic: no edition of table 'udt_determination' is in effect" in str(info.value)
    assert "expected a guideline edition in effect on 2015-03-02" in str(info.value)


def test_an_enumeration_value_the_glossary_does_not_allow(rulebase, write_case):
    text = MINIMAL + "      physical_therapy.condition: myalgai\n"
    with pytest.raises(CaseError) as info:
        _decide(rulebase, write_case, text)
    line = str(info.value)
    assert "field items[0].facts.physical_therapy.condition: expected one of 'myalgia'" in line
    assert line.endswith("found 'myalgai' (did you mean 'myalgia'?)")


def test_a_case_level_fact_is_checked_against_the_glossary(rulebase, write_case):
    text = MINIMAL.replace("items:\n", "facts:\n  opioids.med_per_day: lots\nitems:\n")
    with pytest.raises(CaseError) as info:
        _decide(rulebase, write_case, text)
    assert str(info.value).endswith("field facts.opioids.med_per_day: expected a number, found 'lots'")
