"""Opioids, 2009 and 2016 editions (tables/opioids_2009.xlsx, tables/opioids_2016.xlsx)."""

from __future__ import annotations

from engine.importing.convert import boolean, choice, finding, measured, rule
from engine.importing.keymap._medication_text import days_supplied, med_per_day

TOPIC = "opioids"
CATEGORIES: dict[str, dict[str, object]] = {"opioids": {}}

# "post-operative (new)", "continuation (since ...)", "initiation": whether a first trial or more.
KIND = choice([
    (r"^\s*(initiat\w*|new|start\w*|first)\b|\(new\)", "initial"),
    (r"^\s*(continu\w*|ongoing|chronic|long-term|refill)\b", "extension"),
], what="opioid status (initiation or continuation)")

POSTOPERATIVE = choice([(r"post-?\s?op", True)], what="post-operative use")

KEYS = {
    # each says one thing or the other: a status that maps to either is mapped
    "opioid_status": (rule("request.kind", KIND, quiet=True),
                      rule("opioids.for_postoperative_pain", POSTOPERATIVE, quiet=True)),
    "use_status": (rule("request.kind", KIND, quiet=True),
                   rule("opioids.for_postoperative_pain", POSTOPERATIVE, quiet=True)),
    "cures_checked": rule("opioids.cures_checked", boolean),
    "risk_screening_done": rule("opioids.risk_screened", boolean),
    "screening_evaluation": rule("opioids.risk_screened", boolean),
    "failed_non_opioid_analgesics": rule("opioids.non_opioid_tried", boolean),
    "failed_first_line": rule("opioids.non_opioid_tried", boolean),
    "urine_drug_screen_recent": rule("opioids.udt_documented", boolean),
    "treatment_agreement": rule("opioids.treatment_agreement", boolean),
    "aberrant_behavior": rule("opioids.aberrant_behavior", finding),
    "adverse_effects": rule("opioids.adverse_effects", finding),
    "pain_relief_percent": rule("opioids.pain_relief_percent", measured),
    "med_per_day": rule("opioids.med_per_day", measured),
    "failed_other_treatments_documented": rule("opioids.non_opioid_tried", boolean),
    "taper_attempted": rule("opioids.taper_attempted", boolean),
    "returned_to_work": rule("opioids.returned_to_work", boolean),
    "days_supply": rule("opioids.days_supply", measured),
    "severe_acute_injury": rule("opioids.severe_acute_injury", boolean),
    "procedure_extent": rule("opioids.major_surgery", choice([
        (r"less extensive|minor", False), (r"more extensive|major", True)], what="extent of surgery")),
}

# the request as written: "Post-op Norco ..." is for pain after a surgery; "Norco 5/325 #60, 1-2 tabs
# every 4-6 hours" gives the MED a day (60) and the days supplied (5) at the maximum daily dose
# (engine.cases.medication_text)
ITEM_TEXT = {
    "opioids.for_postoperative_pain": POSTOPERATIVE,
    "opioids.med_per_day": med_per_day,
    "opioids.days_supply": days_supplied,
}
