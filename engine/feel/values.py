"""FEEL values: what they are in Python, how they compare, and the gaps between them.

| FEEL type                  | Python                                    |
|----------------------------|-------------------------------------------|
| number                     | ``decimal.Decimal`` (exact, 34 digits)    |
| string                     | ``str``                                   |
| boolean                    | ``bool``                                  |
| null                       | ``None``                                  |
| date                       | ``datetime.date``                         |
| time                       | ``datetime.time`` (optionally tz-aware)   |
| date and time              | ``datetime.datetime``                     |
| years and months duration  | ``YearsMonthsDuration``                   |
| days and time duration     | ``DaysTimeDuration``                      |
| list                       | ``list`` or ``tuple``                     |
| context                    | a ``Mapping`` (a structured fact)         |

Nothing here raises for a value of the wrong type: FEEL answers null instead, which is
``None`` from ``compare``, ``equal`` and ``midpoint``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Context, Decimal
from typing import Any

from engine.feel.durations import DaysTimeDuration, YearsMonthsDuration, parse_duration
from engine.feel.literals import (
    format_number,
    parse_date,
    parse_date_and_time,
    parse_time,
    quote_string,
    to_feel_literal,
)

__all__ = [
    "DECIMAL_CONTEXT",
    "DaysTimeDuration",
    "FeelValue",
    "YearsMonthsDuration",
    "above",
    "below",
    "compare",
    "equal",
    "format_number",
    "from_python",
    "kind",
    "midpoint",
    "parse_date",
    "parse_date_and_time",
    "parse_duration",
    "parse_time",
    "quote_string",
    "to_feel_literal",
    "type_name",
]

FeelValue = Any  # one of the types in the table above

# IEEE 754 decimal128, as DMN prescribes for FEEL numbers.
DECIMAL_CONTEXT = Context(prec=34, rounding=ROUND_HALF_EVEN, Emax=6144, Emin=-6143)

_KINDS: dict[type, str] = {
    Decimal: "number",
    int: "number",
    float: "number",
    bool: "boolean",
    str: "string",
    type(None): "null",
    dt.date: "date",
    dt.time: "time",
    dt.datetime: "date and time",
    YearsMonthsDuration: "years and months duration",
    DaysTimeDuration: "days and time duration",
    list: "list",
    tuple: "list",
    dict: "context",
}
_ORDERED = frozenset(
    {"number", "string", "date", "time", "date and time",
     "years and months duration", "days and time duration"}
)
_ZONED = frozenset({"time", "date and time"})
_DAY_MICROS = 86_400_000_000


def kind(value: object) -> str:
    """The FEEL type name of a value, or ``"other"`` for a Python value FEEL lacks."""
    found = _KINDS.get(type(value))
    if found is not None:
        return found
    for cls in (bool, dt.datetime, dt.date, dt.time, str, int, float, Decimal, list, tuple):
        if isinstance(value, cls):
            return _KINDS[cls]
    return "context" if isinstance(value, Mapping) else "other"


def type_name(value: object) -> str:
    """"number", "string", "boolean", "date", ..., "list", "null" (TypeError if none)."""
    found = kind(value)
    if found == "other":
        raise TypeError(f"not a FEEL value: {value!r} ({type(value).__name__})")
    return found


def to_decimal(value: Decimal | int | float) -> Decimal:
    """A Python number as a Decimal (a float through its shortest repr)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def compare(a: Any, b: Any) -> int | None:
    """-1, 0 or 1 as ``a`` is less than, equal to or greater than ``b``.

    None when FEEL cannot order the two: null; values of different types (a date and a
    date and time, the two kinds of duration); booleans; lists; a time or date and time
    with a time zone against one without.
    """
    ka = kind(a)
    if ka not in _ORDERED or kind(b) != ka:
        return None
    if ka == "number" and (type(a) is float or type(b) is float):
        a, b = to_decimal(a), to_decimal(b)
    elif ka in _ZONED and (a.utcoffset() is None) != (b.utcoffset() is None):
        return None
    try:
        return -1 if a < b else (1 if a > b else 0)
    except TypeError:  # an exotic tzinfo
        return None


def equal(a: Any, b: Any) -> bool | None:
    """FEEL ``a = b``: null = null is true, null = x false, other type mismatches null."""
    if a is None or b is None:
        return a is None and b is None
    ka = kind(a)
    if kind(b) != ka or ka == "other":
        return None
    if ka in _ORDERED:
        order = compare(a, b)
        return None if order is None else order == 0
    if ka == "list":
        if len(a) != len(b):
            return False
        return all3(equal(x, y) for x, y in zip(a, b, strict=True))
    if ka == "context":
        if set(a) != set(b):
            return False
        return all3(equal(a[k], b[k]) for k in a)
    return bool(a == b)


def all3(results: Iterable[bool | None]) -> bool | None:
    """Three-valued ``and``: any false is false, else any null is null."""
    seen_null = False
    for result in results:
        if result is False:
            return False
        if result is None:
            seen_null = True
    return None if seen_null else True


