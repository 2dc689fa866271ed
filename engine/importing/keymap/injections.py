"""Facet, trigger point, corticosteroid, hyaluronic acid and PRP injections (tables/injections.xlsx)."""

from __future__ import annotations

from engine.importing.convert import boolean, choice, finding, list_length, rule

TOPIC = "injections"
CATEGORIES: dict[str, dict[str, object]] = {"other_injection": {}}

PREFIX = "injections."

KIND = choice([
    (r"platelet[- ]rich|\bPRP\b", "platelet-rich plasma"),
    (r"hyalur|visco|synvisc|euflexxa|orthovisc", "viscosupplementation"),
    (r"radiofrequency|rhizotomy|neurotomy|ablation", "radiofrequency neurotomy"),
    (r"medial branch", "medial branch block"),
    (r"facet", "facet injection"),
    (r"trigger point", "trigger point injection"),
    (r"cortico|steroid|cortisone|kenalog|depo-?medrol", "corticosteroid injection"),
], first=True, what="injection")

REGION = choice([
    (r"lumbar|low back|\bL[1-5]\b|\bL[1-5]\s*-\s*(L?[1-5]|S1)\b|\bS1\b|sacroiliac|\bSI joint", "lumbar"),
    (r"cervical|neck|\bC[1-7]\s*-\s*C?[1-7]\b", "cervical"), (r"thoracic|\bT[1-9]\s*-\s*T?1?[0-9]\b", "thoracic"),
    (r"shoulder", "shoulder"), (r"elbow", "elbow"), (r"wrist|hand|finger", "wrist or hand"),
    (r"\bhip\b", "hip"), (r"knee", "knee"), (r"ankle|foot|heel", "ankle or foot"),
], what="body region")

# the request names the injection and often its region ("Facet joint injections L4-5, L5-S1",
# "One platelet-rich plasma injection to the right knee")
ITEM_TEXT = {PREFIX + "kind": KIND, PREFIX + "region": REGION}

KEYS = {
    "agent": rule(PREFIX + "kind", KIND),
    "body_region": rule(PREFIX + "region", REGION),
    "injection_levels": rule(PREFIX + "levels", list_length),
    "radicular_symptoms": rule(PREFIX + "radicular_pain", finding),
    "radiculopathy_on_exam": rule(PREFIX + "radicular_pain", finding, combine="any"),
    "failed_conservative_care": rule(PREFIX + "conservative_care_failed", boolean),
    "osteoarthritis": rule(PREFIX + "osteoarthritis", boolean),
    "patellar_tendinosis": rule(PREFIX + "refractory_tendinopathy", boolean),
    "trigger_points": rule(PREFIX + "trigger_points", boolean),
}
