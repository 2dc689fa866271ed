"""Specialist consultations and preoperative clearance (tables/consultations.xlsx)."""

from __future__ import annotations

from engine.importing.convert import boolean, choice, rule, when_true

TOPIC = "specialist_consultation"
CATEGORIES: dict[str, dict[str, object]] = {"specialist_consultation": {}}

PREFIX = "specialist_consultation."

# a request that names a preoperative clearance or evaluation says its purpose ("Pre-operative
# medical clearance", "Associated surgical service: medical clearance"); any other text says nothing
PURPOSE = choice([(r"clearance|pre-?op(erative)?\b[^;]{0,30}(evaluation|consult\w*|exam\w*|assessment|H ?& ?P|"
                   r"history and physical)", "preoperative clearance")], what="preoperative clearance")

ITEM_TEXT = {PREFIX + "purpose": PURPOSE}

KEYS = {
    # a consultation that serves a planned surgery is a preoperative clearance
    "dependent_on_surgery": rule(PREFIX + "purpose", when_true("preoperative clearance", "not tied to a surgery")),
    "psychosocial_factors": rule(PREFIX + "psychosocial_factors", boolean),
    "diagnosis_uncertain": rule(PREFIX + "diagnosis_uncertain", boolean),
    # the surgery's own findings, so that surgery_determination can judge the surgery served
    "failed_conservative_care": rule("surgery.conservative_care_failed", boolean),
    "imaging_corroboration": rule("surgery.imaging_lesion", boolean),
}
