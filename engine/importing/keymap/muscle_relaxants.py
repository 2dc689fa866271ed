"""Muscle relaxants (tables/muscle_relaxants.xlsx)."""

from __future__ import annotations

from engine.importing.convert import boolean, choice, measured, mentions, rule, true_only
from engine.importing.keymap._medication_text import days_supplied

TOPIC = "muscle_relaxants"
CATEGORIES: dict[str, dict[str, object]] = {"muscle_relaxants": {}}

DRUG = choice([
    (r"cyclobenzaprine|flexeril|amrix|fexmid", "cyclobenzaprine"),
    (r"carisoprodol|\bsoma\b", "carisoprodol"),
    (r"baclofen|lioresal", "baclofen"),
    (r"tizanidine|zanaflex", "tizanidine"),
    (r"methocarbamol|robaxin", "methocarbamol"),
    (r"metaxalone|skelaxin", "metaxalone"),
    (r"orphenadrine|norflex", "orphenadrine"),
    (r"chlorzoxazone|dantrolene|diazepam|valium", "other"),
], what="muscle relaxant")

# "since at least 11/07/2016", "in excess of recommended period": the relaxant is already taken.
ALREADY_TAKEN = choice([(r"\S", "extension")], what="duration of use")
USE_STATUS = choice([
    (r"^\s*(initiat\w*|new|start\w*|first)\b", "initial"),
    (r"^\s*(continu\w*|ongoing|chronic|long-term|refill)\b", "extension"),
], what="use status (new or continued)")

# an NSAID or acetaminophen taken for the pain: the first line the relaxant is second to (CPMTG p. 63)
FIRST_LINE = mentions(r"ibuprofen|motrin|advil|naproxen|anaprox|naprosyn|aleve|meloxicam|mobic|etodolac|nabumetone|"
                      r"relafen|diclofenac|voltaren|celecoxib|celebrex|ketorolac|indomethacin|piroxicam|\bnsaids?\b|"
                      r"anti-?inflammator|acetaminophen|tylenol|paracetamol", "an NSAID or acetaminophen")

KEYS = {
    "drug": rule("muscle_relaxants.drug", DRUG),
    "failed_first_line": rule("muscle_relaxants.first_line_tried",
                              true_only(boolean, "first-line treatment may still have been taken")),
    "first_line_tried": rule("muscle_relaxants.first_line_tried", boolean),
    "current_medications": rule("muscle_relaxants.first_line_tried", FIRST_LINE, quiet=True),
    "medications": rule("muscle_relaxants.first_line_tried", FIRST_LINE, quiet=True),
    "concurrent_nsaid": rule("muscle_relaxants.first_line_tried", FIRST_LINE),
    "concurrent_nsaids": rule("muscle_relaxants.first_line_tried", FIRST_LINE),
    "spasm_on_exam": rule("muscle_relaxants.acute_exacerbation",
                          true_only(boolean, "an acute flare may be documented without spasm on examination")),
    "use_duration": rule("request.kind", ALREADY_TAKEN),
    "use_status": rule("request.kind", USE_STATUS),
    "spasticity": rule("muscle_relaxants.baclofen_indication",
                       true_only(boolean, "lancinating neuropathic pain may be")),
    "tizanidine_indication": rule("muscle_relaxants.tizanidine_indication", boolean),
    "second_muscle_relaxant": rule("muscle_relaxants.second_relaxant", boolean),
    "acute_spasm_documented": rule("muscle_relaxants.acute_exacerbation", boolean),
    "acute_exacerbation": rule("muscle_relaxants.acute_exacerbation", boolean),
    "days_requested": rule("muscle_relaxants.days_requested", measured),
    "days_used": rule("muscle_relaxants.days_used", measured),
}

# the request as written: "Cyclobenzaprine 10 mg 1 tab TID #60" covers 20 days (engine.cases.medication_text);
# the drug named in the text when no key names it
ITEM_TEXT = {
    "muscle_relaxants.drug": DRUG,
    "muscle_relaxants.days_requested": days_supplied,
}
