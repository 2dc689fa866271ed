"""Laboratory and preoperative tests (tables/lab_tests.xlsx).

The test requested (CBC, metabolic panel, EKG, ...) is written in the disputed item's text,
which no key carries: lab_tests.test is then taken as "other" (its absence rule).
Register this module in keymap/__init__.py (MODULES) for these keys to apply.
"""

from __future__ import annotations

import re
from typing import Any

from engine.importing.convert import Unmapped, boolean, finding, present, rule, true_only, when_true

TOPIC = "lab_tests"
CATEGORIES: dict[str, dict[str, object]] = {"lab_tests": {}}

NSAIDS = r"nsaid|ibuprofen|motrin|advil|naproxen|naprosyn|anaprox|aleve|diclofenac|voltaren|meloxicam|mobic|" \
         r"celecoxib|celebrex|etodolac|nabumetone|relafen|ketorolac|indomethacin|piroxicam"


def mentions(pattern: str, what: str):
    compiled = re.compile(pattern, re.IGNORECASE)

    def convert(value: Any) -> bool:
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(t, str) and compiled.search(t) for t in texts):
            return True
        raise Unmapped(f"names no {what}")

    return convert


PREOP = when_true("preoperative", "a test not tied to a surgery may still be for one")


def preoperative_text(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return "preoperative"
    raise Unmapped("names no surgery")


IMPLANT = r"mesh|implant|arthroplasty|replacement|hardware|fusion"
CHRONIC = r"hypertension|diabet|kidney|renal|liver|hepat|heart|cardiac"
CARDIAC = r"diabet|coronary|heart|cardiac|cerebrovascular|stroke|renal|kidney|arrhythm"
ANEMIA = r"anemi|kidney|renal|liver|hepat|hematolog"
LUNG = r"copd|asthma|pulmonar|lung|heart failure"
RENAL_DRUGS = NSAIDS + r"|diuretic|lisinopril|losartan|hydrochlorothiazide|furosemide|digoxin"
ANTICOAGULANTS = r"warfarin|coumadin|apixaban|eliquis|rivaroxaban|xarelto|heparin|enoxaparin|clopidogrel|plavix"
NOT_NAMED = "an implant not named may still be planned"


def _any(fact: str, pattern: str, what: str):
    return rule(fact, mentions(pattern, what), combine="any")


MEDICATION_RULES = (
    _any("lab_tests.renal_or_electrolyte_risk", RENAL_DRUGS, "medication affecting kidneys or electrolytes"),
    _any("lab_tests.monitored_medication", NSAIDS, "NSAID"),
    _any("lab_tests.bleeding_risk", ANTICOAGULANTS, "anticoagulant"),
)

KEYS = {
    "dependent_on_surgery": rule("lab_tests.purpose", PREOP),
    "associated_with": rule("lab_tests.purpose", preoperative_text),
    "planned_surgery": (rule("lab_tests.purpose", preoperative_text),
                        _any("lab_tests.implant_or_urologic", IMPLANT, "implant")),
    "additional_cardiac_risk_factors": rule("lab_tests.cardiac_risk_factors", boolean, combine="any"),
    "cardiac_risk_factors": rule("lab_tests.cardiac_risk_factors", finding, combine="any"),
    "bleeding_history": rule("lab_tests.bleeding_risk", finding, combine="any"),
    "anticoagulant_use": rule("lab_tests.bleeding_risk", finding, combine="any"),
    "implant": rule("lab_tests.implant_or_urologic", true_only(present, NOT_NAMED), combine="any"),
    "comorbidities": (
        _any("lab_tests.renal_or_electrolyte_risk", CHRONIC, "chronic disease"),
        _any("lab_tests.cardiac_risk_factors", CARDIAC, "cardiac risk factor"),
        _any("lab_tests.diabetes_risk", r"diabet|obes", "diabetes risk"),
        _any("lab_tests.anemia_or_blood_loss", ANEMIA, "anemia risk"),
        _any("lab_tests.pulmonary_risk", LUNG, "cardiopulmonary disease"),
    ),
    "current_medications": MEDICATION_RULES,
    "medications": MEDICATION_RULES,
    "indication": rule("lab_tests.indication", true_only(present, "an indication not named may still be documented")),
}
