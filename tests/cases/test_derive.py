"""The facts an item is decided on: derived from the text and dates, stated facts winning."""

from __future__ import annotations

from datetime import date

import pytest

from engine.cases.derive import item_facts
from engine.cases.loader import load_case
from engine.errors import CaseError
from tests.cases.conftest import MINIMAL


def _facts(write_case, text: str = MINIMAL, known=None):
    path = write_case(text)
    return item_facts(load_case(path), 0, str(path), known=known)


def test_quantity_frequency_and_duration_from_the_request_text(write_case):
    prepared = _facts(write_case)
    assert prepared.derived == {
        "request.quantity_specified": True, "request.quantity": 8, "request.per_week": 2, "request.weeks": 4,
        "injury.date": date(2014, 6, 2),
        "injury.days_since": 273,  # 2014-06-02 to the UR decision of 2015-03-02
        "request.ur_approved": 0,  # denied: nothing of it approved
    }
    assert prepared.facts == {**prepared.derived, "request.kind": "extension"}
    assert prepared.quantities.source == "request text" and prepared.warnings == ()


def test_surgery_days_since_is_counted_to_the_ur_decision(write_case):
    text = MINIMAL.replace("  imr_application: 2015-03-20\n", "  imr_application: 2015-03-20\n  surgery: 2015-01-05\n")
    assert _facts(write_case, text).derived["surgery.days_since"] == 56


def test_partial_approval_leaves_the_remainder_in_dispute(write_case):
    text = MINIMAL.replace("ur: {decision: denied,", "ur: {decision: modified, approved_quantity: 6,")
    text = text.replace("2 times a week for 4 weeks", "x12")
    prepared = _facts(write_case, text)
    q = prepared.quantities
    assert (q.requested, q.approved, q.disputed) == (12, 6, 6)
    assert prepared.facts["request.quantity"] == 6
    assert prepared.facts["request.ur_approved"] == 6  # the whole course counts the approved part


def test_a_modification_that_does_not_say_how_many_leaves_the_approved_part_undocumented(write_case):
    text = MINIMAL.replace("ur: {decision: denied,", "ur: {decision: modified,")
    prepared = _facts(write_case, text)
    assert "request.ur_approved" not in prepared.facts
    assert prepared.quantities.disputed == 8  # the request as written is what is disputed


def test_approving_everything_leaves_nothing_to_dispute(write_case):
    text = MINIMAL.replace("ur: {decision: denied,", "ur: {decision: modified, approved_quantity: 8,")
    with pytest.raises(CaseError) as info:
        _facts(write_case, text)
    assert str(info.value).endswith(
        "field items[0].ur.approved_quantity: expected fewer than the 8 requested (else nothing is in dispute), found 8"
    )


def test_a_range_is_decided_at_its_upper_bound(write_case):
    prepared = _facts(write_case, MINIMAL.replace("2 times a week", "1-2 times per week"))
    assert prepared.facts["request.quantity"] == 8
    assert prepared.quantities.requested_low == 4
    assert "a range (4-8)" in prepared.warnings[0]


def test_the_item_fields_override_the_text(write_case):
    prepared = _facts(write_case, MINIMAL.replace("    topic:", "    quantity: 1\n    topic:"))
    assert prepared.facts["request.quantity"] == 1 and prepared.quantities.source == "case file"
    prepared = _facts(write_case, MINIMAL.replace("    topic:", "    per_week: 3\n    topic:"))
    assert (prepared.facts["request.quantity"], prepared.facts["request.per_week"]) == (12, 3)


def test_stated_facts_win_over_derived_ones(write_case):
    prepared = _facts(write_case, MINIMAL + "      request.quantity: 6\n      injury.days_since: 30\n")
    assert prepared.facts["request.quantity"] == 6 and prepared.facts["injury.days_since"] == 30
    assert "request.quantity" not in prepared.derived


def test_case_level_facts_apply_to_every_item(write_case):
    text = MINIMAL.replace("items:\n", "facts:\n  request.duplicate: no\nitems:\n")
    assert _facts(write_case, text).facts["request.duplicate"] is False


def test_unreadable_text_is_unspecified_and_warns(write_case):
    prepared = _facts(write_case, MINIMAL.replace("2 times a week for 4 weeks", "as needed"))
    assert prepared.derived["request.quantity_specified"] is False
    assert "request.quantity" not in prepared.facts
    assert prepared.warnings == ("no quantity could be read from 'Physical therapy as needed'; quantity not specified",)


def test_a_denied_primary_procedure(write_case):
    text = MINIMAL.replace("    topic:", "    primary: {procedure: L4-5 microdiscectomy, denied: yes}\n    topic:")
    assert _facts(write_case, text).facts["request.primary_denied"] is True


def test_only_facts_the_tables_know_are_derived(write_case):
    prepared = _facts(write_case, known={"request.quantity", "request.kind"})
    assert prepared.derived == {"request.quantity": 8}
