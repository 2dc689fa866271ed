"""Rules and value converters for abstract keys (``docs/import.md``).

A ``Rule`` says where an abstract key goes (a fact, a case or item field, the clinical
summary) and how its value is converted.  A converter returns the converted value or
raises ``Unmapped`` with the reason, and never guesses: a string that does not clearly say
one thing is left unmapped and recorded for the reviewer.

Values that say the letter does not document something (``"unknown"``, ``"not
documented"``, an empty text or list) never reach a converter: ``not_documented`` catches
them first and the key is left out, as undocumented.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from engine.cases.facts import FIRST_DATE, LAST_DATE
from engine.model import FactDef, FactType


class Unmapped(Exception):
    """The value cannot be written to the rule's target; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


Converter = Callable[[Any], Any]

# Targets that are not facts: the case and item fields, the summary, and keys known to be left out.
CASE_TARGETS = ("claimant.age", "claimant.sex", "claimant.occupation", "dates.injury", "dates.ur_decision",
                "dates.imr_application", "dates.surgery", "diagnoses", "mechanism", "treatment_history")
ITEM_TARGETS = ("item.quantity", "item.disputed", "item.per_week", "item.weeks", "item.body_region",
                "ur.decision", "ur.approved_quantity", "ur.approved", "ur.guideline", "ur.reason")
SUMMARY = "summary"
IGNORED = "ignored"


@dataclass(frozen=True)
class Rule:
    """Where one abstract key goes.

    ``target``: a fact name (``imaging.red_flag``), one of ``CASE_TARGETS`` or
    ``ITEM_TARGETS``, ``SUMMARY`` (a line of the clinical summary, under ``label``) or
    ``IGNORED`` (a key known and deliberately not imported; ``label`` says why).
    ``categories``: the treatment categories the rule applies to (default: every one).
    ``combine``: how two keys giving different values for the same fact are settled:
    ``None`` leaves the fact out and records both, ``"any"`` takes true if either is true.
    ``quiet``: a value this rule cannot convert is not recorded when another rule of the
    same key maps it (``ur_authorized``: a number is the approved quantity, a text is
    what UR approved).
    """

    target: str
    convert: Converter | None = None
    label: str = ""
    categories: frozenset[str] | None = None
    combine: str | None = None
    quiet: bool = False

    def applies_to(self, category: str) -> bool:
        return self.categories is None or category in self.categories


def rule(target: str, convert: Converter | None = None, *, label: str = "",
         categories: Iterable[str] | None = None, combine: str | None = None, quiet: bool = False) -> Rule:
    return Rule(target, convert, label, frozenset(categories) if categories is not None else None, combine, quiet)


def summary(label: str) -> Rule:
    return Rule(SUMMARY, text, label)


def ignored(why: str) -> Rule:
    return Rule(IGNORED, None, why)


# -- what counts as "the letter does not say" -------------------------------------------

_NOT_DOCUMENTED = re.compile(
    r"(unknown\b.*|unspecified|unclear|n/?a|none given|"
    r"not (?:clearly |otherwise )?(?:documented|stated|specified|provided|mentioned|reported|detailed|"
    r"available|given|recorded|noted|described|known))\.?",
    re.IGNORECASE,
)


def not_documented(value: Any) -> bool:
    """Whether a value says nothing: empty, ``unknown``, ``not documented``, or a list of those."""
    if value is None:
        return True
    if isinstance(value, str):
        words = " ".join(value.split())
        return not words or bool(_NOT_DOCUMENTED.fullmatch(words))
    if isinstance(value, list | dict):
        items = value.values() if isinstance(value, dict) else value
        return all(not_documented(v) for v in items)
    return False


def shown(value: Any, limit: int = 300) -> str:
    """A value as a comment or a report shows it: JSON on one line, shortened."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _words(value: str) -> str:
    return " ".join(value.lower().split())


# -- converters ------------------------------------------------------------------------


def text(value: Any) -> str:
    """Free text; a list is joined with '; ', numbers and yes/no are written out."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | str):
        out = " ".join(str(value).split())
        if not out:
            raise Unmapped("an empty text")
        return out
    if isinstance(value, list):
        parts = [text(v) for v in value if not not_documented(v)]
        if not parts:
            raise Unmapped("an empty list")
        return "; ".join(parts)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {text(v)}" for k, v in value.items() if not not_documented(v))
    raise Unmapped("not a text")


