"""Psychological evaluation, testing, psychotherapy, intensive programs (tables/psychological_treatment.xlsx)."""

from __future__ import annotations

from engine.importing.convert import boolean, choice, mentions, present, rule, true_only

TOPIC = "psychological_treatment"
CATEGORIES: dict[str, dict[str, object]] = {"psychological_treatment": {}}

PREFIX = "psychological_treatment."

# The service the request names, in order of precedence: a program before the evaluation for it
# ("evaluation for a partial hospitalization program" asks for the program's evaluation, which
# is read as an evaluation only when no program is named).
SERVICE = choice([
    (r"partial hospitali[sz]ation|day (treatment|program)|intensive outpatient|\bIOP\b|\bPHP\b|"
     r"residential (treatment|program)", "intensive program"),
    (r"\btest(s|ing)?\b|battery|\bMMPI|inventory|questionnaire", "testing"),
    (r"psychotherap\w*|\bCBT\b|cognitive[- ]behavio\w*|counsel+ing|therapy sessions?|biofeedback|"
     r"psycholog\w* (treatment|therapy|sessions?|visits?)|(individual|group) (therapy|sessions?)", "psychotherapy"),
    (r"evaluation|consult\w*|assessment|diagnostic interview", "evaluation"),
], first=True, what="psychological service")

# suicidal or homicidal ideation named among the symptoms or diagnoses (not denied) calls for a
# level of care beyond outpatient therapy (the table's intensive_need); never read as absent
IDEATION = true_only(mentions(r"(?<!no )(?<!denies )(suicidal|homicidal)", "suicidal or homicidal ideation"),
                     "a text without it says nothing of the need")

# a psychological diagnosis among the diagnoses is a documented psychological symptom
PSYCHOLOGICAL_DIAGNOSIS = mentions(r"depress|anxi|post-?traumatic|\bPTSD\b|adjustment disorder|panic|"
                                   r"psychological factors|somatic symptom|pain disorder", "a psychological diagnosis")

ITEM_TEXT = {PREFIX + "service": SERVICE}

KEYS = {
    "tests_specified": rule(PREFIX + "tests_specified", boolean),
    # documented psychological symptoms (a list or text naming them)
    "symptoms": (rule(PREFIX + "symptoms", present, combine="any"),
                 rule(PREFIX + "intensive_need", IDEATION, quiet=True, combine="any")),
    "diagnoses": (rule(PREFIX + "intensive_need", IDEATION, quiet=True, combine="any"),
                  rule(PREFIX + "symptoms", PSYCHOLOGICAL_DIAGNOSIS, quiet=True, combine="any")),
    # a plan is more than the guideline's ideation: yes says the need, no does not deny it
    "suicide_plan": rule(PREFIX + "intensive_need", true_only(boolean, "ideation without a plan may still call for it"),
                         combine="any"),
    "suicidal_ideation": rule(PREFIX + "intensive_need", true_only(boolean, "its absence does not settle the need"),
                              combine="any"),
}
