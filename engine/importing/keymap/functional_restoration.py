"""Functional restoration programs (tables/functional_restoration.xlsx).

Its facts are also read from keys named as they are (``baseline_evaluation``, ...).
"""

from __future__ import annotations

from engine.importing.convert import boolean, present, rule

TOPIC = "functional_restoration"
CATEGORIES: dict[str, dict[str, object]] = {"functional_restoration": {}}

KEYS = {
    # CPMTG p. 30-34, criterion 1: an evaluation with baseline functional testing (an FCE is one)
    "baseline_functional_testing": rule("functional_restoration.baseline_evaluation", boolean, combine="any"),
    "functional_capacity_evaluation": rule("functional_restoration.baseline_evaluation", present, combine="any"),
    "fce": rule("functional_restoration.baseline_evaluation", present, combine="any"),
    "multidisciplinary_evaluation": rule("functional_restoration.baseline_evaluation", boolean, combine="any"),
    # criterion 2
    "other_treatments_exhausted": rule("functional_restoration.prior_treatment_failed", boolean),
    # criterion 4
    "surgery_candidate": rule("functional_restoration.surgical_candidate", boolean),
    # criterion 5
    "motivation": rule("functional_restoration.motivated", boolean),
    "motivated_to_change": rule("functional_restoration.motivated", boolean),
}
