"""Acupuncture (tables/acupuncture.xlsx)."""

from __future__ import annotations

from engine.importing.convert import boolean, count_done, rule, true_only

TOPIC = "acupuncture"
CATEGORIES: dict[str, dict[str, object]] = {"acupuncture": {}}

# 8 CCR 9792.24.1(a)(1): an adjunct to physical rehabilitation; a home exercise program or
# therapy under way is rehabilitation.  Only yes maps: no therapy now does not rule out the other.
_ADJUNCT = true_only(boolean, "no therapy now does not rule out a home exercise program")

KEYS = {
    "prior_acupuncture_sessions": rule("request.prior_sessions", count_done),
    "medication_reduced_or_not_tolerated": rule("acupuncture.medication_reduced_or_not_tolerated", boolean),
    "concurrent_pt_in_progress": rule("acupuncture.adjunct_to_rehabilitation", _ADJUNCT, combine="any"),
    "home_exercise_program": rule("acupuncture.adjunct_to_rehabilitation", _ADJUNCT, combine="any"),
    "adjunct_to_rehabilitation": rule("acupuncture.adjunct_to_rehabilitation", boolean, combine="any"),
}
