"""Surgery (tables/surgery.xlsx, topic surgery).

The procedure (surgery.procedure) is named only in the disputed item's text: ``ITEM_TEXT``
reads it, the main procedure first when several are combined (a fusion before the
decompression it includes, a rotator cuff repair before the acromioplasty done with it).  A
cervical or hip procedure, or a text naming none of these, says nothing: the table then
applies the general criteria ("other").

The findings the ACOEM surgical considerations ask for are read from the abstract's own
words where letters state them: a full-thickness rotator cuff tear in the MRI or the
diagnoses, weakness of arm elevation or rotation on examination, instability
(apprehension, dislocation, subluxation, positive instability tests), mechanical symptoms
of the knee, electrodiagnostic confirmation, and failed conservative care written as text
("no improvement with physical therapy").  A finding a text does not mention is never
written as absent (the tables' absence rules decide that), and a negated mention ("no
instability", "stable Lachman") says nothing.
"""

from __future__ import annotations

import re
from typing import Any

from engine.importing.convert import Unmapped, boolean, finding, rule, text

TOPIC = "surgery"
CATEGORIES: dict[str, dict[str, object]] = {"surgery": {}}

PREFIX = "surgery."

_CERVICAL_OR_HIP = re.compile(r"cervical|\bACDF\b|\bC[1-7]\s*[-/]\s*C?[1-7]\b|\bhip\b", re.I)
_PROCEDURES = (
    ("lumbar fusion", r"fusion|arthrodesis|\b[PTAX]LIF\b|interbody"),
    ("lumbar decompression", r"laminectomy|laminotomy|discectomy|diskectomy|foraminotomy|"
                             r"(lumbar|spinal|spine|\bL[1-5])\b[^;]{0,40}decompression|decompression[^;]{0,20}\bL[1-5]\b"),
    ("knee ligament reconstruction",
     r"\b(ACL|PCL|anterior cruciate|posterior cruciate)\b[^;,]{0,20}(reconstruction|repair)|ligament reconstruction"),
    ("rotator cuff repair", r"rotator cuff repair|\bRCR\b|cuff repair|repair of (the )?rotator cuff"),
    ("shoulder instability repair", r"bankart|capsular shift|capsulorrhaphy|latarjet|shoulder stabili[sz]ation"),
    ("labral or SLAP repair", r"\bSLAP\b|superior labr\w* anterior|labral repair|labrum repair|labral reconstruction"),
    ("subacromial decompression", r"subacromial decompression|acromioplasty|\bSAD\b"),
    ("meniscectomy", r"menis\w*ectomy|menisc(al|us) (repair|debridement)"),
    ("carpal tunnel release", r"carpal tunnel (release|decompression)|\bCTR\b|median nerve (release|decompression)"),
)
_COMPILED = tuple((name, re.compile(pattern, re.I)) for name, pattern in _PROCEDURES)
_SPINE = ("lumbar fusion", "lumbar decompression")


def procedure(value: Any) -> str:
    """The main procedure a request names (the first in ``_PROCEDURES`` order); cervical and hip
    surgery, and a text naming none, are left to the table's absence rule ("other")."""
    if not isinstance(value, str):
        raise Unmapped("not a text naming a procedure")
    for name, pattern in _COMPILED:
        if pattern.search(value):
            if _CERVICAL_OR_HIP.search(value) and (name in _SPINE or name == "labral or SLAP repair"):
                raise Unmapped("a cervical or hip procedure: no specific criteria in these tables")
            return name
    raise Unmapped("names no procedure with specific criteria")


_NEGATION = re.compile(r"\b(no|not|without|negative|denies|denied|absent|stable|normal|resolved)\b[^;,.]*$", re.I)


def _clauses(value: Any) -> list[str]:
    return [c for c in re.split(r"[;,.]", text(value)) if c.strip()]


def positive_mention(pattern: str, what: str):
    """True when a clause of the text names ``pattern`` with no negation before it in that clause;
    never false (a text not naming the finding says nothing of it)."""
    compiled = re.compile(pattern, re.I)

    def convert(value: Any) -> bool:
        if isinstance(value, bool):
            if value:
                return True
            raise Unmapped(f"false does not say which finding is absent ({what})")
        for clause in _clauses(value):
            match = compiled.search(clause)
            if match and not _NEGATION.search(clause[: match.start()]):
                return True
        raise Unmapped(f"does not state {what}")

    return convert


_CUFF = r"(rotator cuff|cuff|supraspinatus|infraspinatus|subscapularis|teres minor)"
FULL_THICKNESS = positive_mention(
    rf"(?<!almost )(?<!near )(?<!nearly )(?<!partial )full[- ]thickness[^;]{{0,40}}{_CUFF}|"
    rf"{_CUFF}[^;]{{0,40}}(?<!almost )(?<!near )(?<!nearly )full[- ]thickness|"
    rf"(complete|massive|retracted) {_CUFF}[^;]{{0,20}}tear", "a full-thickness rotator cuff tear")
