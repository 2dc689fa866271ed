"""Surgery (tables/surgery.xlsx, topic surgery).

The procedure itself (surgery.procedure) is named in the disputed item's text, which no
abstract key carries: until the importer reads it, surgery.procedure is left undocumented and
the table applies the general criteria ("other").
"""

from __future__ import annotations

from engine.importing.convert import boolean, finding, rule

TOPIC = "surgery"
CATEGORIES: dict[str, dict[str, object]] = {"surgery": {}}

PREFIX = "surgery."

KEYS = {
    "red_flags": rule(PREFIX + "red_flags", finding),
    "failed_conservative_care": rule(PREFIX + "conservative_care_failed", boolean),
    "imaging_corroboration": rule(PREFIX + "imaging_lesion", boolean),
    "electrodiagnostic_corroboration": rule(PREFIX + "electrodiagnostic_positive", boolean),
    "mechanical_symptoms": rule(PREFIX + "mechanical_symptoms", boolean),
    "instability": rule(PREFIX + "instability", boolean),
}
