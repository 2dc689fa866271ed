"""Converters of a medication request's text (``engine.cases.medication_text``) for the
medication topics' ``ITEM_TEXT``: the MED a day, the days supplied and a capsaicin strength
(the quantity a medication request states is read by the case layer, ``request_text``).
Each says only what the text states, else ``Unmapped``.

Not a topic module (the name starts with ``_``, so ``MODULES`` leaves it out).
"""

from __future__ import annotations

import re
from typing import Any

from engine.cases.medication_text import parse_medication
from engine.importing.convert import Unmapped


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise Unmapped("the request is not a text")
    return value


def med_per_day(value: Any) -> float:
    """mg MED a day at the maximum daily dose: the opioid, its strength, units a dose and how often must be stated."""
    med = parse_medication(_text(value)).med_per_day
    if med is None:
        raise Unmapped("the request does not state the opioid, strength and directions a daily dose needs")
    return med


def days_supplied(value: Any) -> float:
    """Days the count lasts at the most the directions allow ("#60, 1 tab TID" -> 20)."""
    days = parse_medication(_text(value)).days_supplied
    if days is None:
        raise Unmapped("the request does not state both a count and directions")
    return days


_PERCENT = re.compile(r"capsaicin[^,;%]{0,20}?(\d+(?:\.\d+)?)\s*%|(\d+(?:\.\d+)?)\s*%\s*capsaicin")


def capsaicin_percent(value: Any) -> float:
    """The capsaicin strength written in the request ("Capsaicin 0.075% cream")."""
    m = _PERCENT.search(_text(value).lower())
    if m is None:
        raise Unmapped("no capsaicin strength in the request")
    return float(m.group(1) or m.group(2))
