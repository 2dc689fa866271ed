"""Reading case files: what is accepted, and one-line errors naming file and field.

Hostile files (tags, aliases, unknown fields, impossible dates, negative or huge counts,
oversized files, ...) are in the corpus of ``tests/hostile/case_corpus.py``.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from engine.cases.loader import case_files, load_case
from engine.errors import CaseError
from tests.cases.conftest import MINIMAL


def _error(write_case, text: str, name: str = "case.yaml") -> str:
    path = write_case(text, name)
    with pytest.raises(CaseError) as info:
        load_case(path)
    line = str(info.value)
    assert "\n" not in line
    return line.removeprefix(f"{path}, ").removeprefix(f"{path}: ")


def test_minimal_case_loads(write_case):
    case = load_case(write_case())
    assert case.case == "CM15-0000099"
    assert case.as_of == dt.date(2015, 3, 2)
    assert case.claimant.sex == "male" and case.priority == "standard"
    [item] = case.items
    assert item.topic == "physical_therapy" and item.ur.decision == "denied"
    assert item.facts == {"request.kind": "extension"}


def test_facts_are_tri_state_and_may_be_nested(write_case):
    text = MINIMAL.replace("      request.kind: extension\n", """\
      request: {kind: extension, duplicate: no}
      request.functional_improvement: documented yes
      request.quantity_specified: Documented No
      physical_therapy.home_exercise: not documented
      physical_therapy.note: some text
      surgery.date_text: 2014-11-05