def text_list(value: Any) -> list[str]:
    """A list of texts (a single text is a list of one)."""
    values = value if isinstance(value, list) else [value]
    out = [text(v) for v in values if not not_documented(v)]
    if not out:
        raise Unmapped("an empty list")
    return out


_YES = {"yes", "true", "y", "present", "positive", "documented"}
_NO = {"no", "false", "n", "absent", "negative"}
_NONE_FOUND = {"none", "none documented", "none noted", "none found", "none reported", "none on exam",
               "none documented on exam", "not present", "no evidence", "denied", "denies"}


def boolean(value: Any) -> bool:
    """true/false, or a string that says only yes or no."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        words = _words(value)
        if words in _YES:
            return True
        if words in _NO:
            return False
    raise Unmapped("not a clear yes or no")


def finding(value: Any) -> bool:
    """A finding: as ``boolean``, and "none documented", "none", ... mean documented absent (false)."""
    if isinstance(value, str) and _words(value) in _NONE_FOUND:
        return False
    return boolean(value)


def true_only(convert: Converter, why: str) -> Converter:
    """Only a true value maps: false says too little about the fact (``why``)."""

    def only_true(value: Any) -> bool:
        if convert(value) is not True:
            raise Unmapped(f"false does not settle it: {why}")
        return True

    return only_true


def when_true(result: Any, why: str) -> Converter:
    """True maps to ``result`` (an enumeration value); false is left unmapped (``why``)."""
    return _when(True, result, why)


def when_false(result: Any, why: str) -> Converter:
    """False maps to ``result``; true is left unmapped (``why``)."""
    return _when(False, result, why)


def _when(expected: bool, result: Any, why: str) -> Converter:
    def convert(value: Any) -> Any:
        if boolean(value) is not expected:
            raise Unmapped(f"{'false' if expected else 'true'} does not settle it: {why}")
        return result

    return convert


def present(value: Any) -> bool:
    """A non-empty list or text naming something (not "none"): true."""
    if isinstance(value, bool):
        return value
    if isinstance(value, list) and any(isinstance(v, str) and v.strip() for v in value):
        return True
    if isinstance(value, str) and value.strip():
        words = _words(value)
        return not (words in _NONE_FOUND or words in _NO)
    raise Unmapped("not a list or text naming something")


_NUMBER = r"(\d+(?:\.\d+)?)"
_UNIT_WORDS = ("sessions", "session", "visits", "visit", "treatments", "treatment", "units", "unit", "tablets",
               "tablet", "tabs", "pills", "capsules", "patches", "weeks", "week", "days", "day", "months", "month",
               "%", "percent", "per week", "times per week", "times a week", "x per week", "x/week", "/week",
               "injections", "injection", "levels", "level", "tests", "test", "hours", "mg")


def _number_pattern(qualifiers: str, tails: Iterable[str]) -> re.Pattern[str]:
    units = "|".join(re.escape(u) for u in sorted(_UNIT_WORDS, key=len, reverse=True))
    tail = "|".join(re.escape(t) for t in tails)
    return re.compile(
        rf"(?:{qualifiers})?{_NUMBER}(?:\s*(?:-|to|–)\s*{_NUMBER})?(?:\s+of\s+\d+)?"
        rf"(?:\s*(?:{units}))?(?:\s+(?:{tail}))?",
        re.IGNORECASE,
    ) if tail else re.compile(
        rf"(?:{qualifiers})?{_NUMBER}(?:\s*(?:-|to|–)\s*{_NUMBER})?(?:\s*(?:{units}))?", re.IGNORECASE,
    )


_DONE = _number_pattern(r"at least\s+", ("completed", "attended", "done", "so far", "to date"))
_REQUESTED = _number_pattern("", ())
_MEASURED = _number_pattern(r"at least\s+", ())


def _plain(value: Any) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if float(value).is_integer() else value


def _as_number(text_value: str) -> int | float:
    number = float(text_value)
    return int(number) if number.is_integer() else number


def count_done(value: Any) -> int | float:
    """Sessions or units already given: a number, "at least 4" (4), "4-5" (4: the lower bound is
    what is documented), "1 of 12 attended" (1).  "8 approved" or "6 requested" is not a count done."""
    number = _plain(value)
    if number is not None:
        return number
    if isinstance(value, str):
        match = _DONE.fullmatch(" ".join(value.split()))
        if match:
            return _as_number(match.group(1))
    raise Unmapped("not a plain count of what was done")


def count_requested(value: Any) -> int | float:
    """What a request asks for: a number or "12 sessions"; a range "12-18" is its upper bound (18),
    as IMR decides a request as written."""
    number = _plain(value)
    if number is not None:
        return number
    if isinstance(value, str):
        match = _REQUESTED.fullmatch(" ".join(value.split()))
        if match:
            return _as_number(match.group(2) or match.group(1))
    raise Unmapped("not a plain number")


def measured(value: Any) -> int | float:
    """A documented measure (weeks, percent, days): a number, or a leading number with its unit;
    a range or "at least" gives the lower bound."""
    number = _plain(value)
    if number is not None:
        return number
    if isinstance(value, str):
        match = _MEASURED.fullmatch(" ".join(value.split()))
        if match:
            return _as_number(match.group(1))
    raise Unmapped("not a plain number")


def plain_count(value: Any) -> int:
    """A whole number as a number, and nothing else (UR's approved quantity)."""
    number = _plain(value)
    if isinstance(number, int):
        return number
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        return int(value)
    raise Unmapped("not a plain number")


def history(treatment: str) -> Converter:
    """A line of the treatment to date: ``treatment`` with the sessions done (``count_done``)."""

    def convert(value: Any) -> list[dict[str, Any]]:
        sessions = count_done(value)
        if not isinstance(sessions, int):
            raise Unmapped("not a whole number of sessions")
        return [{"treatment": treatment, "sessions": sessions}]

    return convert


def list_length(value: Any) -> int:
    """How many entries a list has (levels injected: ["L4-5", "L5-S1"] is 2)."""
    if isinstance(value, list) and value:
        return len(value)
    return plain_count(value)


def choice(options: Iterable[tuple[str, Any]], *, several: Any = None, first: bool = False,
           what: str = "value") -> Converter:
    """An enumeration value from text: each (pattern, value) is searched for, case-insensitively.

    Exactly one value found maps; none, or several different ones, is left unmapped
    (unless ``several`` names the value for several, such as ``"multiple"``, or ``first``
    says the options are in order of precedence and the first found wins).
    """
    compiled = [(re.compile(pattern, re.IGNORECASE), result) for pattern, result in options]

    def convert(value: Any) -> Any:
        if not isinstance(value, str):
            raise Unmapped(f"not a text naming a {what}")
        found: list[Any] = []
        for pattern, result in compiled:
            if pattern.search(value) and result not in found:
                found.append(result)
        if len(found) == 1 or (found and first):
            return found[0]
        if not found:
            raise Unmapped(f"names no known {what}")
        if several is not None:
            return several
        raise Unmapped(f"names several: {', '.join(map(str, found))}")

    return convert


def mentions(pattern: str, what: str) -> Converter:
    """True when a list or text mentions ``pattern``; never false (not mentioning is not absence)."""
    compiled = re.compile(pattern, re.IGNORECASE)

    def convert(value: Any) -> bool:
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and compiled.search(v) for v in values):
            return True
        raise Unmapped(f"does not mention {what}")

    return convert


