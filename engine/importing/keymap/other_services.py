"""Services with no topic of their own: category ``other`` (tables/other_services.xlsx).

The category says nothing about what is requested: the request text does.  ``ROUTES`` sends
the services that another topic decides there: an assistant surgeon (surgeon, PA or nurse
assistant) to ``surgical_services`` (tables/surgery.xlsx), a preoperative medical clearance to
``specialist_consultation`` with purpose preoperative clearance (tables/consultations.xlsx, as
the clearances of category specialist_consultation are).  Everything else is decided under
``other_services``: gym memberships, transportation to appointments, EEG, other services.
"""

from __future__ import annotations

from engine.importing.convert import boolean, choice, finding, present, rule, true_only

TOPIC = "other_services"
CATEGORIES: dict[str, dict[str, object]] = {"other": {}}

PREFIX = "other_services."

ASSISTANT = r"assistant[- ]?surgeon|surgical assist|assistant\s*(PA|physician assistant|surgeon)|\bPA[- ]?assist|" \
            r"\bco-?surgeon|\bRNFA\b|first assist"
CLEARANCE = r"clearance|pre-?operative (medical )?(evaluation|consult|exam|assessment|H ?& ?P)|" \
            r"pre-?op (medical )?(evaluation|consult|exam|assessment|H ?& ?P)"

ROUTES = {
    "other": (
        (ASSISTANT, "surgical_services", {"surgical_services.service": "assistant surgeon"}),
        (CLEARANCE, "specialist_consultation", {"specialist_consultation.purpose": "preoperative clearance"}),
    ),
}

SERVICE = choice([
    (r"\bgym\b|health club|fitness (club|center|centre|membership)|(pool|aquatic|YMCA|swim\w*) membership|"
     r"\bmembership\b", "gym membership"),
    (r"transport|\btaxi\b|\bmileage\b|\buber\b|\blyft\b|\bparatransit\b", "transportation"),
    (r"\bEEG\b|electroencephalogra", "EEG"),
], what="service of these tables")

ITEM_TEXT = {PREFIX + "service": SERVICE}

KEYS = {
    "failed_home_exercise_program": rule(PREFIX + "home_exercise_failed", boolean),
    "home_exercise_failed": rule(PREFIX + "home_exercise_failed", boolean),
    "equipment_need_documented": rule(PREFIX + "equipment_needed", boolean),
    "equipment_needed": rule(PREFIX + "equipment_needed", boolean),
    "witnessed_seizure_activity": rule(PREFIX + "seizure_activity", finding),
    "seizure_activity": rule(PREFIX + "seizure_activity", finding),
    "seizures": rule(PREFIX + "seizure_activity", finding),
    "deterioration": rule(PREFIX + "failure_to_improve", finding),
    "failure_to_improve": rule(PREFIX + "failure_to_improve", finding),
    "unable_to_self_transport": rule(PREFIX + "cannot_self_transport", boolean),
    "cannot_self_transport": rule(PREFIX + "cannot_self_transport", boolean),
    "indication": rule(PREFIX + "indication_documented",
                       true_only(present, "an indication not named may still be documented")),
}
