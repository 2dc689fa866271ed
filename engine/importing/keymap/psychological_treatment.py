"""Psychological evaluation, testing, psychotherapy, intensive programs (tables/psychological_treatment.xlsx)."""

from __future__ import annotations

from engine.importing.convert import boolean, present, rule

TOPIC = "psychological_treatment"
CATEGORIES: dict[str, dict[str, object]] = {"psychological_treatment": {}}

PREFIX = "psychological_treatment."

KEYS = {
    "tests_specified": rule(PREFIX + "tests_specified", boolean),
    # documented psychological symptoms (a list or text naming them)
    "symptoms": rule(PREFIX + "symptoms", present),
    "suicide_plan": rule(PREFIX + "intensive_need", boolean, combine="any"),
}
