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
    (r"lumbar|low back", "lumbar"), (r"cervical|neck", "cervical"), (r"thoracic", "thoracic"),
    (r"shoulder", "shoulder"), (r"elbow", "elbow"), (r"wrist|hand|finger", "wrist or hand"),
    (r"\bhip\b", "hip"), (r"knee", "knee"), (r"ankle|foot|heel", "ankle or foot"),
], what="body region")

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
