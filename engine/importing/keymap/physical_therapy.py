"""Physical therapy and post-operative therapy (tables/physical_therapy.xlsx).

Post-operative therapy is decided as physical therapy under the Postsurgical Treatment
Guidelines (8 CCR 9792.24.3): the category says the condition is post-surgical, and the
surgery is read from the procedure the therapy follows.  The remainder of a partly approved
request comes from the shared UR keys (``ur_authorized_sessions`` -> ``request.ur_approved``).
"""

from __future__ import annotations

import re
from typing import Any

from engine.importing.convert import Unmapped, count_done, finding, mentions, present, rule

TOPIC = "physical_therapy"
CATEGORIES: dict[str, dict[str, object]] = {
    "physical_therapy": {},
    "post_operative_therapy": {"physical_therapy.condition": "post-surgical"},
}


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value if isinstance(v, str))
    if isinstance(value, str):
        return value
    raise Unmapped("not a text or a list of texts")


_CRPS = re.compile(r"\bcrps\b|complex regional pain|reflex sympathetic", re.IGNORECASE)
_POST_SURGICAL = re.compile(r"status[ -]post|\bs/p\b|post-?operative|post-?surgical|\brepaired\b|\bafter surgery\b",
                            re.IGNORECASE)
_NEURALGIA = re.compile(r"radicul|neuritis|neuralgia|sciatica", re.IGNORECASE)
_MYALGIA = re.compile(r"myalgia|myositis|sprain|strain", re.IGNORECASE)


def condition(value: Any) -> str:
    """The CPMTG group of the diagnoses: CRPS first, then after surgery, then neuralgia
    (radiculitis, neuritis, sciatica) or myalgia (myositis, sprain, strain) when only one of
    the two is named; both named is left unmapped (both courses are 10 visits)."""
    words = _text(value)
    if _CRPS.search(words):
        return "crps"
    if _POST_SURGICAL.search(words):
        return "post-surgical"
    neuralgia, myalgia = bool(_NEURALGIA.search(words)), bool(_MYALGIA.search(words))
    if neuralgia and not myalgia:
        return "neuralgia"
    if myalgia and not neuralgia:
        return "myalgia"
    raise Unmapped("names no single physical medicine group" if not (neuralgia or myalgia)
                   else "names both neuralgia and myalgia")


_SURGERIES = [
    (r"rotator cuff|bankart|\bslap\b|acromioplasty|subacromial decompression|shoulder[^;]*arthroscop|"
     r"arthroscop[^;]*shoulder", "shoulder arthroscopy"),
    (r"\bacl\b[^;]*reconstruct|anterior cruciate[^;]*reconstruct|reconstruct[^;]*(\bacl\b|anterior cruciate)",
     "acl reconstruction"),
    (r"meniscectomy|menisc\w* (repair|debridement)", "knee meniscectomy"),
    (r"knee (arthroplasty|replacement)|\btka\b", "knee arthroplasty"),
    (r"hip (arthroplasty|replacement)|\btha\b", "hip arthroplasty"),
    (r"carpal tunnel release|\bctr\b", "carpal tunnel release"),
    (r"(phalan\w*|metacarpal|finger)[^;]*(fracture|orif)|(fracture|orif)[^;]*(phalan\w*|metacarpal|finger)",
     "hand fracture"),
    (r"\bacdf\b|cervical[^;]*fusion|fusion[^;]*\bc[2-7]\b", "cervical fusion"),
    (r"lumbar[^;]*fusion|fusion[^;]*\bl[1-5]\b|\b[tpa]lif\b", "lumbar fusion"),
    (r"discectomy|laminectomy|laminotomy", "lumbar discectomy"),
    (r"(ankle|malleol\w*)[^;]*(fracture|orif)|(fracture|orif)[^;]*(ankle|malleol\w*)", "ankle fracture"),
]
_SURGERY_PATTERNS = [(re.compile(p, re.IGNORECASE), s) for p, s in _SURGERIES]


def surgery(value: Any) -> str:
    """The 9792.24.3 group of the procedure; none or several groups named is left unmapped
    (a meniscectomy during an ACL evaluation is a meniscectomy: an ACL is only a reconstruction
    when the text says so)."""
    words = _text(value)
    found = []
    for pattern, name in _SURGERY_PATTERNS:
        if pattern.search(words) and name not in found:
            found.append(name)
    if len(found) == 1:
        return found[0]
    raise Unmapped("names no surgery the Postsurgical Treatment Guidelines' table here lists" if not found
                   else f"names several surgeries: {', '.join(found)}")


# Measured deficits on examination: range of motion, strength, grip, gait.  Tenderness or a
# positive provocative test alone is not a functional deficit.  Never false: an exam that
# does not mention one says nothing about the others.
EXAM_DEFICITS = mentions(
    r"\b(decreased|limited|reduced|restricted|diminished|loss of|lack of)\b[^;.]*"
    r"\b(range of motion|rom|motion|flexion|extension|abduction|rotation|strength|grip)\b|"
    r"\b[0-4][+-]?/5\b|antalgic|weakness|stiffness|unable to",
    "a measured deficit (range of motion, strength, grip, gait)",
)

KEYS = {
    # Before surgery, therapy given is not part of the post-surgical course (8 CCR 9792.24.3 counts
    # the visits after the surgery): for post-operative therapy the request says whether it continues.
    "prior_pt_sessions": rule("request.prior_sessions", count_done, categories=["physical_therapy"]),
    "objective_deficits": rule("physical_therapy.objective_deficits", finding, combine="any"),
    "functional_deficit": rule("physical_therapy.objective_deficits", present, combine="any"),
    "exam": rule("physical_therapy.objective_deficits", EXAM_DEFICITS, combine="any"),
    "diagnoses": (rule("physical_therapy.condition", condition, categories=["physical_therapy"]),
                  rule("physical_therapy.surgery", surgery)),
    "associated_with": rule("physical_therapy.surgery", surgery),
    "surgery": rule("physical_therapy.surgery", surgery),
}
