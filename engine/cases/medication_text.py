"""A medication request as letters write it: drug, strength, count, directions, refills.

``parse_medication("Norco 10/325 #60, 1-2 tabs every 4-6 hours as needed")`` reads what the
text states and works out what follows from it arithmetically, and nothing else:

- **drug**: the opioid named, generic or brand (``Norco`` -> hydrocodone, ``Percocet`` ->
  oxycodone, ``Tylenol #3`` -> codeine 30 mg); any other drug is not named here (the topic
  key maps name it), so ``drug`` is None;
- **strength**: the first strength written (``10/325`` -> 10 mg of the opioid, the part a
  combination product names first; ``50mg``; a patch's ``25 mcg/hr``);
- **count**: ``#60``, ``# 60``, ``qty 60``, ``60 tablets``; a container amount ``120 g``,
  ``500 ml``, ``4 oz``; ``30 patches``; ``1 box`` (a box is a count of boxes: its size is
  never assumed);
- **directions**: units per dose (``1``, ``1-2``, ``one to two``) and how often
  (``q6h``, ``every 4-6 hours``, ``BID``, ``TID``, ``QID``, ``daily``, ``at bedtime``,
  ``3 times a day``, ``q72h``); ``prn`` alone says no frequency;
- **refills** (``with 1 refill``, ``x2 refills``, ``RF 2``, ``no refills``) and a duration
  stated (``for 14 days``, ``14-day supply``).

A range in the directions is read as letters read it: at the **maximum daily dose**
(``1-2 tabs every 4-6 hours`` is up to 2 tablets 6 times a day, 12 tablets a day). From it:

- ``max_units_per_day`` = units per dose (upper bound) x doses a day (the shortest
  interval);
- ``days_supplied`` = count / ``max_units_per_day`` (the fewest days the supply lasts at
  the most the directions allow), for a count of tablets, capsules or patches only;
- ``med_per_day``: the morphine-equivalent dose a day, mg of oral morphine, with the
  conversion factors of the CDC 2016 guideline (``MED_FACTORS``): strength x units a day x
  factor; a fentanyl patch is mcg/h x 2.4 whatever its change interval; methadone by its
  daily dose band.

The parser never invents a fact: no strength, no count or no frequency leaves what needs
it None (and ``warnings`` says why). It is regular expressions over the text; nothing is
evaluated, and odd text gives None values and warnings, never an exception.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

NUMBER = r"\d+(?:\.\d+)?"

# Morphine-equivalent conversion factors per mg a day (fentanyl: per mcg/h), as the CDC
# Guideline for Prescribing Opioids for Chronic Pain (2016, Table "MME doses for commonly
# prescribed opioids") gives them, which the 2016 MTUS Opioid Treatment Guidelines follow
# for their 80 mg MED point. Tramadol is not in that table; 0.1 is the factor of its
# sources (Von Korff 2008; the Washington AMDG interagency guideline) and of the dosing
# tables in use in 2016-2017. The CDC's 2022 table gives 0.2; a request decided by
# today's tables with 0.2 would show twice the MED for tramadol (400 mg a day: 40 vs 80).
MED_FACTORS: dict[str, float] = {
    "hydrocodone": 1.0,
    "oxycodone": 1.5,
    "morphine": 1.0,
    "tramadol": 0.1,
    "tapentadol": 0.4,
    "codeine": 0.15,
    "hydromorphone": 4.0,
    "oxymorphone": 3.0,
    "fentanyl patch": 2.4,  # per mcg/h
}
# Methadone: the factor rises with the daily dose (CDC 2016): up to 20 mg 4, 21-40 mg 8,
# 41-60 mg 10, 61-80 mg 12; above 80 mg the table gives none, so no MED is worked out.
METHADONE_BANDS: tuple[tuple[float, float], ...] = ((20, 4.0), (40, 8.0), (60, 10.0), (80, 12.0))

# Opioid names, generic and brand -> the generic the factors name; the first match wins, so
# a brand naming its ingredient ("Ultram (tramadol)") reads once.
OPIOIDS: tuple[tuple[str, str], ...] = (
    (r"\bfentanyl\b|\bduragesic\b", "fentanyl"),
    (r"\bhydrocodone\b|\bnorco\b|\bvicodin\b|\blortab\b|\blorcet\b|\bzohydro\b|\bhysingla\b|\bxodol\b|"
     r"\bverdrocet\b", "hydrocodone"),
    (r"\boxycodone\b|\bpercocet\b|\boxycontin\b|\broxicodone\b|\bendocet\b|\bxtampza\b|\broxicet\b",
     "oxycodone"),
    (r"\bhydromorphone\b|\bdilaudid\b|\bexalgo\b", "hydromorphone"),
    (r"\boxymorphone\b|\bopana\b", "oxymorphone"),
    (r"\bmorphine\b|\bms\s*contin\b|\bkadian\b|\bavinza\b|\bmsir\b", "morphine"),
    (r"\btapentadol\b|\bnucynta\b", "tapentadol"),
    (r"\btramadol\b|\bultram\b|\bultracet\b|\bconzip\b", "tramadol"),
    (r"\bmethadone\b|\bdolophine\b", "methadone"),
    (r"\bcodeine\b|\btylenol\s*(?:with\s+codeine\s*)?#\s*[34]\b", "codeine"),
    (r"\bbuprenorphine\b|\bbutrans\b|\bbelbuca\b|\bsuboxone\b", "buprenorphine"),
)
# "Tylenol #3" is 30 mg of codeine, "#4" 60 mg: the number is the product's, not a count.
_TYLENOL = re.compile(r"\btylenol\s*(?:with\s+codeine\s*)?#\s*([34])\b")

_WORD_NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                 "half": "0.5", "1/2": "0.5"}
_UNIT = r"(?:tablets?|tabs?|capsules?|caps?|pills?|patch(?:es)?|pumps?|applications?|sprays?)"
_DIRECTION_WORDS = (r"(?:by\s+mouth|orally|oral|po|p\.o\.|every|each|q\s*\.?\s*\d|q\s*[a-z]|daily|a\s+day|per\s+day|"
                    r"a\s+night|nightly|at\s+(?:bed)?time|at\s+night|hs|bid|tid|qid|qd|qhs|qam|qpm|prn|as\s+needed|"
                    r"(?:\d+|once|twice)\s+(?:times?\s+)?(?:a|per|each)\s+day|twice|once|apply|topical)")

_COUNT_FORMS = (
    re.compile(rf"#\s*({NUMBER})(?![\d.])"),
    re.compile(rf"\b(?:qty|quantity|disp(?:ense)?)\s*[:.#]?\s*({NUMBER})(?![\d.])"),
)
_UNIT_COUNT = re.compile(rf"(?<![\d./-])({NUMBER})\s*({_UNIT})\b(?!\s*{_DIRECTION_WORDS})")
_BOX = re.compile(rf"(?<![\d./-])({NUMBER})\s*(box(?:es)?|tubes?|bottles?|jars?|containers?)\b")
_AMOUNT = re.compile(rf"(?<![\d./-])({NUMBER})\s*(g|gm|gms|grams?|ml|mls|milliliters?|oz|ounces?)\b"
                     rf"(?!\s*/)(?!\s*{_DIRECTION_WORDS})")
_STRENGTH = re.compile(
    rf"(?<![\d.#])({NUMBER})\s*(?:mg)?\s*/\s*({NUMBER})(?:\s*/\s*{NUMBER})*\s*(?:mg)?\b"  # 10/325
    rf"|(?<![\d.#])({NUMBER})\s*(mcg|µg|ug|mg)\b(?:\s*(?:/|per)\s*(?:hr|hour|h)\b)?")
_PATCH_RATE = re.compile(rf"(?<![\d.])({NUMBER})\s*(?:mcg|µg|ug)\s*(?:/|per)\s*(?:hr|hour|h)\b")

_SPAN = rf"({NUMBER})(?:\s*(?:-|to)\s*({NUMBER}))?"
# units a dose: a number (or range) with its unit or bare, followed by the directions
# ("1-2 tabs every 4-6 hours", "1 q6h", "one by mouth twice a day"); "30 patches" alone is a count
_PER_DOSE = re.compile(rf"(?<![\d./#-]){_SPAN}\s*(?:{_UNIT}\b)?\s*(?={_DIRECTION_WORDS})")
# how often: each pattern gives (doses a day at most, doses a day at least)
_INTERVAL = re.compile(rf"\b(?:every|q)\s*\.?\s*{_SPAN}\s*-?\s*(?:hours?|hrs?|h)\b")
_INTERVAL_DAYS = re.compile(rf"\b(?:every|q)\s*{_SPAN}\s*(?:days?|d)\b")
_TIMES_A_DAY = re.compile(rf"\b{_SPAN}\s*(?:x|times?)\s*(?:a|per|each|/)\s*day\b|\b{_SPAN}\s*(?:x|times?)\s+daily\b")
_NAMED = (
    (re.compile(r"\bqid\b|\bq\.i\.d\.?|\bfour\s+times\s+(?:a|per)\s+day\b|\bfour\s+times\s+daily\b"), 4.0),
    (re.compile(r"\btid\b|\bt\.i\.d\.?|\bthree\s+times\s+(?:a|per)\s+day\b|\bthree\s+times\s+daily\b"), 3.0),
    (re.compile(r"\bbid\b|\bb\.i\.d\.?|\btwice\s+(?:a|per)\s+day\b|\btwice\s+daily\b|\bq12h\b"), 2.0),
    (re.compile(r"\bqd\b|\bq\.d\.?|\bonce\s+(?:a|per)\s+day\b|\bonce\s+daily\b|\bdaily\b|\bqhs\b|\bqam\b|\bqpm\b|"
                r"\bat\s+bedtime\b|\bbedtime\b|\bnightly\b|\bevery\s+(?:day|night|morning|evening)\b|\bhs\b"), 1.0),
)
_REFILLS = (
    (re.compile(rf"\b(?:with\s+)?({NUMBER})\s*refills?\b"), 1),
    (re.compile(rf"\b(?:x|times)\s*({NUMBER})\s*refills?\b"), 1),
    (re.compile(rf"\brefills?\s*[:x#]?\s*({NUMBER})\b"), 1),
    (re.compile(rf"\b(?:rf|rfl)\s*[:x#]?\s*({NUMBER})\b"), 1),
    (re.compile(r"\b(?:with\s+)?(one|two|three|four|five)\s+refills?\b"), 1),
)
_NO_REFILLS = re.compile(r"\bno\s+refills?\b|\brefills?\s*[:x#]?\s*0\b|\bzero\s+refills\b")
_DAYS_STATED = (
    re.compile(rf"\bfor\s+({NUMBER})\s*days?\b"),
    re.compile(rf"\b({NUMBER})\s*-?\s*days?'?\s*supply\b"),
    re.compile(rf"\bx\s*({NUMBER})\s*days?\b"),
)


@dataclass(frozen=True)
class MedicationRequest:
    """What a medication request states, and what follows from it (None when it does not say)."""

    text: str
    drug: str | None = None  # the opioid named, as its generic (MED_FACTORS), or None
    opioids_named: tuple[str, ...] = ()
    strength_mg: float | None = None  # the first strength written, in mg (the opioid's part of 10/325)
    patch_mcg_per_hour: float | None = None
    count: float | None = None  # tablets, capsules, patches ("#60", "60 tablets", "30 patches")
    count_unit: str | None = None  # "units" (tablets, capsules, "#"), "patches", "g", "ml", "oz", "boxes"
    per_dose: tuple[float, float] | None = None  # units a dose, low and high
    doses_per_day: tuple[float, float] | None = None  # low and high (the shortest interval)
    as_needed: bool = False
    refills: int | None = None
    days_stated: float | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def quantity_specified(self) -> bool:
        """The request states how much: a count, an amount, or a number of boxes."""
        return self.count is not None

    @property
    def max_units_per_day(self) -> float | None:
        """Units a day at the most the directions allow (the upper bound of every range)."""
        if self.doses_per_day is None:
            return None
        per_dose = self.per_dose[1] if self.per_dose is not None else None
        if per_dose is None:
            return None
        return per_dose * self.doses_per_day[1]

    @property
    def days_supplied(self) -> float | None:
        """The count over the most units a day: the fewest days the supply lasts (tablets and patches only)."""
        most = self.max_units_per_day
        if self.count is None or self.count_unit not in ("units", "patches") or not most:
            return None
        return _round(self.count / most)

    @property
    def med_per_day(self) -> float | None:
        """Morphine-equivalent mg a day at the maximum daily dose (None when any part is not stated)."""
        if self.drug is None or len(self.opioids_named) != 1:
            return None
        if self.drug == "fentanyl":
            if self.patch_mcg_per_hour is None:
                return None
            return _round(self.patch_mcg_per_hour * MED_FACTORS["fentanyl patch"])
        most = self.max_units_per_day
        if self.strength_mg is None or most is None:
            return None
        daily_mg = self.strength_mg * most
        if self.drug == "methadone":
            factor = next((f for limit, f in METHADONE_BANDS if daily_mg <= limit), None)
            return None if factor is None else _round(daily_mg * factor)
        factor = MED_FACTORS.get(self.drug)
        return None if factor is None else _round(daily_mg * factor)


def _round(value: float) -> float:
    """Two decimals, and a whole number as an int-valued float."""
    rounded = round(value, 2)
    return float(int(rounded)) if rounded == int(rounded) else rounded


def _normal(text: str) -> str:
    out = text.lower().replace("×", "x").replace("–", "-").replace("—", "-")
    for word, digits in _WORD_NUMBERS.items():
        out = re.sub(rf"(?<![\w/]){re.escape(word)}(?![\w/])", digits, out)
    return " ".join(out.split())


def _span(lo: str, hi: str | None) -> tuple[float, float]:
    a, b = float(lo), float(hi) if hi is not None else float(lo)
    return (min(a, b), max(a, b))


def _finite(*values: float) -> bool:
    return all(math.isfinite(v) and v < 1e9 for v in values)


def parse_medication(text: str) -> MedicationRequest:
    """Read a medication request; never raises on odd text."""
    if not isinstance(text, str):
        return MedicationRequest(text=str(text), warnings=("the request is not a text",))
    raw = text[:2000]
    norm = _normal(raw)
    warnings: list[str] = []

    named = tuple(dict.fromkeys(generic for pattern, generic in OPIOIDS if re.search(pattern, norm)))
    drug = named[0] if len(named) == 1 else None
    if len(named) > 1:
        warnings.append(f"the request names {len(named)} opioids ({', '.join(named)}); no MED is worked out")

    # Tylenol #3/#4: the number names the product, not a count
    tylenol = _TYLENOL.search(norm)
    strength: float | None = None
    if tylenol:
        strength = 30.0 if tylenol.group(1) == "3" else 60.0
        norm = norm[: tylenol.start()] + "tylenol-codeine" + norm[tylenol.end():]

    patch = _PATCH_RATE.search(norm)
    patch_rate = float(patch.group(1)) if patch else None
    if strength is None:
        found = _STRENGTH.search(norm)
        if found:
            first = found.group(1) or found.group(3)
            unit = found.group(4)
            if unit in ("mcg", "µg", "ug"):
                strength = None  # a microgram strength is a patch rate, read above
            elif first is not None:
                strength = float(first)
    if strength is not None and not _finite(strength):
        warnings.append("the strength is too large to be one; it is ignored")
        strength = None

    # remove strengths, so that "10/325" and "50mg" are never read as counts
    scan = _STRENGTH.sub(" ", norm)

    count, unit = _count(scan, warnings)
    per_dose = None
    directions = scan
    for form in _COUNT_FORMS:  # "#60 q6h": the count is not a dose
        directions = form.sub(" | ", directions)
    doses = _doses_per_day(directions)
    dose = _PER_DOSE.search(directions)
    if dose:
        per_dose = _span(dose.group(1), dose.group(2))
    elif doses is not None:
        warnings.append("the directions give how often but not how many units a dose; "
                        "no daily dose is worked out")
    if per_dose is not None and doses is not None and not _finite(*per_dose, *doses):
        warnings.append("the directions give numbers too large to be a dose; they are ignored")
        per_dose = doses = None
    as_needed = bool(re.search(r"\bprn\b|\bas\s+needed\b", directions))
    if as_needed and doses is None:
        warnings.append("as needed without an interval: no maximum daily dose is stated")
    return MedicationRequest(
        text=raw, drug=drug, opioids_named=named, strength_mg=strength, patch_mcg_per_hour=patch_rate,
        count=count, count_unit=unit, per_dose=per_dose, doses_per_day=doses, as_needed=as_needed,
        refills=_refills(scan), days_stated=_days_stated(scan), warnings=tuple(warnings),
    )


def _count(scan: str, warnings: list[str]) -> tuple[float | None, str | None]:
    """One count: ``#60``/``qty 60``/``60 tablets`` (units), ``30 patches``, ``120 g``, ``1 box``."""
    found: list[tuple[float, str]] = []
    for form in _COUNT_FORMS:
        found += [(float(m.group(1)), "units") for m in form.finditer(scan)]
    for m in _UNIT_COUNT.finditer(scan):
        found.append((float(m.group(1)), "patches" if m.group(2).startswith("patch") else "units"))
    for m in _AMOUNT.finditer(scan):
        word = m.group(2)
        found.append((float(m.group(1)), "g" if word.startswith("g") else "ml" if word.startswith("m") else "oz"))
    for m in _BOX.finditer(scan):
        found.append((float(m.group(1)), "boxes"))
    found = [f for f in dict.fromkeys(found) if _finite(f[0])]
    # "#30 patches": one count stated twice
    values = {value for value, _ in found}
    if not found:
        return None, None
    if len(values) > 1:
        shown = " and ".join(_show(v) for v in sorted(values))
        warnings.append(f"the request gives two counts ({shown}); no count is used")
        return None, None
    value = found[0][0]
    unit = "patches" if any(u == "patches" for _, u in found) else found[0][1]
    return value, unit


