"""Massage and myofascial release (tables/massage.xlsx)."""

from __future__ import annotations

from engine.importing.convert import boolean, count_done, rule, true_only

TOPIC = "massage"
CATEGORIES: dict[str, dict[str, object]] = {"massage": {}}

# CPMTG Massage therapy p. 60: an adjunct to other recommended treatment such as exercise.
_ADJUNCT = true_only(boolean, "no therapy now does not rule out an exercise program")

KEYS = {
    "prior_massage_sessions": rule("request.prior_sessions", count_done),
    "concurrent_pt_in_progress": rule("massage.adjunct_to_active_therapy", _ADJUNCT, combine="any"),
    "home_exercise_program": rule("massage.adjunct_to_active_therapy", _ADJUNCT, combine="any"),
    "adjunct_to_active_therapy": rule("massage.adjunct_to_active_therapy", boolean, combine="any"),
}
