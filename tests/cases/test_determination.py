"""Determining items: the topic's table, the edition in effect, errors that name the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cases.determination import determine_case, determine_item, topics
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


def test_a_topic_without_an_edition_in_effect_is_undecided_and_says_so(rulebase, write_case):
    # a UR decision before the MTUS (2007): no edition of the physical medicine guideline is in effect
    text = MINIMAL.replace("2014-06-02", "2005-06-02").replace("2015-03-02", "2006-03-02")
    text = text.replace("2015-03-20", "2006-03-20")
    [item] = _decide(rulebase, write_case, text).items
    assert item.outcome == "Undecided" and item.table is None
    assert item.error is not None
    assert "field items[0].topic: no edition of the guideline behind table 'physical_therapy_determination' " \
        "is in effect" in item.error
    assert "within 2009-07-18 to 2017-11-30" in item.error and "found 2006-03-02" in item.error


@pytest.mark.parametrize(("ur_date", "outcome_known"), [("2017-11-30", True), ("2017-12-01", False)])
def test_the_2009_guidelines_end_where_the_december_2017_mtus_begins(rulebase, write_case, ur_date, outcome_known):
    """The MTUS update for services from 2017-12-01 replaced the 2004 ACOEM chapters and the 2009 CPMTG."""
    text = MINIMAL.replace("2015-03-02", ur_date).replace("2015-03-20", "2017-12-20")
    [item] = _decide(rulebase, write_case, text).items
    assert (item.outcome != "Undecided") is outcome_known
    assert (item.error is None) is outcome_known


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


UNKNOWN_TOPIC = "  - request: Re-exam in 4 weeks\n    topic: office_visits\n    ur: {decision: denied}\n"


def test_an_item_no_table_decides_is_undecided_with_its_error_and_the_others_decided(rulebase, write_case):
    result = _decide(rulebase, write_case, MINIMAL + UNKNOWN_TOPIC)
    therapy, visit = result.items
    assert therapy.error is None and therapy.table == "physical_therapy_determination"
    assert visit.outcome == "Undecided" and visit.table is None and visit.edition is None
    assert visit.fired_rows == [] and visit.missing_facts == [] and visit.decision_fact == "office_visits.outcome"
    assert "field items[1].topic: no table decides this topic: expected a topic whose office_visits.outcome " \
           "a loaded table writes, found 'office_visits'" in visit.error
    assert visit.error.endswith("(did you mean 'office_visit'?)")
    assert visit.quantities.source == "not specified" and visit.warnings  # what the case layer worked out


def test_determine_item_still_raises_for_a_topic_no_table_decides(rulebase, write_case):
    path = write_case(MINIMAL + UNKNOWN_TOPIC)
    with pytest.raises(CaseError) as info:
        determine_item(rulebase, load_case(path), 1, str(path))
    assert "field items[1].topic: no table decides this topic" in str(info.value)
    assert "did you mean 'office_visit'?" in str(info.value)


def test_other_errors_of_a_case_are_still_raised(rulebase, write_case):
    text = MINIMAL + UNKNOWN_TOPIC + "    facts:\n      office_visit.symptoms_persist: sometimes\n"
    text = text.replace("      request.kind: extension\n",
                        "      request.kind: extension\n      physical_therapy.condition: myalgai\n")
    with pytest.raises(CaseError) as info:
        _decide(rulebase, write_case, text)
    assert "field items[0].facts.physical_therapy.condition" in str(info.value)


# -- an item that serves another item of the case follows its determination ---------------

_SERVED = """\
  - request: Post-operative physical therapy 2 times a week for 4 weeks
    topic: physical_therapy
    ur: {decision: denied}
    primary: {procedure: the first item, item: 1}
"""


def test_an_item_serving_a_denied_item_follows_it(rulebase, write_case):
    text = MINIMAL + "      request.functional_improvement: no\n" + _SERVED
    first, served = _decide(rulebase, write_case, text).items
    assert first.outcome == "Upheld"
    assert served.outcome == "Upheld" and served.derived_facts["request.primary_denied"] is True
    assert [(r.table, r.rule) for r in served.fired_rows if r.table == "request_screen"] == [("request_screen", 2)]
    assert first.follows is None
    assert served.follows is not None and (served.follows.item, served.follows.outcome) == (1, "Upheld")
    assert served.follows.note.startswith("This item serves item 1 (the first item), found not medically necessary")


def test_an_item_serving_a_necessary_item_is_decided_on_its_own_merits(rulebase, write_case):
    seed = (ROOT / "cases" / "seed.yaml").read_text(encoding="utf-8")
    text = seed + _SERVED.replace("item: 1", "item: 2")
    case = determine_case(rulebase, load_case(write_case(text)), "x.yaml")
    assert case.items[1].outcome == "Overturned"
    assert case.items[2].derived_facts["request.primary_denied"] is False
    follows = case.items[2].follows
    assert follows is not None and follows.outcome == "Overturned" and "found medically necessary above" in follows.note


@pytest.mark.parametrize(("link", "message"), [
    ("item: 3", "item 2's primary is item 3: expected another item of this case, from 1 to 2"),
    ("item: 2", "item 2's primary is item 2: expected another item of this case"),
    ("item: 1, denied: yes", "give item or denied, not both"),
    ("procedure: x", "a primary procedure says whether it was denied"),
])
def test_a_primary_link_must_name_another_item(write_case, link, message):
    text = MINIMAL + _SERVED.replace("procedure: the first item, item: 1", link) \
        if link.startswith("procedure") else MINIMAL + _SERVED.replace("item: 1", link)
    with pytest.raises(CaseError, match=message):
        load_case(write_case(text))


def test_a_single_procedure_gives_no_quantity_warning_but_a_course_does(rulebase, write_case):
    """No table deciding an MRI reads a quantity: 'no quantity could be read' would be noise there."""
    text = MINIMAL.replace("Physical therapy 2 times a week for 4 weeks", "Physical therapy for the low back")
    text += ("  - request: MRI of the lumbar spine\n"
             "    topic: imaging\n"
             "    ur: {decision: denied}\n")
    therapy, mri = _decide(rulebase, write_case, text).items
    assert any("no quantity could be read" in w for w in therapy.warnings)
    assert not any("quantity" in w for w in mri.warnings)
