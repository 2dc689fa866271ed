"""Epidural steroid injections (tables/epidural_steroid_injections.xlsx)."""

from __future__ import annotations

from engine.importing.convert import boolean, choice, finding, list_length, measured, plain_count, rule

TOPIC = "epidural_steroid_injections"
CATEGORIES: dict[str, dict[str, object]] = {"epidural_steroid_injection": {}}

PREFIX = "epidural_steroid_injections."

KEYS = {
    "radiculopathy_on_exam": rule(PREFIX + "radiculopathy_on_exam", finding),
    # imaging or electrodiagnostics corroborates: either one is enough
    "imaging_corroboration": rule(PREFIX + "corroborated", boolean, combine="any"),
    "electrodiagnostic_corroboration": rule(PREFIX + "corroborated", boolean, combine="any"),
    "failed_conservative_care": rule(PREFIX + "conservative_care_failed", boolean),
    "injection_number": rule("request.kind", choice([
        (r"^\s*(first|1st|initial)\b", "initial"), (r"^\s*(second|2nd|third|3rd|repeat)\b", "extension"),
    ], what="injection number (first, second, ...)")),
    "injection_levels": rule(PREFIX + "levels", list_length),
    "approach": rule(PREFIX + "approach", choice([
        (r"transforaminal", "transforaminal"), (r"interlaminar", "interlaminar")], what="approach")),
    "fluoroscopy": rule(PREFIX + "fluoroscopy", boolean),
    "injections_past_year": rule(PREFIX + "injections_past_year", plain_count),
    "prior_injections": rule(PREFIX + "injections_past_year", plain_count),
    "relief_percent": rule(PREFIX + "relief_percent", measured),
    "relief_weeks": rule(PREFIX + "relief_weeks", measured),
}
