"""Quantity, frequency and duration from a request as written.

Requests come as free text: "2 times a week for 4 weeks", "2x6", "Norco 10/325 mg #60",
"additional 8 acupuncture sessions".  The reading is a small grammar of regular
expressions over a normalized text, in three steps:

1. **normalize**: lower case; number words to digits (``twice`` -> ``2 times``); the
   ways of saying *per week* (``a week``, ``/wk``, ``weekly``) to one token ``perweek``;
   noise that holds numbers but no count removed (strengths ``10 mg``, ``10/325``, times
   ``15 mins``, spinal levels ``L4-5``, dates).
2. **forms**, tried in order, each over the text the earlier forms did not consume:
   ``<n> times perweek for <m> weeks``, ``<n> x <m> [weeks]``, then the counts
   ``#<n>``, ``qty <n>``, ``x<n>``, ``<n> [up to 3 words] sessions|visits|...``.
   A number may be a range (``1-2 times``); the upper bound is what is decided (IMR
   does not trim a request), the lower bound is kept.
3. **reconcile**: one total, or a warning.  A frequency-and-duration total that
   disagrees with a stated count yields to the count; two different counts leave the
   quantity unspecified.

Nothing is evaluated; unreadable text gives ``quantity=None`` and a warning, never an
exception.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

NUMBER = r"\d+(?:\.\d+)?"


def _span(name: str) -> str:
    """A number or a range of numbers: ``2``, ``1-2``, ``1 to 2``, as groups name_lo, name_hi."""
    return rf"(?<![\d.])(?P<{name}_lo>{NUMBER})(?:\s*(?:-|–|to)\s*(?P<{name}_hi>{NUMBER}))?(?![\d.])"


_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30, "sixty": 60,
    "ninety": 90,
}
_TIMES_WORDS = {"once": "1 times", "twice": "2 times", "thrice": "3 times"}

# Text that holds numbers but never a count; removed before reading.
_NOISE = [
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),  # ISO dates
    re.compile(r"\b\d+/\d+(?:/\d+)?\b"),  # 10/325, 3/16/15
    re.compile(rf"(?<![\d.]){NUMBER}\s*(?:mg|mcg|ml|cc|gm?|%|mins?|minutes?|hrs?|hours?|mm|cm)\b"),
    re.compile(r"\b[ctls]\d{1,2}(?:\s*-\s*[ctls]?\d{1,2})?\b"),  # spinal levels L4-5, C5-C6, S1
    re.compile(r"\bx-?rays?\b"),  # not "x" as in times
]
_PER_WEEK = re.compile(r"\s*(?:/|\bper\b|\ba\b|\ban\b|\beach\b|\bevery\b)\s*(?:week|wk)s?\b|\bweekly\b")
_WEEKS = re.compile(r"\b(?:weeks?|wks?)\b")

_FREQUENCY = rf"{_span('per_week')}\s*(?:x|times?|sessions?|visits?|treatments?)?\s*perweek"
_DURATION = rf"(?:x|for|over|during|times)?\s*{_span('weeks')}\s*weeks"
_UNIT = r"(?:sessions?|visits?|treatments?|tablets?|tabs|capsules?|caps|pills?|patch(?:es)?|injections?|units?)"
_FILLER = r"(?:(?!weeks\b|times?\b|perweek\b|x\b|refills?\b)[a-z][a-z-]*\s+){0,3}?"


@dataclass(frozen=True)
class Reading:
    """What one form read from the text."""

    form: str
    quantity: tuple[float, float] | None = None
    per_week: tuple[float, float] | None = None
    weeks: tuple[float, float] | None = None


def _bounds(match: re.Match[str], name: str) -> tuple[float, float] | None:
    low = match.group(f"{name}_lo")
    if low is None:
        return None
    high = match.group(f"{name}_hi") or low
    a, b = float(low), float(high)
    return (min(a, b), max(a, b))


def _times(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return (a[0] * b[0], a[1] * b[1])


def _frequency_for_weeks(m: re.Match[str]) -> Reading:
    per_week, weeks = _bounds(m, "per_week"), _bounds(m, "weeks")
    assert per_week is not None and weeks is not None
    return Reading("frequency for weeks", _times(per_week, weeks), per_week, weeks)


def _count(form: str) -> Callable[[re.Match[str]], Reading]:
    def read(m: re.Match[str]) -> Reading:
        return Reading(form, quantity=_bounds(m, "count"))

    return read


def _frequency_only(m: re.Match[str]) -> Reading:
    return Reading("frequency", per_week=_bounds(m, "per_week"))


def _weeks_only(m: re.Match[str]) -> Reading:
    return Reading("duration", weeks=_bounds(m, "weeks"))


@dataclass(frozen=True)
class Form:
    name: str
    pattern: re.Pattern[str]
    read: Callable[[re.Match[str]], Reading]
    kind: str  # "total", "count", "frequency", "duration"


FORMS: tuple[Form, ...] = (
    Form("frequency for weeks", re.compile(rf"{_FREQUENCY}\s*,?\s*{_DURATION}"), _frequency_for_weeks, "total"),
    Form("n x m", re.compile(rf"(?<!#)(?<!#\s){_span('per_week')}\s*x\s*{_span('weeks')}(?:\s*weeks)?"
                             rf"(?!\s*(?:{_UNIT}|refills?))"),
         _frequency_for_weeks, "total"),
    Form("#n", re.compile(rf"#\s*{_span('count')}"), _count("#n"), "count"),
    Form("qty n", re.compile(rf"\b(?:qty|quantity)\s*[:.]?\s*{_span('count')}"), _count("qty n"), "count"),
    Form("x n", re.compile(rf"(?<![a-z])x\s*{_span('count')}(?!\s*(?:refills?|weeks|perweek))"),
         _count("x n"), "count"),
    Form("n units", re.compile(rf"{_span('count')}\s+{_FILLER}{_UNIT}\b"), _count("n units"), "count"),
    Form("frequency", re.compile(_FREQUENCY), _frequency_only, "frequency"),
    Form("duration", re.compile(rf"(?:for|over|during|x)\s*{_span('weeks')}\s*weeks"), _weeks_only, "duration"),
)


class ParsedRequest(BaseModel):
    """Quantity, frequency and duration read from a request as written.

    ``quantity`` is the upper bound of a range (what would be authorized); the
    ``*_low`` fields keep the lower bound, equal to the upper one when there is no range.
    """

    model_config = ConfigDict(frozen=True)

    text: str
    quantity: int | None = None
    quantity_low: int | None = None
    per_week: int | float | None = None
    per_week_low: int | float | None = None
    weeks: int | float | None = None
    weeks_low: int | float | None = None
    forms: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def quantity_specified(self) -> bool:
        return self.quantity is not None

    @property
    def is_range(self) -> bool:
        return self.quantity is not None and self.quantity_low != self.quantity


def normalize(text: str) -> str:
    """Lower case, number words as digits, one spelling of per week and weeks, noise removed."""
    out = text.lower().replace("×", "x").replace("—", "-")
    for word, digits in _TIMES_WORDS.items():
        out = re.sub(rf"\b{word}\b", digits, out)
    for word in sorted(_WORDS, key=len, reverse=True):
        out = re.sub(rf"\b{word}\b", str(_WORDS[word]), out)
    for noise in _NOISE:
        out = noise.sub(" ", out)
    out = _PER_WEEK.sub(" perweek", out)
    out = _WEEKS.sub("weeks", out)
    out = re.sub(r"[(),;]", " ", out)
    return " ".join(out.split())


@dataclass
class _Scan:
    text: str
    readings: list[Reading] = field(default_factory=list)

    def consume(self, form: Form) -> None:
        """Read every match of the form, left to right, and replace each by `` | ``.

        One pass over the text: searching again from the start after each match made a
        long request (``1 x 1 x ...``, within a case file's size limit) take minutes.
        """
        kept: list[str] = []
        end = 0
        for match in form.pattern.finditer(self.text):
            self.readings.append(form.read(match))
            kept += [self.text[end: match.start()], " | "]
            end = match.end()
        if kept:
            self.text = "".join(kept) + self.text[end:]


def parse_request(text: str) -> ParsedRequest:
    """Read quantity, frequency and duration from a request; never raises on odd text."""
    scan = _Scan(normalize(text))
    for form in FORMS:
        scan.consume(form)
    parsed = _reconcile(text, scan.readings)
    return _medication_quantity(parsed) if parsed.quantity is None else parsed


def _medication_quantity(parsed: ParsedRequest) -> ParsedRequest:
    """A medication request's quantity where the forms above read none (``engine.cases.medication_text``).

    "Terocin 120 g", "500 ml", "1 box", and "Norco 5/325 #60, 1-2 tabs every 4-6 hours" (the
    dose in the directions is not a second count).  Unchanged when it states none either.
    """
    from engine.cases.medication_text import parse_medication

    medication = parse_medication(parsed.text)
    count = medication.count
    if count is None or count != int(count) or not 0 <= count < 10**9:
        return parsed
    whole = int(count)
    unit = {"units": "", "patches": " patches", "g": " g", "ml": " ml", "oz": " oz",
            "boxes": " box" if whole == 1 else " boxes"}
    note = (f"the quantity {whole}{unit.get(medication.count_unit or '', '')} is read as a medication request "
            "states it (a count or an amount; a dose in the directions is not a count)")
    kept = tuple(w for w in parsed.warnings if "quantity not specified" not in w)
    return parsed.model_copy(update={
        "quantity": whole, "quantity_low": whole, "forms": (*parsed.forms, "medication"), "warnings": (*kept, note),
    })


def _distinct(values: list[tuple[float, float]]) -> list[tuple[float, float]]:
    seen: list[tuple[float, float]] = []
    for v in values:
        if v not in seen:
            seen.append(v)
    return seen


def _finite(reading: Reading) -> bool:
    """False for a number too long for a float (``#999...9``) or a product that overflows."""
    bounds = (reading.quantity, reading.per_week, reading.weeks)
    return all(math.isfinite(x) for b in bounds if b is not None for x in b)


def _reconcile(text: str, readings: list[Reading]) -> ParsedRequest:
    warnings: list[str] = []
    if not all(_finite(r) for r in readings):
        warnings.append("the request gives a number too large to be a quantity; it is ignored")
        readings = [r for r in readings if _finite(r)]
    totals = [r for r in readings if r.quantity is not None and r.per_week is not None]
    counts = _distinct([r.quantity for r in readings if r.quantity is not None and r.per_week is None])
    schedules = _distinct([r.per_week for r in readings if r.per_week is not None])
    durations = _distinct([r.weeks for r in readings if r.weeks is not None])
    forms = tuple(r.form for r in readings)

    per_week = schedules[0] if len(schedules) == 1 else None
    weeks = durations[0] if len(durations) == 1 else None
    if len(schedules) > 1:
        warnings.append(f"the request gives {len(schedules)} different frequencies; none is used")
    if len(durations) > 1:
        warnings.append(f"the request gives {len(durations)} different durations; none is used")

    quantity: tuple[float, float] | None = None
    if len(counts) > 1:
        shown = " and ".join(_show(c) for c in counts)
        warnings.append(f"the request gives two counts ({shown}); quantity not specified")
    elif counts:
        quantity = counts[0]
        total = _distinct([r.quantity for r in totals if r.quantity is not None])
        if total and total != [quantity]:
            warnings.append(
                f"the stated count {_show(quantity)} differs from the frequency times the duration "
                f"({_show(total[0])}); the stated count is used"
            )
    elif per_week is not None and weeks is not None:  # one schedule, possibly stated in two parts
        quantity = _times(per_week, weeks)
        if not all(math.isfinite(q) for q in quantity):
            warnings.append("the frequency times the duration is too large to be a quantity; it is ignored")
            quantity = None

    if quantity is None and not any("quantity not specified" in w for w in warnings):
        warnings.append(_unspecified_warning(text, per_week, weeks))
    if quantity is not None and quantity[0] != quantity[1]:
        warnings.append(f"the request gives a range ({_show(quantity)}); the upper bound {_show((quantity[1],) * 2)} "
                        "is the quantity decided")
    low, high = _whole(quantity, warnings)
    return ParsedRequest(
        text=text, quantity=high, quantity_low=low,
        per_week=_num(per_week, 1), per_week_low=_num(per_week, 0),
        weeks=_num(weeks, 1), weeks_low=_num(weeks, 0),
        forms=forms, warnings=tuple(warnings),
    )


def _unspecified_warning(text: str, per_week: tuple[float, float] | None, weeks: tuple[float, float] | None) -> str:
    if per_week is not None:
        return "the request gives a frequency but no duration or count; quantity not specified"
    if weeks is not None:
        return "the request gives a duration but no frequency or count; quantity not specified"
    return f"no quantity could be read from {text.strip()!r}; quantity not specified"


def _whole(quantity: tuple[float, float] | None, warnings: list[str]) -> tuple[int | None, int | None]:
    if quantity is None:
        return None, None
    low, high = quantity
    if low != int(low) or high != int(high):
        warnings.append(f"the quantity {_show(quantity)} is not a whole number; rounded up")
    return math.ceil(low), math.ceil(high)


def _num(bounds: tuple[float, float] | None, index: int) -> float | None:
    if bounds is None:
        return None
    value = bounds[index]
    return int(value) if value == int(value) else value


def _show(bounds: tuple[float, float]) -> str:
    low, high = (int(b) if b == int(b) else b for b in bounds)
    return str(low) if low == high else f"{low}-{high}"
