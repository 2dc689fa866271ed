"""EMG and nerve conduction studies (tables/electrodiagnostics.xlsx).

The study requested (EMG, NCS, both, evoked potentials) is written in the disputed item's
text, which no key carries: emg_ncs.study is then taken as "EMG and NCS" (its absence rule).
"""

from __future__ import annotations

import re
from typing import Any

from engine.importing.convert import Unmapped, boolean, finding, measured, rule

TOPIC = "emg_ncs"
CATEGORIES: dict[str, dict[str, object]] = {"electrodiagnostics": {}}

# First match wins, most specific first.  Legs without a named peripheral nerve disorder are
# read as studied for a lumbar radiculopathy (ODG: radiculopathy is what is presumed).
_REGIONS = (
    (r"lumb|low back|lower back|sacr", "lumbar"),
    (r"peroneal|tarsal|polyneuropath|peripheral neuropath", "lower extremity"),
    (r"lower extremit|lower limb|\blegs?\b|\ble\b|\brle\b|\blle\b|\bble\b", "lumbar"),
    (r"cervical|neck", "cervical"),
    (r"upper extremit|upper limb|\barms?\b|\bue\b|\brue\b|\blue\b|\bbue\b", "upper extremity"),
    (r"wrist|hand|carpal|cubital|ulnar|median|elbow", "wrist and hand"),
)


def region(value: Any) -> str:
    if not isinstance(value, str):
        raise Unmapped("not a text naming a region")
    for pattern, result in _REGIONS:
        if re.search(pattern, value, re.IGNORECASE):
            return result
    raise Unmapped("names no known region (lumbar, cervical, arms, legs, wrist and hand)")


_NEURO_WORDS = re.compile(r"numb|tingl|paresthes|radiat|weak|hypo?(a)?esthes|decreased sensation|sensory|"
                          r"spurling|straight leg|slr|tinel|phalen|reflex|radicul|sensation|strength", re.IGNORECASE)


def neuro_finding(value: Any) -> str:
    """A deficit named or true: equivocal (a deficit does not say the diagnosis is obvious);
    false or "none": none."""
    if isinstance(value, bool):
        return "equivocal" if value else "none"
    if isinstance(value, str | list):
        try:
            if finding(value) is False:
                return "none"
        except Unmapped:
            pass
        return "equivocal"
    raise Unmapped("not a finding")


def neuro_symptoms(value: Any) -> str:
    """Symptoms naming numbness, tingling, radiating pain or weakness: equivocal; otherwise unmapped."""
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(t, str) and _NEURO_WORDS.search(t) for t in texts):
        return "equivocal"
    raise Unmapped("names no neurologic symptom (numbness, tingling, radiating pain, weakness)")


def entrapment_in_exam(value: Any) -> bool:
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(t, str) and re.search(r"tinel|phalen|durkan|carpal compression", t, re.I) for t in texts):
        return True
    raise Unmapped("names no entrapment sign (Tinel, Phalen)")


def weeks(value: Any) -> float:
    """'about 5 weeks', '2 months', '6 weeks at request': the weeks stated (months as 4.3 weeks)."""
    try:
        return measured(value)
    except Unmapped:
        pass
    if isinstance(value, str):
        if m := re.search(r"(\d+(?:\.\d+)?)\s*(?:-|to)?\s*(?:\d+\s*)?weeks?", value, re.I):
            return float(m.group(1))
        if m := re.search(r"(\d+(?:\.\d+)?)\s*months?", value, re.I):
            return round(float(m.group(1)) * 4.3, 1)
        if m := re.search(r"(\d+(?:\.\d+)?)\s*years?", value, re.I):
            return round(float(m.group(1)) * 52, 1)
    raise Unmapped("states no number of weeks, months or years")


KEYS = {
    "body_region": rule("emg_ncs.body_region", region),
    "failed_conservative_care": rule("emg_ncs.conservative_care_failed", boolean),
    "entrapment_signs": rule("emg_ncs.entrapment_signs", finding, combine="any"),
    "exam": rule("emg_ncs.entrapment_signs", entrapment_in_exam, combine="any"),
    "neuro_deficit": rule("emg_ncs.neurologic_findings", neuro_finding),
    "neuro_deficits": rule("emg_ncs.neurologic_findings", neuro_finding),
    "radiculopathy_on_exam": rule("emg_ncs.neurologic_findings", neuro_finding),
    "symptoms": rule("emg_ncs.neurologic_findings", neuro_symptoms),
    "diagnoses": rule("emg_ncs.neurologic_findings", neuro_symptoms),
    "motor_deficit": rule("emg_ncs.motor_deficit", finding),
    "symptom_weeks": rule("emg_ncs.symptom_weeks", measured),
    "symptom_duration": rule("emg_ncs.symptom_weeks", weeks),
}