def from_python(value: object) -> FeelValue:
    """A Python value as a FEEL value: int and float -> Decimal (a float via its repr).

    Lists and mappings are converted item by item; ``timedelta`` becomes a days and time
    duration.  Raises TypeError for anything FEEL has no type for.
    """
    if value is None or isinstance(value, bool | str | Decimal):
        return value
    if isinstance(value, int | float):
        return to_decimal(value)
    if isinstance(value, dt.date | dt.time | YearsMonthsDuration | DaysTimeDuration):
        return value
    if isinstance(value, dt.timedelta):
        micros = (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
        return DaysTimeDuration(Decimal(micros).scaleb(-6))
    if isinstance(value, list | tuple):
        return [from_python(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): from_python(v) for k, v in value.items()}
    raise TypeError(f"no FEEL type for {value!r} ({type(value).__name__})")


# --- gaps between thresholds ------------------------------------------------------------
# A compiler folds a column's values onto classes; it needs one value inside each gap
# between two thresholds and one beyond each end.  Where the type allows, the value
# chosen is a "round" one, since it may show up in a trace.


def midpoint(a: Any, b: Any) -> FeelValue | None:
    """A value strictly between ``a < b`` (same type), or None if there is none."""
    if compare(a, b) != -1:
        return None
    k = kind(a)
    result: Any = None
    if k == "number":
        result = _round_between(to_decimal(a), to_decimal(b))
    elif k == "days and time duration":
        seconds = _round_between(a.seconds, b.seconds)
        result = None if seconds is None else DaysTimeDuration(seconds)
    elif k == "years and months duration":
        result = YearsMonthsDuration((a.months + b.months) // 2)
    elif k == "string":
        result = _string_between(a, b)
    elif k == "date":
        result = a + dt.timedelta(days=(b - a).days // 2)
    elif k == "date and time":
        result = a + (b - a) / 2
    elif k == "time":
        result = _time_between(a, b)
    if result is None or compare(a, result) != -1 or compare(result, b) != -1:
        return None
    return result


def _round_between(a: Decimal, b: Decimal) -> Decimal | None:
    mid = DECIMAL_CONTEXT.divide(DECIMAL_CONTEXT.add(a, b), 2)
    whole = mid.to_integral_value(rounding=ROUND_FLOOR)
    return whole if a < whole < b else mid


def _string_between(a: str, b: str) -> str | None:
    common = 0
    while common < len(a) and a[common] == b[common]:
        common += 1
    if common < len(a):  # they differ at `common`, where a is smaller
        low, high = ord(a[common]), ord(b[common])
        if high - low > 1:
            return a[:common] + chr((low + high) // 2)
        return a + "a"
    rest = b[common:]  # a is a proper prefix of b
    if len(rest) > 1:
        return a + rest[0]
    return a + chr(ord(rest) - 1) if rest != "\0" else None


def _micros(t: dt.time) -> int:
    offset = t.utcoffset() or dt.timedelta(0)
    clock = ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond
    return clock - offset // dt.timedelta(microseconds=1)


def _time_between(a: dt.time, b: dt.time) -> dt.time | None:
    mid = (_micros(a) + _micros(b)) // 2
    offset = a.utcoffset() or dt.timedelta(0)
    clock = mid + offset // dt.timedelta(microseconds=1)
    if not 0 <= clock < _DAY_MICROS:
        return None
    seconds, micros = divmod(clock, 1_000_000)
    return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60, micros, tzinfo=a.tzinfo)


def below(a: Any) -> FeelValue | None:
    """A value of the same type strictly less than ``a``, or None if there is none."""
    return _beyond(a, -1)


def above(a: Any) -> FeelValue | None:
    """A value of the same type strictly greater than ``a``, or None if there is none."""
    return _beyond(a, 1)


def _beyond(a: Any, sign: int) -> FeelValue | None:
    k = kind(a)
    result: Any = None
    try:
        if k == "number":
            number = to_decimal(a)
            result = DECIMAL_CONTEXT.add(number, sign)
            if result == number:  # too large for a step of one to show
                nudge = DECIMAL_CONTEXT.next_plus if sign > 0 else DECIMAL_CONTEXT.next_minus
                result = nudge(number)
        elif k == "string":
            result = a + "z" if sign > 0 else (a[:-1] if a else None)
        elif k == "date":
            result = a + dt.timedelta(days=sign)
        elif k == "date and time":
            result = a + dt.timedelta(seconds=sign)
        elif k == "time":
            result = _time_step(a, sign)
        elif k == "years and months duration":
            result = YearsMonthsDuration(a.months + sign)
        elif k == "days and time duration":
            step = 86400 if a.seconds % 86400 == 0 else 1
            result = DaysTimeDuration(DECIMAL_CONTEXT.add(a.seconds, sign * step))
    except (OverflowError, ArithmeticError):
        return None
    if result is None or compare(result, a) != sign:
        return None
    return result


def _time_step(a: dt.time, sign: int) -> dt.time | None:
    clock = ((a.hour * 60 + a.minute) * 60 + a.second) * 1_000_000 + a.microsecond
    for step in (1_000_000, 1):
        moved = clock + sign * step
        if 0 <= moved < _DAY_MICROS:
            seconds, micros = divmod(moved, 1_000_000)
            return a.replace(
                hour=seconds // 3600, minute=seconds // 60 % 60, second=seconds % 60,
                microsecond=micros,
            )
    return None
