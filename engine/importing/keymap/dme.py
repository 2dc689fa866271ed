"""Durable medical equipment, braces, orthoses and supplies (tables/dme.xlsx).

The kind of equipment (``dme.item``) is usually said only by the disputed item's text
("Cold therapy unit, 7 day rental", "Standard wheelchair"): ``ITEM_TEXT`` maps that text to
facts, for the importer to apply to ``disputed_item`` (the same converters serve the keys
``equipment``, ``device`` and ``dme_item`` when an abstract names the equipment in its facts).
The patterns are generic device names, in order of precedence (``first``): a "cold
compression" unit is a cold therapy unit before it is a compression device.
"""

from __future__ import annotations

import re
from typing import Any

from engine.importing.convert import Unmapped, boolean, choice, measured, present, rule, when_false, when_true

TOPIC = "dme"
CATEGORIES: dict[str, dict[str, object]] = {"dme": {}}

ITEM = choice([
    (r"electrode|battery|batteries|lead wires?|(tens|stimulator|h-wave|interferential).{0,20}suppl",
     "stimulator supplies"),
    (r"glove|wipe|incontinen|\bpads?\b.{0,10}(disposable|incontinen)|diaper|chux", "personal care supplies"),
    (r"cold.{0,20}compression|cryo|cold therapy|ice (unit|machine)|polar care|game ?ready|vascutherm|"
     r"cold (unit|wrap|pack unit)|continuous.flow cold", "cold therapy unit"),
    (r"\bcpm\b|continuous passive motion", "continuous passive motion"),
    (r"abduction (pillow )?sling|sling with (an )?abduction|ultrasling|slingshot|arc sling|abduction pillow",
     "abduction pillow sling"),
    (r"\bsling\b|shoulder immobili[sz]er|shoulder brace", "sling or shoulder immobilizer"),
    (r"lumbar (support|brace|corset|orthosis)|\blso\b|back brace|lumbosacral (brace|orthosis)|tlso",
     "lumbar support"),
    (r"cervical collar|neck collar|soft collar|philadelphia collar", "cervical collar"),
    (r"knee (brace|support|immobili[sz]er|sleeve)|hinged knee|unloader", "knee brace"),
    (r"wrist (brace|splint|support)|hand splint|thumb spica|cock.?up splint|finger splint", "wrist or hand splint"),
    (r"elbow (brace|pad|splint|strap)|counterforce|tennis elbow strap|epicondyl\w* (strap|brace)", "elbow brace"),
    (r"ankle (brace|support|stirrup)|walking boot|fracture boot|cam boot|air ?cast|night splint",
     "ankle or foot brace"),
    (r"orthotic|insole|shoe insert|arch support", "foot orthotics"),
    (r"hospital bed", "hospital bed"),
    (r"commode|toilet (seat|riser|safety)", "commode"),
    (r"shower (chair|bench|stool)|bath (chair|bench|seat)|tub (transfer|bench)|grab bar", "bath or shower equipment"),
    (r"knee (scooter|walker)|\bcane\b|crutch|\bwalker\b|rollator", "walking aid"),
    (r"power (wheel)?chair|scooter|power mobility|motori[sz]ed", "power mobility device"),
    (r"wheel ?chair", "wheelchair"),
    (r"hearing aid", "hearing aid"),
    (r"home exercise kit|exercise kit|theraband|resistance band", "home exercise kit"),
    (r"treadmill|exercise (bike|bicycle|equipment|machine)|gym membership|pool membership|\bgym\b",
     "exercise equipment"),
    (r"cervical pillow|neck pillow|orthopedic pillow", "cervical pillow"),
    (r"mattress|bedding|memory foam", "mattress or bedding"),
    (r"workstation|sit.?stand|standing desk|ergonomic|chair for work", "workstation or ergonomic equipment"),
    (r"\bdvt\b|pneumatic compression|sequential compression|compression (pump|device|stocking)",
     "compression device for DVT"),
    (r"hot.{0,5}cold pack|heat pack|cold pack|ice pack|hot pack", "hot or cold packs"),
    (r"heat(ing)? (unit|pad|therapy|wrap)|thermal|infrared heat", "heat therapy unit"),
], first=True, what="kind of equipment")

