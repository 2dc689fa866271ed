"""Properties of reading a request as written, over generated text.

* ``parse_request`` never raises: any text gives a reading, or "not understood"
  (``quantity=None`` with a warning); quantities are whole, non-negative, low <= high.
* Reading the text in one pass finds what searching again from the start after each
  match found (the first implementation, quadratic on long text), words apart.
* The facts of an item with any request text (``item_facts``) are worked out or refused
  with the project's own one-line error (CaseError), never another exception.

``test_long_fuzz_run`` (marked slow) runs every property at length (docs/fuzzing.md).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import strategies as st

from engine.cases.derive import item_facts
from engine.cases.model import CaseFile
from engine.cases.request_text import FORMS, Reading, _Scan, normalize, parse_request
from engine.errors import ImrError
from tests.fuzzing import property_registry

PROPERTIES, prop = property_registry()


_TOKENS = [
    "2", "1-2", "1 to 3", "3.5", "0", "12", "x", "×", "#", "# ", "times", "a week", "weekly", "/wk", "per week",
    "for", "over", "weeks", "wks", "sessions", "visits", "tablets", "refills", "qty", "qty:", "quantity", "mg",
    "10/325", "L4-5", "C5-C6", "2015-03-16", "15 mins", "x-ray", "twice", "once", "six", "twenty-four",
    "additional", "(", ")", ",", ";", "—", "–", "\n", "\t", "٣", "½", "²", "e", "1e5", "-", ".", "..",
]
numbers = st.one_of(
    st.integers(0, 10**6).map(str),
    st.integers(10**15, 10**400).map(str),  # too long for a float once past 308 digits
    st.decimals(min_value=0, max_value=10**6, allow_nan=False, allow_infinity=False, places=3).map(str),
)
request_like = st.lists(st.one_of(st.sampled_from(_TOKENS), numbers), max_size=14).map(" ".join)
glued = st.lists(st.one_of(st.sampled_from(_TOKENS), numbers), max_size=10).map("".join)
texts = st.one_of(st.text(), request_like, glued, st.text(st.characters(categories=["Nd", "No", "Zs", "Cc"])))


@prop(texts)
def test_any_request_text_reads_or_is_not_understood(text: str) -> None:
    parsed = parse_request(text)
    assert parsed.text == text
    if parsed.quantity is None:
        assert parsed.quantity_low is None
        assert any("quantity not specified" in w for w in parsed.warnings)
    else:
        assert parsed.quantity_low is not None and 0 <= parsed.quantity_low <= parsed.quantity
    for value in (parsed.per_week, parsed.per_week_low, parsed.weeks, parsed.weeks_low):
        assert value is None or (math.isfinite(value) and value >= 0)
    assert all(isinstance(w, str) and w for w in parsed.warnings)
    assert isinstance(normalize(text), str)


def _search_from_the_start(text: str) -> list[Reading]:
    """The scan as first written: after each match, search again from the start (quadratic)."""
    rest, readings = normalize(text), []
    for form in FORMS:
        while (match := form.pattern.search(rest)) is not None:
            readings.append(form.read(match))
            rest = rest[: match.start()] + " | " + rest[match.end():]
    return readings


@prop(request_like)
def test_the_one_pass_scan_reads_what_searching_from_the_start_read(text: str) -> None:
    # Words apart, as requests are written. Glued to the match before it ("qty5qty6"), a
    # match the first reading found once that match was replaced by " | " is not read.
    scan = _Scan(normalize(text))
    for form in FORMS:
        scan.consume(form)
    assert repr(scan.readings) == repr(_search_from_the_start(text))  # repr: nan is not equal to itself


def test_a_long_repetitive_request_is_read_in_one_pass() -> None:
    parsed = parse_request("1 x " * 65_000)  # 260,000 characters: minutes when each match restarted the search
    assert parsed.quantity == 1 and len(parsed.forms) == 32_500 and parsed.warnings == ()


_CASE = CaseFile.model_validate({
    "case": "CM15-0000099",
    "dates": {"injury": dt.date(2014, 6, 2), "ur_decision": dt.date(2015, 3, 2),
              "imr_application": dt.date(2015, 3, 20)},
    "claimant": {"age": 52, "sex": "male"},
    "diagnoses": ["lumbar strain"],
    "clinical_summary": "Low back pain after lifting a pallet.",
    "items": [{
        "request": "Physical therapy 2 times a week for 4 weeks",
        "topic": "physical_therapy",
        "ur": {"decision": "modified", "guideline": "MTUS", "approved_quantity": 4},
    }],
})


@prop(texts)
def test_item_facts_from_any_request_text_or_a_one_line_case_error(text: str) -> None:
    item = _CASE.items[0].model_copy(update={"request": text})
    case = _CASE.model_copy(update={"items": [item]})
    try:
        facts = item_facts(case, 0, "case.yaml")
    except ImrError as exc:
        message = str(exc)
        assert len(message.splitlines()) == 1 and message.startswith("case.yaml"), message
        return
    disputed = facts.quantities.disputed
    assert disputed is None or disputed > 0
    assert facts.facts["request.quantity_specified"] is (disputed is not None)


def test_a_number_too_long_for_a_float_is_not_a_quantity() -> None:
    parsed = parse_request("#" + "9" * 400)
    assert parsed.quantity is None
    assert parsed.warnings[0] == "the request gives a number too large to be a quantity; it is ignored"


def test_a_schedule_whose_total_overflows_is_not_a_quantity() -> None:
    huge = "9" * 200
    parsed = parse_request(f"{huge} times a week, then PT for {huge} weeks")
    assert parsed.quantity is None
    assert "too large to be a quantity" in " ".join(parsed.warnings)


# --- the long run ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PROPERTIES))
def test_long_fuzz_run(name: str, fuzz: Any) -> None:
    strategies, check = PROPERTIES[name]
    assert fuzz(strategies, check) > 0
