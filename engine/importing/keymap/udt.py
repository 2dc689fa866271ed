"""Urine drug testing (tables/urine_drug_testing.xlsx, tables/urine_drug_testing_2009.xlsx)."""

from __future__ import annotations

import re
from typing import Any

from engine.importing.convert import Unmapped, boolean, choice, finding, plain_count, rule, true_only

TOPIC = "udt"
CATEGORIES: dict[str, dict[str, object]] = {"urine_drug_testing": {}}

OPIOIDS = re.compile(r"hydrocodone|norco|vicodin|oxycodone|percocet|oxycontin|tramadol|ultram|codeine|"
                     r"tylenol\s*#\s*[34]|morphine|ms contin|fentanyl|duragesic|methadone|hydromorphone|dilaudid|"
                     r"tapentadol|nucynta|"
                     r"buprenorphine|butrans|oxymorphone|opana|opioid|opiate", re.IGNORECASE)
STOPPED = re.compile(r"discontinu|stopped|weaned off|no longer", re.IGNORECASE)


def on_opioid(value: Any) -> str:
    """A medication list naming an opioid still taken: long-term opioid therapy; never 'none'
    (a list that names none may leave one out)."""
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(t, str) and OPIOIDS.search(t) and not STOPPED.search(t) for t in texts):
        return "long-term opioid therapy"
    raise Unmapped("names no opioid currently taken")


OPIOID_STATUS = choice([
    (r"chronic|long[- ]term|maintenance|continu|ongoing|current", "long-term opioid therapy"),
    (r"initiat|start|new|trial", "starting an opioid trial"),
    (r"^\s*(none|not on|no opioid)", "none"),
], what="opioid status (long-term, starting a trial, none)")

NO_ABERRANT = "no aberrant behavior leaves the other risks open"

KEYS = {
    "tests_past_year": rule("udt.tests_past_year", plain_count),
    "high_risk": rule("udt.high_risk", boolean, combine="any"),
    "aberrant_behavior": rule("udt.high_risk", true_only(finding, NO_ABERRANT), combine="any"),
    "opioid_status": rule("udt.opioid_use", OPIOID_STATUS),
    "drug": rule("udt.opioid_use", on_opioid),
    "current_medications": rule("udt.opioid_use", on_opioid),
    "medications": rule("udt.opioid_use", on_opioid),
}
