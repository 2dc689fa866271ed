"""Home health services (tables/home_health.xlsx).

The request text says what the services are and how many hours: ``ITEM_TEXT`` reads
whether they include medical treatment (nursing, wound care, medication management,
therapy; an aide for personal care or housekeeping alone is not) and the hours per week
when it gives hours per day and days per week ("6 hours per day, 5 times a week" is 30).
"""

from __future__ import annotations

import re
from typing import Any

from engine.importing.convert import Unmapped, boolean, rule

TOPIC = "home_health"
CATEGORIES: dict[str, dict[str, object]] = {"home_health": {}}

PREFIX = "home_health."

_MEDICAL = re.compile(r"\b(RN|LVN|LPN)\b|nurs(e|ing)|wound|dressing|medication (management|administration)|"
                      r"injections?|infusion|\bIV\b|catheter|drain|physical therapy|occupational therapy|"
                      r"\b(PT|OT)\b|skilled", re.I)


def medical_treatment(value: Any) -> bool:
    """Yes when the services named include skilled nursing or therapy; never no (an aide's
    services may still include medical treatment the text does not name)."""
    if isinstance(value, str) and _MEDICAL.search(value):
        return True
    raise Unmapped("names no nursing or therapy service")


_PER_DAY = re.compile(r"(\d+(?:\.\d+)?)\s*(?:hours?|hrs?)\s*(?:per|a|/)\s*day", re.I)
_DAYS = re.compile(r"(\d)\s*(?:times|days|x)\s*(?:per|a|/)\s*week|(daily|every day|7 days a week)", re.I)


def hours_per_week(value: Any) -> float | int:
    """Hours per day times days per week, when the text states both ("daily" is 7 days)."""
    if not isinstance(value, str):
        raise Unmapped("not a text")
    hours, days = _PER_DAY.search(value), _DAYS.search(value)
    if not hours or not days:
        raise Unmapped("does not state hours per day and days per week")
    n_days = 7 if days.group(2) else int(days.group(1))
    total = float(hours.group(1)) * n_days
    return int(total) if total.is_integer() else total


ITEM_TEXT = {PREFIX + "medical_treatment": medical_treatment, PREFIX + "hours_per_week": hours_per_week}

KEYS = {
    "homebound_documented": rule(PREFIX + "homebound", boolean),
    "homebound": rule(PREFIX + "homebound", boolean),
}
