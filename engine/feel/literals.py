"""Literal text: reading the strings inside ``date("…")`` and friends, printing values back.

Kept free of the rest of the package so that ``values`` and the parser can both use it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from engine.feel.durations import DaysTimeDuration, YearsMonthsDuration

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_TIME = re.compile(
    r"(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?"
    r"(?:(Z)|([+-])(\d{2}):(\d{2})|@([A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*))?",
    re.ASCII,
)
_SIMPLE_KEY = re.compile(r"[^\W\d]\w*")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def parse_date(text: str) -> dt.date:
    """``2015-03-16`` as a date; ValueError otherwise."""
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a date (YYYY-MM-DD): {text!r}")
    return dt.date(*(int(g) for g in match.groups()))


def parse_time(text: str) -> dt.time:
    """``10:30:00``, with an optional fraction and ``Z``, ``+01:00`` or ``@Europe/Paris``."""
    match = _TIME.fullmatch(text)
    if match is None:
        raise ValueError(f"not a time (hh:mm:ss): {text!r}")
    hh, mm, ss, frac, zulu, sign, oh, om, zone = match.groups()
    tz: dt.tzinfo | None = None
    if zulu:
        tz = dt.UTC
    elif sign:
        offset = dt.timedelta(hours=int(oh), minutes=int(om))
        if int(om) > 59 or offset > dt.timedelta(hours=18):
            raise ValueError(f"time offset out of range: {text!r}")
        tz = dt.timezone(-offset if sign == "-" else offset)
    elif zone:
        try:
            tz = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
            raise ValueError(f"unknown time zone {zone!r}") from exc
    micros = int((frac or "").ljust(6, "0"))
    return dt.time(int(hh), int(mm), int(ss), micros, tzinfo=tz)


def parse_date_and_time(text: str) -> dt.datetime:
    """``2018-07-30T16:12:00Z`` (or a date alone, meaning midnight) as a datetime."""
    day, sep, clock = text.partition("T")
    date = parse_date(day)
    if not sep:
        return dt.datetime(date.year, date.month, date.day)
    return dt.datetime.combine(date, parse_time(clock))


def format_number(number: Decimal | int | float) -> str:
    """A number in positional notation, without exponent or trailing fractional zeros."""
    if isinstance(number, float):
        number = Decimal(repr(number))
    elif isinstance(number, int):
        number = Decimal(number)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def quote_string(text: str) -> str:
    """A string as an S-FEEL string literal, with ``\\``, ``"`` and line breaks escaped."""
    return '"' + "".join(_ESCAPES.get(c, c) for c in text) + '"'


def _zone_suffix(value: dt.time | dt.datetime) -> str:
    tz = value.tzinfo
    if tz is None:
        return ""
    if isinstance(tz, ZoneInfo):
        return "@" + tz.key
    offset = value.utcoffset()
    if offset is None:
        return ""
    if not offset:
        return "Z"
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(offset) // dt.timedelta(minutes=1)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _clock(value: dt.time | dt.datetime) -> str:
    text = f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    return text + _zone_suffix(value)


def to_feel_literal(value: object) -> str:
    """A value as S-FEEL literal text that parses back to the same value.

    A list prints as its items separated by commas (what ``parse_literal_list`` reads).
    Values S-FEEL has no literal for, a list inside a list and a context (a structured
    fact), print in full-FEEL syntax, ``[1, 2]`` and ``{age: 40}``, for display only.
    A ``timedelta`` prints as a days and time duration.  TypeError for anything else.
    """
    if isinstance(value, list | tuple):
        return ", ".join(_nested(v) for v in value)
    return _nested(value)


def _nested(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int | float):
        return format_number(value)
    if isinstance(value, str):
        return quote_string(value)
    if isinstance(value, dt.datetime):
        return f'date and time("{value.date().isoformat()}T{_clock(value)}")'
    if isinstance(value, dt.date):
        return f'date("{value.isoformat()}")'
    if isinstance(value, dt.time):
        return f'time("{_clock(value)}")'
    if isinstance(value, YearsMonthsDuration | DaysTimeDuration):
        return f'duration("{value}")'
    if isinstance(value, dt.timedelta):
        micros = (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
        return f'duration("{DaysTimeDuration(Decimal(micros).scaleb(-6))}")'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_nested(v) for v in value) + "]"
    if isinstance(value, Mapping):
        entries = (f"{_key(k)}: {_nested(v)}" for k, v in value.items())
        return "{" + ", ".join(entries) + "}"
    raise TypeError(f"no FEEL literal for {value!r} ({type(value).__name__})")


def _key(key: object) -> str:
    text = str(key)
    return text if _SIMPLE_KEY.fullmatch(text) else quote_string(text)