_MDY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def date(value: Any) -> dt.date:
    """MM/DD/YYYY (as the letters write it) or YYYY-MM-DD, an existing day from 1900 to 2099."""
    if not isinstance(value, str):
        raise Unmapped("not a date written MM/DD/YYYY")
    words = value.strip()
    try:
        if match := _MDY.fullmatch(words):
            day = dt.date(int(match[3]), int(match[1]), int(match[2]))
        elif match := _ISO.fullmatch(words):
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        else:
            raise Unmapped("not a date written MM/DD/YYYY")
    except ValueError:
        raise Unmapped("not a date that exists") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise Unmapped(f"not a date from {FIRST_DATE} to {LAST_DATE}")
    return day


# -- by the glossary type: for keys named as the facts are ---------------------------------


def by_fact_type(fact: FactDef) -> Converter:
    """The converter for a key that names a glossary fact (``red_flag`` under topic imaging)."""
    kind = fact.type
    if kind is FactType.BOOLEAN:
        return boolean
    if kind in (FactType.NUMBER, FactType.INTEGER):
        return measured
    if kind is FactType.DATE:
        return date
    if fact.allowed_values:
        allowed = [a for a in fact.allowed_values if isinstance(a, str)]

        def enumeration(value: Any) -> str:
            if isinstance(value, str):
                for option in allowed:
                    if _words(option) == _words(value):
                        return option
            raise Unmapped("not one of " + ", ".join(repr(a) for a in allowed))

        return enumeration
    return text
