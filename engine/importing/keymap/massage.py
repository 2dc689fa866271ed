"""Massage and myofascial release (tables/massage.xlsx)."""

from __future__ import annotations

from engine.importing.convert import boolean, count_done, rule, true_only

TOPIC = "massage"
CATEGORIES: dict[str, dict[str, object]] = {"massage": {}}

KEYS = {
    "prior_massage_sessions": rule("request.prior_sessions", count_done),
    "concurrent_pt_in_progress": rule(
        "massage.adjunct_to_active_therapy",
        true_only(boolean, "no therapy now does not rule out an exercise program"),
    ),
}
