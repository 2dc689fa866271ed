"""EMG and nerve conduction studies (tables/electrodiagnostics.xlsx).

The study requested (EMG, NCS, both, evoked potentials) is written in the disputed item's
text, which no key carries: ``ITEM_TEXT`` reads emg_ncs.study from it ("EMG/NCV" -> both,
"NCS of the left upper extremity" -> NCS, "SSEP" -> evoked potentials), the limbs as the
region ("bilateral upper extremities" -> upper extremity, "lower extremities" -> lumbar,
"hand" -> wrist and hand; a body_region key wins), and a one-sided request (left or right
only) as not a study of both limbs.  A text naming no study leaves emg_ncs.study to its
absence rule ("EMG and NCS").
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


_HELPED = re.compile(r"help|improv|benefit|better|decreas|reliev|less pain", re.IGNORECASE)
_HEDGED = re.compile(r"\bno\b|\bnot\b|n't|without|minimal|little|slight|transient|temporar|brief|short|\bbut\b|"
                     r"however|persist|plateau|worse", re.IGNORECASE)


def care_helping(value: Any) -> bool:
    """Conservative care said to help ("chiropractic treatments have helped"): the symptoms do not
    persist despite it (false).  A hedged text ("transient relief", "better, but no improvement
    in ...") is left unmapped."""
    if isinstance(value, str) and _HELPED.search(value) and not _HEDGED.search(value):
        return False
    raise Unmapped("does not say plainly that conservative care helps")


def care_helping_in_list(value: Any) -> bool:
    """A treatment to date said plainly to help ("chiropractic (improved symptoms)"): care has not failed."""
    for entry in value if isinstance(value, list) else [value]:
        try:
            return care_helping(entry)
        except Unmapped:
            continue
    raise Unmapped("names no treatment said plainly to help")


KEYS = {
    "body_region": rule("emg_ncs.body_region", region),
    "failed_conservative_care": rule("emg_ncs.conservative_care_failed", boolean),
    "subjective_improvement": rule("emg_ncs.conservative_care_failed", care_helping),
    "prior_treatments": rule("emg_ncs.conservative_care_failed", care_helping_in_list, quiet=True),
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


# -- the request text ------------------------------------------------------------------
_EMG = re.compile(r"\bEMGs?\b|electromyogra", re.IGNORECASE)
_NCS = re.compile(r"\bNC[SV]s?\b|nerve conduction", re.IGNORECASE)
_EVOKED = re.compile(r"\b(SSEP|SEP|DSEP|MEP|VEP|BAEP|BAER)s?\b|evoked potential|somatosensory evoked", re.IGNORECASE)


def study_named(value: Any) -> str:
    """EMG and NCS both named, one of them, or evoked potentials alone; anything else unmapped."""
    if not isinstance(value, str):
        raise Unmapped("not a text naming a study")
    emg, ncs, evoked = (bool(p.search(value)) for p in (_EMG, _NCS, _EVOKED))
    if evoked:
        if emg or ncs:
            raise Unmapped("names evoked potentials with EMG or NCS")
        return "evoked potentials"
    if emg and ncs:
        return "EMG and NCS"
    if emg:
        return "EMG"
    if ncs:
        return "NCS"
    raise Unmapped("names no EMG, NCS or evoked potentials")


_UPPER = re.compile(r"\bupper\b.{0,15}(extremit|limb)|\barms?\b|\b[rlb]?ue\b|hand|wrist|elbow|carpal|cubital",
                    re.IGNORECASE)
_LOWER = re.compile(r"\blower\b.{0,15}(extremit|limb)|\blegs?\b|\b[rlb]?le\b|lumb|foot|feet|ankle", re.IGNORECASE)


def region_named(value: Any) -> str:
    """The limbs of the request as the region (``region``); arms and legs together are left unmapped."""
    if isinstance(value, str) and _UPPER.search(value) and _LOWER.search(value):
        raise Unmapped("names arms and legs")
    return region(value)


_BILATERAL = re.compile(r"bilateral|both|\bb/?l\b|\bb[ul]e\b|extremities|limbs|\barms\b|\blegs\b|hands", re.IGNORECASE)
_ONE_SIDE = re.compile(r"\b(left|right|rt|lt)\b|\b[rl][ul]e\b", re.IGNORECASE)


def one_limb_requested(value: Any) -> bool:
    """A request for one limb (left or right, not both) is not a study of both limbs: false."""
    if isinstance(value, str) and _ONE_SIDE.search(value) and not _BILATERAL.search(value):
        sides = {m.group(0).lower()[0] for m in _ONE_SIDE.finditer(value)}
        if len(sides) == 1:
            return False
    raise Unmapped("not a request for one limb")


ITEM_TEXT = {
    "emg_ncs.study": study_named,
    "emg_ncs.body_region": region_named,
    "emg_ncs.one_limb_only": one_limb_requested,
}
