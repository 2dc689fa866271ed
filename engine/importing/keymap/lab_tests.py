"""Laboratory and preoperative tests (tables/lab_tests.xlsx).

The test requested (CBC, metabolic panel, EKG, ...) is written in the disputed item's text,
which no key carries: ``ITEM_TEXT`` reads lab_tests.test from it ("Pre-op labs: CBC",
"Associated surgical service: UA"), and the purpose ("pre-op", "associated surgical service"
-> preoperative; "to monitor" -> medication monitoring) and an implant or urologic surgery
named in it.  A text naming no test, or several ("CBC, CMP"), leaves lab_tests.test to its
absence rule ("other").
"""

from __future__ import annotations

import re
from typing import Any

from engine.importing.convert import Unmapped, boolean, choice, finding, mentions, present, rule, true_only, when_true

TOPIC = "lab_tests"
CATEGORIES: dict[str, dict[str, object]] = {"lab_tests": {}}

NSAIDS = r"nsaid|ibuprofen|motrin|advil|naproxen|naprosyn|anaprox|aleve|diclofenac|voltaren|meloxicam|mobic|" \
         r"celecoxib|celebrex|etodolac|nabumetone|relafen|ketorolac|indomethacin|piroxicam"


# The cardiac risk of a surgery named (ODG Preoperative electrocardiogram, after the ACC/AHA
# classes): arthroscopic, endoscopic and superficial surgery is low risk; open orthopedic, spine
# and intraperitoneal surgery intermediate; major vascular surgery high.  A text naming two
# classes ("arthroscopic versus open") says neither.
SURGERY_RISK = choice([
    (r"arthroscop|endoscop|superficial|cataract|carpal tunnel release|trigger finger|ganglion", "low"),
    (r"\bopen\b|fusion|laminectomy|discectomy|arthroplasty|replacement|internal fixation|\borif\b|"
     r"laparotom|intraperitoneal|thoracotom", "intermediate"),
    (r"aort\w*|vascular (surgery|bypass|reconstruction)|peripheral (arterial|vascular) bypass", "high"),
], what="surgery whose cardiac risk is known")

PREOP = when_true("preoperative", "a test not tied to a surgery may still be for one")


def preoperative_text(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return "preoperative"
    raise Unmapped("names no surgery")


IMPLANT = (r"mesh|implant|arthroplasty|joint replacement|(knee|hip|shoulder|disc) replacement|"
           r"total (knee|hip|shoulder)|hardware|fusion|internal fixation|\borif\b|prosthe")
UROLOGIC = r"urolog\w* (surgery|procedure)|cystoscop|ureteroscop|prostatectom|\bturp\b|lithotrips|nephrectom"
IMPLANT_OR_UROLOGIC = IMPLANT + "|" + UROLOGIC
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
    "planned_surgery": (rule("lab_tests.purpose", preoperative_text),
                        _any("lab_tests.implant_or_urologic", IMPLANT_OR_UROLOGIC, "implant or urologic procedure"),
                        rule("lab_tests.surgery_risk", SURGERY_RISK, quiet=True)),
    "associated_with": (rule("lab_tests.purpose", preoperative_text),
                        _any("lab_tests.implant_or_urologic", IMPLANT_OR_UROLOGIC, "implant or urologic procedure"),
                        rule("lab_tests.surgery_risk", SURGERY_RISK, quiet=True)),
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


# -- the request text ------------------------------------------------------------------
# Each test by its usual names; "PT" alone is left out (physical therapy as often as a
# prothrombin time), "PT/PTT" and "PT/INR" are read by their second half.
_TESTS = (
    ("CBC", r"\bCBC\b|complete blood count|blood count|hemogram|\bH ?& ?H\b|hemoglobin(?!\s*a1c)|hematocrit"),
    ("metabolic panel", r"\b[BC]MP\b|metabolic (panel|profile)|\bchem(istry)?\b|\bchem[- ]?(7|12|14|20)\b|"
                        r"\bSMA[- ]?\d+|electrolytes?|\bBUN\b|creatinine|renal (function|panel)|kidney function"),
    ("hepatic function", r"hepatic (function|panel)|liver (function|panel|enzymes)|\bLFTs?\b|\bHFP\b|transaminase"),
    ("coagulation", r"\bPTT\b|\bINR\b|prothrombin|coagulation|\bcoags?\b"),
    ("urinalysis", r"urinalys[ie]s|\bUA\b|urine analysis"),
    ("glucose or A1c", r"\b(hb|hgb ?)?a1c\b|glycated|glycosylated|glucose|blood sugar|\bFBS\b"),
    ("electrocardiogram", r"\bE[KC]G\b|electrocardiogra"),
    ("chest x-ray", r"chest (x-?rays?|radiograph\w*|films?)|\bCXR\b"),
    ("vitamin D", r"vitamin d\b|vit\.? d\b|25-?(oh|hydroxy)"),
    ("drug level", r"(drug|serum|plasma|blood) (level|concentration)s?|therapeutic drug monitoring|"
                   r"(lithium|valpro\w*|depakote|carbamazepine|tegretol|phenytoin|dilantin|digoxin)\s+levels?"),
    ("other", r"thyroid|\bTSH\b|\bESR\b|sed(imentation)? rate|\bCRP\b|c-reactive|rheumatoid|\bANA\b|uric acid|"
              r"testosterone|\bHIV\b|hepatitis|\bB12\b|folate|magnesium|lipid|cholesterol|\bCPK\b|creatine kinase|"
              r"ferritin|\biron\b|\bPSA\b|pregnan|\bhcg\b|type and (screen|cross)|\bMRSA\b|culture"),
)
_COMPILED_TESTS = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _TESTS)


def test_named(value: Any) -> str:
    """The one test a request names ("Pre-op labs: CMP" -> metabolic panel); none or several: unmapped."""
    if not isinstance(value, str):
        raise Unmapped("not a text naming a test")
    found = [name for name, pattern in _COMPILED_TESTS if pattern.search(value)]
    if "vitamin D" in found and "drug level" in found:  # "vitamin D serum level"
        found.remove("drug level")
    if len(found) == 1:
        return found[0]
    if not found:
        raise Unmapped("names no known test")
    raise Unmapped(f"names several tests: {', '.join(found)}")


_PREOP_TEXT = re.compile(r"\bpre-?op|pre-?operative|associated surgical service|surgical clearance|"
                         r"(prior to|before) (the )?surgery", re.IGNORECASE)
_MONITOR_TEXT = re.compile(r"\bmonitor", re.IGNORECASE)


def purpose_named(value: Any) -> str:
    """Before a surgery ("Pre-op labs", "Associated surgical service: EKG"), or to monitor a medication."""
    if isinstance(value, str):
        if _PREOP_TEXT.search(value):
            return "preoperative"
        if _MONITOR_TEXT.search(value):
            return "medication monitoring"
    raise Unmapped("names no purpose")


ITEM_TEXT = {
    "lab_tests.test": test_named,
    "lab_tests.purpose": purpose_named,
    "lab_tests.implant_or_urologic": mentions(IMPLANT_OR_UROLOGIC, "implant or urologic procedure"),
}
