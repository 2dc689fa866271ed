"""The two FEEL duration types and their ISO 8601 text.

FEEL keeps years-and-months durations (``P1Y2M``) apart from days-and-time durations
(``P42D``, ``PT10H``): a month has no fixed number of days, so the two kinds never
compare and a text that mixes them (``P1M2D``) is not a FEEL duration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_SECONDS_PER_DAY = 86400

_DURATION = re.compile(
    r"(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?"
    r"(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?",
    re.ASCII,
)


@dataclass(frozen=True, order=True)
class YearsMonthsDuration:
    """A FEEL years-and-months duration, counted in whole months."""

    months: int

    def __str__(self) -> str:
        sign = "-" if self.months < 0 else ""
        years, months = divmod(abs(self.months), 12)
        text = (f"{years}Y" if years else "") + (f"{months}M" if months or not years else "")
        return f"{sign}P{text}"


@dataclass(frozen=True, order=True)
class DaysTimeDuration:
    """A FEEL days-and-time duration, counted in (possibly fractional) seconds."""

    seconds: Decimal

    def __str__(self) -> str:
        sign = "-" if self.seconds < 0 else ""
        total = abs(self.seconds)
        whole = int(total)
        days, rest = divmod(whole, _SECONDS_PER_DAY)
        hours, rest = divmod(rest, 3600)
        minutes, secs = divmod(rest, 60)
        seconds = Decimal(secs) + (total - whole)
        text = f"{days}D" if days else ""
        time = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
        if seconds:
            time += f"{_plain(seconds)}S"
        if time:
            text += "T" + time
        return f"{sign}P{text}" if text else "PT0S"


def _plain(number: Decimal) -> str:
    """A decimal in positional notation without trailing fractional zeros."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def parse_duration(text: str) -> YearsMonthsDuration | DaysTimeDuration:
    """``P1Y2M`` -> years and months; ``P42D``/``PT10H`` -> days and time.

    Raises ValueError for anything else, including a mix of both kinds (``P1M2D``).
    """
    match = _DURATION.fullmatch(text.strip())
    if match is None or text.strip().endswith(("P", "T")):
        raise ValueError(f"not an ISO 8601 duration: {text!r}")
    negative, years, months, days, hours, minutes, seconds = match.groups()
    year_month = years is not None or months is not None
    day_time = any(part is not None for part in (days, hours, minutes, seconds))
    if year_month and day_time:
        raise ValueError(
            f"{text!r} mixes years/months with days/time; FEEL keeps the two kinds apart"
        )
    sign = -1 if negative else 1
    if year_month:
        return YearsMonthsDuration(sign * (int(years or 0) * 12 + int(months or 0)))
    total = (
        int(days or 0) * _SECONDS_PER_DAY
        + int(hours or 0) * 3600
        + int(minutes or 0) * 60
        + Decimal(seconds or 0)
    )
    return DaysTimeDuration(sign * Decimal(total))