WEAKNESS = positive_mention(
    r"drop[- ]arm|weakness (of|with|in) (arm )?(elevation|abduction|flexion|external rotation|rotation)|"
    r"(abduction|elevation|external rotation|\bER\b|flexion)[^;]{0,15}\b[0-4][+-]?/5|"
    r"\b[0-4][+-]?/5[^;]{0,15}(abduction|elevation|external rotation|\bER\b)", "weakness of arm elevation or rotation")
INSTABILITY = positive_mention(
    r"apprehension|instability|unstable|dislocat|subluxat|load[- ]and[- ]shift|relocation test|sulcus sign|"
    r"giving way|gives way|buckling|lachman|pivot[- ]shift|anterior drawer", "instability")
MECHANICAL = positive_mention(r"locking|catching|giving way|gives way|buckling|popping|recurrent effusion",
                              "mechanical symptoms")

_FAILED = re.compile(r"\b(no|without|minimal|little|limited|insufficient|inadequate) "
                     r"(significant |lasting |sustained )?"
                     r"(improvement|relief|benefit|response|progress)|\bfail(ed|ure|s)?\b|"
                     r"not (improved|helped|responded)|did not (improve|help|respond)|persist\w* despite|"
                     r"despite (conservative|physical therapy|PT\b|therapy|injection|medication|rest|splint)|"
                     r"refractory|exhausted", re.I)
_NOT_FAILED = re.compile(r"\bnot (yet )?(failed|exhausted|tried|attempted)|no (trial|conservative)|has not failed|"
                         r"improving|improved with", re.I)


def conservative_failed(value: Any) -> bool:
    """Failed conservative care as a yes/no, or a text saying so ("no improvement with physical
    therapy", "failed PT and injections"); "not yet tried", "improving with PT" say no."""
    try:
        return boolean(value)
    except Unmapped:
        pass
    if isinstance(value, str):
        if _NOT_FAILED.search(value):
            return False
        if _FAILED.search(value):
            return True
    raise Unmapped("not a clear yes or no")


_EDX_POSITIVE = re.compile(r"positive|consistent with|confirm|abnormal|prolonged|slowing|delayed|"
                           r"(mild|moderate|severe) (bilateral )?(right |left )?(carpal tunnel|median)", re.I)
_EDX_NEGATIVE = re.compile(r"\bnormal\b|negative|no evidence", re.I)


def electrodiagnostic(value: Any) -> bool:
    """A study's result: yes/no, or a text that says positive (consistent with, confirms, abnormal
    latency) or normal; a text saying both or neither is left unmapped."""
    try:
        return boolean(value)
    except Unmapped:
        pass
    if isinstance(value, str):
        positive, negative = bool(_EDX_POSITIVE.search(value)), bool(_EDX_NEGATIVE.search(value))
        if positive != negative:
            return positive
    raise Unmapped("not a clear positive or normal result")


ITEM_TEXT = {PREFIX + "procedure": procedure}

KEYS = {
    "red_flags": rule(PREFIX + "red_flags", finding),
    "failed_conservative_care": rule(PREFIX + "conservative_care_failed", conservative_failed),
    "conservative_care_failed": rule(PREFIX + "conservative_care_failed", conservative_failed),
    "imaging_corroboration": rule(PREFIX + "imaging_lesion", boolean),
    "electrodiagnostic_corroboration": rule(PREFIX + "electrodiagnostic_positive", electrodiagnostic),
    "electrodiagnostics": rule(PREFIX + "electrodiagnostic_positive", electrodiagnostic),
    "emg_ncs": rule(PREFIX + "electrodiagnostic_positive", electrodiagnostic),
    "nerve_conduction": rule(PREFIX + "electrodiagnostic_positive", electrodiagnostic),
    "mechanical_symptoms": rule(PREFIX + "mechanical_symptoms", boolean, combine="any"),
    "instability": rule(PREFIX + "instability", boolean, combine="any"),
    # the abstract's own words: a finding is written when a text states it, never absent from silence
    "mri": rule(PREFIX + "full_thickness_tear", FULL_THICKNESS, quiet=True, combine="any"),
    "imaging": rule(PREFIX + "full_thickness_tear", FULL_THICKNESS, quiet=True, combine="any"),
    "diagnoses": (rule(PREFIX + "full_thickness_tear", FULL_THICKNESS, quiet=True, combine="any"),
                  rule(PREFIX + "instability", INSTABILITY, quiet=True, combine="any")),
    "exam": (rule(PREFIX + "weakness", WEAKNESS, quiet=True, combine="any"),
             rule(PREFIX + "instability", INSTABILITY, quiet=True, combine="any"),
             rule(PREFIX + "mechanical_symptoms", MECHANICAL, quiet=True, combine="any")),
    "symptoms": (rule(PREFIX + "instability", INSTABILITY, quiet=True, combine="any"),
                 rule(PREFIX + "mechanical_symptoms", MECHANICAL, quiet=True, combine="any")),
    "current_symptoms": (rule(PREFIX + "instability", INSTABILITY, quiet=True, combine="any"),
                         rule(PREFIX + "mechanical_symptoms", MECHANICAL, quiet=True, combine="any")),
}
