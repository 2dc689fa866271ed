"""Keys every item shares: the claimant, the dates, UR's action, the request's size and kind.

Case fields (age, dates, diagnoses, ...) come from every record of a case; the first record
that documents one gives it, and a later record that says otherwise is recorded.
"""

from __future__ import annotations

from engine.importing.convert import (
    boolean,
    choice,
    count_requested,
    date,
    history,
    ignored,
    plain_count,
    rule,
    summary,
    text,
    text_list,
)

TOPIC = None  # every topic
CATEGORIES: dict[str, dict[str, object]] = {}

# request_type: the first word says it; "retrospective", "30-day trial rental" ... say neither.
REQUEST_KIND = choice([
    (r"^\s*(initial|first|new)\b", "initial"),
    (r"^\s*(additional|continu\w*|extension|extend\w*|renewal|repeat|ongoing|refill|more)\b", "extension"),
], what="request kind (initial or extension)")

UR_DECISION = choice([
    (r"^\s*(non-?certified|not certified|denied|non-?certification)\b", "denied"),
    (r"^\s*(modified|partially (certified|approved)|partial certification)\b", "modified"),
], what="UR action (non-certified or modified)")

SEX = choice([(r"^\s*(f|female|woman)\s*$", "female"), (r"^\s*(m|male|man)\s*$", "male")], what="sex")

KEYS = {
    # the claimant and the claim
    "age": rule("claimant.age", plain_count),
    "sex": rule("claimant.sex", SEX),
    "occupation": rule("claimant.occupation", text),
    "date_of_injury": rule("dates.injury", date),
    "ur_denial_date": rule("dates.ur_decision", date),
    "ur_decision_date": rule("dates.ur_decision", date),
    "imr_application_date": rule("dates.imr_application", date),
    "date_of_surgery": rule("dates.surgery", date),
    "surgery_date": rule("dates.surgery", date),
    "diagnoses": rule("diagnoses", text_list),
    "mechanism": rule("mechanism", text),
    "prior_treatments": rule("treatment_history", text_list),
    "prior_pt_sessions": rule("treatment_history", history("physical therapy")),
    "prior_chiro_sessions": rule("treatment_history", history("chiropractic")),
    "prior_acupuncture_sessions": rule("treatment_history", history("acupuncture")),
    "prior_massage_sessions": rule("treatment_history", history("massage")),
    "days_injury_to_ur": ignored("worked out from dates.injury and dates.ur_decision (injury.days_since)"),
    "derived_phase_by_days_injury_to_ur": ignored("the tables work out injury.phase from the dates"),
    # utilization review
    "ur_action": rule("ur.decision", UR_DECISION),
    "ur_reason": rule("ur.reason", text),
    "ur_guideline": rule("ur.guideline", text),
    "ur_authorized_sessions": rule("ur.approved_quantity", plain_count),
    "ur_authorized_quantity": rule("ur.approved_quantity", plain_count),
    "ur_authorized": (rule("ur.approved_quantity", plain_count, quiet=True), rule("ur.approved", text)),
    "ur_modification": rule("ur.approved", text),
    # the request
    "requested_sessions": rule("item.quantity", count_requested),
    "requested_quantity": rule("item.quantity", count_requested),
    "disputed_sessions": rule("item.disputed", count_requested),
    "disputed_quantity": rule("item.disputed", count_requested),
    "frequency_per_week": rule("item.per_week", count_requested),
    "duration_weeks": rule("item.weeks", count_requested),
    "body_region": rule("item.body_region", text),
    "request_type": rule("request.kind", REQUEST_KIND),
    "functional_improvement_documented": rule("request.functional_improvement", boolean),
    "functional_improvement": rule("request.functional_improvement", boolean),
    "duplicate_request": rule("request.duplicate", boolean),
    # the clinical summary: free text, as the abstract writes it
    "history": summary("History"),
    "symptoms": summary("Symptoms"),
    "current_symptoms": summary("Current symptoms"),
    "symptom_duration": summary("Symptom duration"),
    "pain_description": summary("Pain"),
    "pain_score": summary("Pain score"),
    "exam": summary("Examination"),
    "functional_status": summary("Function"),
    "functional_deficit": summary("Functional deficits"),
    "work_status": summary("Work status"),
    "xray": summary("X-rays"),
    "mri": summary("MRI"),
    "imaging": summary("Imaging"),
    "prior_imaging": summary("Earlier imaging"),
    "current_medications": summary("Current medications"),
    "medications": summary("Medications"),
    "comorbidities": summary("Comorbidities"),
    "subjective_improvement": summary("Reported improvement"),
    "functional_improvement_detail": summary("Functional improvement"),
    "other_facts": summary("Other"),
}
