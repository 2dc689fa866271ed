"""FEEL arithmetic on values: ``+ - * / **`` and negation, null for anything undefined.

Numbers are exact decimals in the DMN context (34 digits), so ``0.1 + 0.2 = 0.3``.
Division by zero, overflow and operands of types that do not combine give null, as
FEEL says, instead of raising.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from decimal import Decimal, DecimalException
from typing import Any

from engine.feel.values import (
    DECIMAL_CONTEXT,
    DaysTimeDuration,
    YearsMonthsDuration,
    kind,
    to_decimal,
)


def _timedelta(duration: DaysTimeDuration) -> dt.timedelta:
    micros = int(duration.seconds.scaleb(6).to_integral_value())
    return dt.timedelta(microseconds=micros)


def _seconds(delta: dt.timedelta) -> DaysTimeDuration:
    micros = (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
    return DaysTimeDuration(Decimal(micros).scaleb(-6))


def _add_months(day: dt.date, months: int) -> dt.date:
    """Shift by whole months, clamping the day to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def _add(a: Any, b: Any, ka: str, kb: str) -> Any:
    if ka == kb == "number":
        return DECIMAL_CONTEXT.add(to_decimal(a), to_decimal(b))
    if ka == kb == "string":
        return a + b
    if ka == kb == "years and months duration":
        return YearsMonthsDuration(a.months + b.months)
    if ka == kb == "days and time duration":
        return DaysTimeDuration(DECIMAL_CONTEXT.add(a.seconds, b.seconds))
    if ka.endswith("duration") and not kb.endswith("duration"):
        return _add(b, a, kb, ka)  # duration + date is date + duration
    if kb == "years and months duration" and ka in ("date", "date and time"):
        return _add_months(a, b.months)
    if kb == "days and time duration":
        if ka == "date and time":
            return a + _timedelta(b)
        if ka == "date":  # the date of midnight plus the duration
            midnight = dt.datetime(a.year, a.month, a.day)
            return (midnight + _timedelta(b)).date()
        if ka == "time":
            moved = dt.datetime.combine(dt.date(2000, 1, 1), a) + _timedelta(b)
            return moved.timetz()
    return None


def _negate(a: Any, ka: str) -> Any:
    if ka == "number":
        return DECIMAL_CONTEXT.minus(to_decimal(a))
    if ka == "years and months duration":
        return YearsMonthsDuration(-a.months)
    if ka == "days and time duration":
        return DaysTimeDuration(-a.seconds)
    return None


def _subtract(a: Any, b: Any, ka: str, kb: str) -> Any:
    if ka == kb and ka in ("date", "date and time"):
        if ka == "date and time" and (a.utcoffset() is None) != (b.utcoffset() is None):
            return None
        return _seconds(a - b)
    if ka == kb == "time":
        if (a.utcoffset() is None) != (b.utcoffset() is None):
            return None
        day = dt.date(2000, 1, 1)
        return _seconds(dt.datetime.combine(day, a) - dt.datetime.combine(day, b))
    if kb.endswith("duration") and not ka.endswith("duration") and ka != "number":
        return _add(a, _negate(b, kb), ka, kb)
    if ka == kb and (ka == "number" or ka.endswith("duration")):
        return _add(a, _negate(b, kb), ka, kb)
    return None


def _multiply(a: Any, b: Any, ka: str, kb: str) -> Any:
    if ka == kb == "number":
        return DECIMAL_CONTEXT.multiply(to_decimal(a), to_decimal(b))
    if kb.endswith("duration") and ka == "number":
        return _multiply(b, a, kb, ka)
    if kb == "number" and ka == "years and months duration":
        months = DECIMAL_CONTEXT.multiply(Decimal(a.months), to_decimal(b))
        return YearsMonthsDuration(int(months.to_integral_value()))
    if kb == "number" and ka == "days and time duration":
        return DaysTimeDuration(DECIMAL_CONTEXT.multiply(a.seconds, to_decimal(b)))
    return None


def _divide(a: Any, b: Any, ka: str, kb: str) -> Any:
    if kb == "number":
        divisor = to_decimal(b)
        if not divisor:
            return None
        if ka == "number":
            return DECIMAL_CONTEXT.divide(to_decimal(a), divisor)
        if ka == "years and months duration":
            months = DECIMAL_CONTEXT.divide(Decimal(a.months), divisor)
            return YearsMonthsDuration(int(months.to_integral_value()))
        if ka == "days and time duration":
            return DaysTimeDuration(DECIMAL_CONTEXT.divide(a.seconds, divisor))
    if ka == kb == "years and months duration" and b.months:
        return DECIMAL_CONTEXT.divide(Decimal(a.months), Decimal(b.months))
    if ka == kb == "days and time duration" and b.seconds:
        return DECIMAL_CONTEXT.divide(a.seconds, b.seconds)
    return None


def _power(a: Any, b: Any, ka: str, kb: str) -> Any:
    if ka == kb == "number":
        base, exponent = to_decimal(a), to_decimal(b)
        if not base and exponent < 0:
            return None
        return DECIMAL_CONTEXT.power(base, exponent)
    return None


_BINARY: dict[str, Callable[[Any, Any, str, str], Any]] = {
    "+": _add,
    "-": _subtract,
    "*": _multiply,
    "/": _divide,
    "**": _power,
}
OPERATORS = frozenset(_BINARY)


def binary(op: str, a: Any, b: Any) -> Any:
    """``a op b`` for op in ``+ - * / **``; null when FEEL leaves it undefined."""
    if a is None or b is None:
        return None
    try:
        result = _BINARY[op](a, b, kind(a), kind(b))
    except (ArithmeticError, DecimalException, OverflowError, ValueError, TypeError):
        return None
    if isinstance(result, Decimal) and not result.is_finite():
        return None
    return result


def negate(a: Any) -> Any:
    """FEEL ``-a``: numbers and durations; null for anything else."""
    try:
        return _negate(a, kind(a))
    except (ArithmeticError, DecimalException):
        return None
