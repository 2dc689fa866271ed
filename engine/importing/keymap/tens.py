"""TENS, other electrotherapy and passive modalities (tables/tens_and_passive_modalities.xlsx).

Two categories are decided under topic ``tens``: ``tens`` and ``other_electrotherapy``
(H-wave, interferential, NMES, in-clinic electrical stimulation).  The modality is usually
said only by the disputed item's text: ``ITEM_TEXT`` maps that text to facts, for the
importer to apply to ``disputed_item``.
"""

from __future__ import annotations

import re
from typing import Any

from engine.importing.convert import Unmapped, boolean, choice, measured, present, rule, true_only, when_false

TOPIC = "tens"
CATEGORIES: dict[str, dict[str, object]] = {"tens": {}, "other_electrotherapy": {}}

_REGIONS = [
    (r"cervical|neck", "cervical"),
    (r"thoracic|mid ?back|upper back", "thoracic"),
    (r"lumb|low back|lower back|sacr", "lumbar"),
    (r"upper extremit|arm|shoulder|elbow|wrist|hand", "upper extremity"),
    (r"lower extremit|leg|hip|knee|ankle|foot", "lower extremity"),
]
_ONE_REGION = choice(_REGIONS, what="region")
# One chapter of the MTUS (ACOEM Ch. 8, Neck and Upper Back Complaints) covers both.
_NECK_AND_UPPER_BACK = {"cervical", "thoracic"}


def region(value: Any) -> str:
    """One region; the neck with the upper back is "neck and upper back"; other pairs "multiple"."""
    try:
        return str(_ONE_REGION(value))
    except Unmapped:
        text = value if isinstance(value, str) else ""
        found = {name for pattern, name in _REGIONS if re.search(pattern, text, re.IGNORECASE)}
        if found == _NECK_AND_UPPER_BACK:
            return "neck and upper back"
        if len(found) > 1:
            return "multiple"
        raise


# In order of precedence: a "TENS/EMS unit" is a combination before it is TENS.
MODALITY = choice([
    (r"(tens|transcutaneous).{0,6}(/|and|\+|with).{0,6}(ems|nmes|muscle stim)|(ems|nmes).{0,6}(/|and|\+).{0,6}tens",
     "TENS/NMES combination"),
    (r"h-?wave", "H-wave"),
    (r"interferential|\bif unit\b|\bics\b", "interferential"),
    (r"\bnmes\b|\bems\b|neuromuscular (electrical )?stim|muscle stimulat", "NMES"),
    (r"galvanic", "galvanic"),
    (r"\btens\b|transcutaneous electrical nerve", "TENS"),
    (r"electrical stimulation|e-?stim", "electrical stimulation (clinic)"),
    (r"ultrasound", "ultrasound"),
    (r"laser", "low-level laser"),
    (r"infrared", "infrared"),
], first=True, what="modality")

ACQUISITION = choice([(r"purchase|\bbuy", "purchase"), (r"rent", "rental")], what="rental or purchase")
ASSOCIATED = choice([(r"associated surgical service|post.?op|postoperative|after surgery", True)],
                    what="a post-operative request")


def _surgery(value: Any) -> bool:
    """``associated_with``: a named surgery says the unit serves one."""
    if present(value):
        return True
    raise Unmapped("names no surgery")


# The disputed item's text: what it says about the unit (for the importer's item-text hook).
ITEM_TEXT = {
    "tens.modality": MODALITY,
    "tens.acquisition": ACQUISITION,
    "tens.for_surgery": ASSOCIATED,
}

KEYS = {
    "modality": rule("tens.modality", MODALITY),
    "device": rule("tens.modality", MODALITY),
    "body_region": rule("tens.body_region", region),
    "adjunct_to_functional_restoration": rule("tens.adjunct_to_functional_restoration", boolean),
    "concurrent_pt_in_progress": rule(
        "tens.adjunct_to_functional_restoration",
        true_only(boolean, "no therapy now does not rule out a home exercise program"),
    ),
    "goals_specified": rule("tens.goals_documented", boolean),
    "goals_documented": rule("tens.goals_documented", boolean),
    "rental_or_purchase_specified": rule(
        "tens.acquisition", when_false("not stated", "it does not say which")),
    "rental_days": rule("tens.rental_days", measured),
    "other_modalities_failed": rule("tens.other_modalities_failed", boolean),
    "failed_conservative_care": rule("tens.other_modalities_failed", boolean),
    "prior_tens_trial": rule("tens.trial_successful", when_false(False, "a trial given may still have failed")),
    "tens_trial_successful": rule("tens.trial_successful", boolean),
    "tens_trial_failed": rule("tens.tens_trial_failed", boolean),
    "neuropathic_pain": rule("tens.listed_condition", true_only(boolean, "CRPS, MS or spasticity may be present")),
    "associated_with": rule("tens.for_surgery", _surgery, combine="any"),
    "dependent_on_surgery": rule("tens.for_surgery", boolean, combine="any"),
}