REGION = choice([
    (r"knee", "knee"), (r"shoulder", "shoulder"),
    (r"lumb|low back|lower back|sacr|cervical|neck|thoracic|spine|back", "spine"),
    (r"\bhip\b", "hip"), (r"elbow", "elbow"), (r"wrist|hand|finger|thumb", "wrist or hand"),
    (r"ankle|foot|feet|heel", "ankle or foot"),
], what="body part")

ACQUISITION = choice([(r"purchase|\bbuy", "purchase"), (r"rent", "rental")], what="rental or purchase")

ASSOCIATED = choice([(r"associated surgical service|post.?op|postoperative|after surgery", True)],
                    what="a post-operative request")


def _days(value: Any) -> int | float:
    """A use period: "7 days", "one week", "30 day rental", "2 month rental" in days."""
    if isinstance(value, str):
        words = " ".join(value.lower().split())
        numbers = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                   "eight": 8, "nine": 9, "ten": 10, "fourteen": 14, "thirty": 30}
        match = re.search(r"\b(\d+|" + "|".join(numbers) + r")[\s-]*(day|week|month)s?", words)
        if match:
            n = numbers.get(match.group(1)) or int(match.group(1))
            return n * {"day": 1, "week": 7, "month": 30}[match.group(2)]
        if re.search(r"unspecified|not specified|not stated", words):
            raise Unmapped("the period is not stated (taken as not stated)")
    return measured(value)


def _surgery(value: Any) -> bool:
    """``associated_with``: a named surgery ("right shoulder arthroscopy ...") says the item serves one."""
    if present(value):
        return True
    raise Unmapped("names no surgery")


def _item_or_other(value: Any) -> str:
    """The kind of equipment a disputed item's text names; equipment of none of the named kinds is "other"
    (the table then applies the general DME criterion: a documented medical need)."""
    try:
        return ITEM(value)
    except Unmapped:
        if isinstance(value, str) and value.strip():
            return "other"
        raise


WORK_PURPOSE = choice([(r"\b(work|working|job|duty|duties|return to work)\b", True)], what="a work purpose")

# The disputed item's text: what it says about the equipment (for the importer's item-text hook).
ITEM_TEXT = {
    "dme.item": _item_or_other,
    "dme.for_surgery": ASSOCIATED,
    "dme.acquisition": ACQUISITION,
    "dme.days_requested": _days,
}

KEYS = {
    "equipment": rule("dme.item", ITEM),
    "device": rule("dme.item", ITEM),
    "dme_item": rule("dme.item", ITEM),
    "body_region": rule("dme.body_region", REGION),
    "associated_with": rule("dme.for_surgery", _surgery, combine="any"),
    "dependent_on_surgery": rule("dme.for_surgery", boolean, combine="any"),
    "rental_days": rule("dme.days_requested", _days),
    "duration_days": rule("dme.days_requested", _days),
    "rental_duration": rule("dme.days_requested", _days),
    "rental_or_purchase": rule("dme.acquisition", ACQUISITION),
    "device_type_specified": rule("dme.unspecified", when_false(True, "a stated type says nothing more")),
    "body_part_specified": rule("dme.unspecified", when_false(True, "a stated body part says nothing more")),
    "functional_need_documented": rule("dme.functional_need", boolean),
    "bed_confined": rule("dme.functional_need", when_true(True, "not bed-bound may still need the item")),
    "instability": rule("dme.brace_indication", when_true(True, "another indication may be present")),
    "purpose": rule("dme.supports_modified_work", WORK_PURPOSE),
    "home_exercise_program": rule("dme.home_exercise_program", boolean),
    "dvt_risk": rule("dme.dvt_high_risk", boolean),
    "spinal_fusion": rule("dme.spinal_fusion", boolean),
}