""")
    [item] = load_case(write_case(text)).items
    assert item.facts == {
        "request.kind": "extension", "request.duplicate": False, "request.functional_improvement": True,
        "request.quantity_specified": False, "physical_therapy.note": "some text",
        "surgery.date_text": dt.date(2014, 11, 5),
    }


def test_a_json_case_file_loads(write_case):
    text = (
        '{"case": "J-1", "dates": {"injury": "2014-06-02", "ur_decision": "2015-03-02",'
        ' "imr_application": "2015-03-20"}, "claimant": {"age": 40, "sex": "female"},'
        ' "diagnoses": ["x"], "clinical_summary": "y",'
        ' "items": [{"request": "12 visits", "topic": "chiropractic", "ur": {"decision": "denied"},'
        ' "facts": {"request.duplicate": "no"}}]}'
    )
    case = load_case(write_case(text, "case.json"))
    assert case.dates.injury == dt.date(2014, 6, 2)
    assert case.items[0].facts == {"request.duplicate": False}


def test_a_fact_of_the_wrong_type(write_case):
    text = MINIMAL + "      request.quantity: six\n"
    assert _error(write_case, text) == "field items[0].facts.request.quantity: expected a number, found 'six'"


def test_bad_date(write_case):
    line = _error(write_case, MINIMAL.replace("injury: 2014-06-02", "injury: June 2014"))
    assert line == "field dates.injury: expected a date such as 2015-03-16, found 'June 2014'"


def test_dates_out_of_order(write_case):
    line = _error(write_case, MINIMAL.replace("injury: 2014-06-02", "injury: 2015-06-02"))
    assert line == "field dates: the UR decision (2015-03-02) cannot precede the injury (2015-06-02)"


def test_a_modified_decision_may_leave_the_approved_quantity_undocumented(write_case):
    case = load_case(write_case(MINIMAL.replace("decision: denied", "decision: modified")))
    assert case.items[0].ur.decision == "modified" and case.items[0].ur.approved_quantity is None


def test_a_denied_item_has_no_approved_quantity(write_case):
    line = _error(write_case, MINIMAL.replace("decision: denied", "decision: denied, approved_quantity: 2"))
    assert line == "field items[0].ur: a denied item has no approved_quantity; use decision: modified"


def test_claimant_and_dates_may_be_undocumented(write_case):
    text = MINIMAL.replace("claimant: {age: 52, sex: male}\n", "")
    text = re.sub(r"dates:\n(  .*\n)+", "", text)
    case = load_case(write_case(text))
    assert case.claimant.age is None and case.claimant.sex is None
    assert case.dates.injury is None and case.dates.ur_decision is None
    assert case.as_of_basis == "today"


def test_enumerations_suggest(write_case):
    line = _error(write_case, MINIMAL.replace("decision: denied", "decision: denyed"))
    assert line == "field items[0].ur.decision: expected one of 'denied' or 'modified', found 'denyed' " \
        "(did you mean 'denied'?)"
    line = _error(write_case, MINIMAL.replace("request.kind: extension", "request.kind: extention"))
    assert line.endswith("found 'extention' (did you mean 'extension'?)")


def test_an_empty_fact_value_is_refused(write_case):
    line = _error(write_case, MINIMAL + "      request.duplicate:\n")
    assert line == "field items[0].facts.request.duplicate: expected yes, no, a value or 'not documented', " \
        "found an empty value"


@pytest.mark.parametrize(("text", "found"), [("- a\n- b\n", "a list"), ("just text\n", "a text")])
def test_not_a_mapping(write_case, text, found):
    line = _error(write_case, text)
    assert line == f"the case file must be a mapping: expected keys such as case, dates, claimant, items, found {found}"


def test_a_missing_field(write_case):
    line = _error(write_case, MINIMAL.split("items:")[0])
    assert line == "field items: missing: expected a value for this required field"


def test_no_items(write_case):
    line = _error(write_case, MINIMAL.split("items:")[0] + "items: []\n")
    assert line == "field items: expected at least one entry, found []"


def test_a_topic_must_look_like_a_topic(write_case):
    line = _error(write_case, MINIMAL.replace("topic: physical_therapy", "topic: Physical Therapy"))
    assert line == "field items[0].topic: expected a topic name such as physical_therapy, found 'Physical Therapy'"


def test_a_missing_file(tmp_path):
    with pytest.raises(CaseError, match="no such case file"):
        load_case(tmp_path / "none.yaml")


def test_case_files_of_a_folder(tmp_path):
    for name in ("b.yaml", "a.yml", "c.json", "notes.md"):
        (tmp_path / name).write_text("")
    assert [p.name for p in case_files(tmp_path)] == ["a.yml", "b.yaml", "c.json"]


def test_a_count_after_hash_would_be_a_yaml_comment(write_case):
    text = MINIMAL.replace("Physical therapy 2 times a week for 4 weeks", "Norco 10/325 mg #60")
    line = _error(write_case, text)
    assert line == "field items[0].request: the count after ' #' would be read as a YAML comment " \
        '(quote the request: "Norco 10/325 mg #60")'
    quoted = MINIMAL.replace("Physical therapy 2 times a week for 4 weeks", '"Norco 10/325 mg #60"')
    assert load_case(write_case(quoted)).items[0].request == "Norco 10/325 mg #60"


def test_free_text_fields_take_numbers_and_dates_as_text(write_case):
    text = MINIMAL + "treatment_history:\n  - {treatment: L4-5 laminectomy, period: 2011}\n" \
        "  - {treatment: ESI, period: 2015-02-15}\n"
    history = load_case(write_case(text)).treatment_history
    assert [t.period for t in history] == ["2011", "2015-02-15"]


def test_values_at_the_limits_load(write_case):
    number = "CM15-" + "0" * 59
    text = (MINIMAL.replace("case: CM15-0000099", f"case: {number}").replace("injury: 2014-06-02", "injury: 1900-01-01")
            .replace("    topic:", "    quantity: 10000\n    per_week: 100\n    weeks: 520\n    topic:")
            + "      request.prior_sessions: 999999999999999\n"
            + "treatment_history:\n  - {treatment: PT, sessions: 10000}\n")
    case = load_case(write_case(text))
    assert case.case == number and len(number) == 64
    assert case.dates.injury == dt.date(1900, 1, 1)
    [item] = case.items
    assert (item.quantity, item.per_week, item.weeks) == (10000, 100, 520)
    assert item.facts["request.prior_sessions"] == 999_999_999_999_999
    line = _error(write_case, text.replace(number, number + "1"))
    assert line.startswith("field case: expected a case number of at most 64 ")