def _doses_per_day(scan: str) -> tuple[float, float] | None:
    interval = _INTERVAL.search(scan)
    if interval:
        lo, hi = _span(interval.group(1), interval.group(2))
        if lo <= 0:
            return None
        return (24 / hi, 24 / lo)
    every_days = _INTERVAL_DAYS.search(scan)
    if every_days:
        lo, hi = _span(every_days.group(1), every_days.group(2))
        if lo <= 0:
            return None
        return (1 / hi, 1 / lo)
    times = _TIMES_A_DAY.search(scan)
    if times:
        lo_text, hi_text = (times.group(1), times.group(2)) if times.group(1) else (times.group(3), times.group(4))
        return _span(lo_text, hi_text)
    for pattern, per_day in _NAMED:
        if pattern.search(scan):
            return (per_day, per_day)
    return None


def _refills(scan: str) -> int | None:
    if _NO_REFILLS.search(scan):
        return 0
    for pattern, group in _REFILLS:
        m = pattern.search(scan)
        if m:
            value = m.group(group)
            value = _WORD_NUMBERS.get(value, value)
            number = float(value)
            return int(number) if _finite(number) else None
    return None


def _days_stated(scan: str) -> float | None:
    for pattern in _DAYS_STATED:
        m = pattern.search(scan)
        if m and _finite(float(m.group(1))):
            return float(m.group(1))
    return None


def _show(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


# The topic facts a case item's request text gives, by topic (``engine.cases.derive``): the
# glossary names of what the parser works out. A fact the case states wins over these.
TOPIC_FACTS: dict[str, dict[str, str]] = {
    "opioids": {"opioids.med_per_day": "med_per_day", "opioids.days_supply": "days_supplied"},
    "muscle_relaxants": {"muscle_relaxants.days_requested": "days_supplied"},
    "medications": {"medications.days_requested": "days_supplied"},
}


def topic_facts(topic: str, text: str) -> dict[str, float]:
    """The facts of ``TOPIC_FACTS[topic]`` the request text states (none that it does not)."""
    wanted = TOPIC_FACTS.get(topic)
    if not wanted:
        return {}
    request = parse_medication(text)
    found = {name: getattr(request, attribute) for name, attribute in wanted.items()}
    return {name: value for name, value in found.items() if value is not None}
