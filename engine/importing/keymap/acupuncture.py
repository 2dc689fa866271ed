"""Acupuncture (tables/acupuncture.xlsx)."""

from __future__ import annotations

from engine.importing.convert import boolean, count_done, rule, true_only

TOPIC = "acupuncture"
CATEGORIES: dict[str, dict[str, object]] = {"acupuncture": {}}

KEYS = {
    "prior_acupuncture_sessions": rule("request.prior_sessions", count_done),
    "medication_reduced_or_not_tolerated": rule("acupuncture.medication_reduced_or_not_tolerated", boolean),
    "concurrent_pt_in_progress": rule(
        "acupuncture.adjunct_to_rehabilitation",
        true_only(boolean, "no therapy now does not rule out a home exercise program"),
    ),
}
