"""Reading quantity, frequency and duration from a request as written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.cases.request_text import normalize, parse_request


@pytest.mark.parametrize(
    ("text", "quantity", "per_week", "weeks"),
    [
        ("2x6", 12, 2, 6),
        ("2 x 6", 12, 2, 6),
        ("2 times a week for 4 weeks", 8, 2, 4),
        ("1 x 4 weeks", 4, 1, 4),
        ("3 times weekly for 6 weeks", 18, 3, 6),
        ("Physical therapy twice a week for six weeks", 12, 2, 6),
        ("PT 2x/wk x 6 wks lumbar", 12, 2, 6),
        ("Chiropractic 2x3", 6, 2, 3),
        ("#60", 60, None, None),
        ("Norco 10/325 mg #60", 60, None, None),
        ("Tramadol ER 150mg #30 x 2 refills", 30, None, None),
        ("x8 sessions", 8, None, None),
        ("Urine drug screen x1", 1, None, None),
        ("additional 8 acupuncture sessions", 8, None, None),
        ("12 visits", 12, None, None),
        ("Cyclobenzaprine 7.5 mg, 90 tablets", 90, None, None),
        ("qty: 120", 120, None, None),
    ],
)
def test_forms(text, quantity, per_week, weeks):
    parsed = parse_request(text)
    assert (parsed.quantity, parsed.per_week, parsed.weeks) == (quantity, per_week, weeks)
    assert parsed.quantity_specified and parsed.quantity_low == quantity
    assert parsed.warnings == ()


def test_a_range_decides_the_upper_bound_and_keeps_the_lower():
    parsed = parse_request("1-2 times per week for 4 weeks")
    assert (parsed.quantity_low, parsed.quantity) == (4, 8)
    assert (parsed.per_week_low, parsed.per_week, parsed.weeks) == (1, 2, 4)
    assert parsed.is_range
    assert parsed.warnings == ("the request gives a range (4-8); the upper bound 8 is the quantity decided",)


def test_the_seed_acupuncture_request_agrees_with_itself():
    parsed = parse_request(
        "Acupuncture, acux 15 mins, infrared therapy, limited exam 2 times a week for 4 weeks "
        "(additional 8 acupuncture sessions)"
    )
    assert (parsed.quantity, parsed.per_week, parsed.weeks) == (8, 2, 4)
    assert parsed.forms == ("frequency for weeks", "n units")  # 15 mins is not a count
    assert parsed.warnings == ()


def test_a_stated_count_wins_over_a_schedule_that_disagrees():
    parsed = parse_request("Acupuncture 2x4 (12 visits)")
    assert parsed.quantity == 12
    assert "differs from the frequency times the duration (8)" in parsed.warnings[0]


def test_two_different_counts_leave_the_quantity_unspecified():
    parsed = parse_request("12 sessions and 8 sessions")
    assert parsed.quantity is None and not parsed.quantity_specified
    assert "two counts (12 and 8)" in parsed.warnings[0]


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("Lumbar MRI", "no quantity could be read from 'Lumbar MRI'"),
        ("Lumbar ESI L4-5", "no quantity could be read"),  # a spinal level is not a count
        ("x-ray lumbar spine", "no quantity could be read"),
        ("Physical therapy 2 times per week", "a frequency but no duration"),
        ("Home exercise for 6 weeks", "a duration but no frequency"),
        ("", "no quantity could be read from ''"),
    ],
)
def test_unreadable_text_is_unspecified_with_a_warning(text, warning):
    parsed = parse_request(text)
    assert parsed.quantity is None and not parsed.quantity_specified
    assert len(parsed.warnings) == 1 and warning in parsed.warnings[0]
    assert parsed.warnings[0].endswith("quantity not specified")


def test_normalize_removes_numbers_that_are_not_counts():
    assert normalize("Norco 10/325 mg, L4-5, 15 mins, 2015-03-16") == "norco mg"
    assert normalize("once a week, three times weekly, 2/wk") == "1 times perweek 3 times perweek 2 perweek"


@given(st.text(max_size=80))
def test_never_raises(text):
    parsed = parse_request(text)
    assert parsed.quantity is None or parsed.quantity >= 0
    assert parsed.quantity_specified or parsed.warnings


_TOKENS = ["2", "1-2", "3.5", "x", "#", "times", "a week", "weekly", "/wk", "for", "weeks", "sessions",
           "visits", "mg", "10/325", "L4-5", "twice", "qty", "refills", "(", ")", ",", "additional", "0"]


@given(st.lists(st.sampled_from(_TOKENS), max_size=12))
def test_never_raises_on_request_like_text(tokens):
    parsed = parse_request(" ".join(tokens))
    if parsed.quantity is not None:
        assert parsed.quantity_low is not None and 0 <= parsed.quantity_low <= parsed.quantity
    else:
        assert parsed.warnings
