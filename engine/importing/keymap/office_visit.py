"""Re-examinations, follow-up visits and consultations (tables/office_visits.xlsx)."""

from __future__ import annotations

from engine.importing.convert import boolean, choice, finding, present, rule

TOPIC = "office_visit"
CATEGORIES: dict[str, dict[str, object]] = {"re_evaluation_follow_up": {}}

VISIT_TYPE = choice([
    (r"consult|transfer of care|referral|refer to|specialist|surgeon|second opinion", "specialist consultation"),
    (r"initial (exam|examination|evaluation|visit)|new patient", "initial examination"),
    (r"follow[- ]?up|re-?exam|re-?evaluat|return visit|office visit|progress", "follow-up"),
], what="visit type")

KEYS = {
    "visit_type": rule("office_visit.visit_type", VISIT_TYPE),
    "symptoms_persist": rule("office_visit.symptoms_persist", boolean, combine="any"),
    # symptoms, pain or functional limits written down at the latest visit: there is something to re-assess
    "symptoms": rule("office_visit.symptoms_persist", present, combine="any"),
    "current_symptoms": rule("office_visit.symptoms_persist", present, combine="any"),
    "pain_score": rule("office_visit.symptoms_persist", present, combine="any"),
    "functional_deficit": rule("office_visit.symptoms_persist", present, combine="any"),
    # findings that call for a specialist (ACOEM ch. 7 p. 127; ch. 8 p. 180; ch. 12 p. 305-306)
    "red_flags": rule("office_visit.referral_indication", finding, combine="any"),
    "red_flag": rule("office_visit.referral_indication", finding, combine="any"),
    "neuro_deficit": rule("office_visit.referral_indication", finding, combine="any"),
    "neuro_deficits": rule("office_visit.referral_indication", finding, combine="any"),
    "radiculopathy_on_exam": rule("office_visit.referral_indication", finding, combine="any"),
    "imaging_shows_neural_compromise": rule("office_visit.referral_indication", finding, combine="any"),
    "referral_indication": rule("office_visit.referral_indication", boolean, combine="any"),
}
