"""Chiropractic manipulation (tables/chiropractic.xlsx)."""

from __future__ import annotations

import re
from typing import Any

from engine.importing.convert import Unmapped, boolean, choice, count_done, rule

TOPIC = "chiropractic"
CATEGORIES: dict[str, dict[str, object]] = {"chiropractic": {}}

_REGIONS = [
    (r"lumb|low back|lower back|sacr", "low back"),
    (r"cervical|neck", "neck"),
    (r"thoracic|upper back|mid ?back", "upper back"),
    (r"knee", "knee"),
    (r"ankle|foot|feet", "ankle/foot"),
    (r"carpal tunnel", "carpal tunnel"),
    (r"forearm|wrist|hand", "forearm/wrist/hand"),
    (r"elbow|shoulder|hip", "other"),
]
_REGION_PATTERNS = [(re.compile(p, re.IGNORECASE), r) for p, r in _REGIONS]
_SPINE = ("low back", "neck", "upper back")
_NOT_RECOMMENDED = ("knee", "ankle/foot", "carpal tunnel", "forearm/wrist/hand")


def region(value: Any) -> str:
    """The region of the request.  A request that includes a region for which manipulation is
    not recommended is that region (IMR decides the request as made and cannot trim it);
    several spinal regions are 'several spinal regions'; one region is itself; anything
    else (a spinal region with an elbow, say) is left unmapped."""
    words = "; ".join(value) if isinstance(value, list) else value
    if not isinstance(words, str):
        raise Unmapped("not a text naming a region")
    found = []
    for pattern, name in _REGION_PATTERNS:
        if pattern.search(words) and name not in found:
            found.append(name)
    if not found:
        raise Unmapped("names no known region")
    for name in found:
        if name in _NOT_RECOMMENDED:
            return name
    if len(found) == 1:
        return found[0]
    if all(name in _SPINE for name in found):
        return "several spinal regions"
    raise Unmapped(f"names several regions: {', '.join(found)}")


# Working (full, modified or light duty) is back at work; off work or disabled is not.
RETURNED_TO_WORK = choice([
    (r"\b(not working|off work|out of work|temporar\w* total\w* disab\w*|total\w* temporar\w* disab\w*|ttd)\b",
     False),
    (r"^\s*(working|returned to (regular|full|modified|light) (duty|duties|work)|full duty|"
     r"modified (duty|work)|light duty|return(ed)? to work)", True),
], what="work status")

KEYS = {
    "prior_chiro_sessions": rule("request.prior_sessions", count_done),
    "body_region": rule("chiropractic.region", region),
    "work_status": rule("chiropractic.returned_to_work", RETURNED_TO_WORK),
    "returned_to_work": rule("chiropractic.returned_to_work", boolean),
    "flare_up": rule("chiropractic.flare_up", boolean),
}
