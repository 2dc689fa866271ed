"""The facts an item is decided on: what the case states, plus what follows from it.

The case layer derives the shared facts of ``docs/content.md`` so that a case file
need not repeat them:

- ``request.quantity``, ``request.per_week``, ``request.weeks`` and
  ``request.quantity_specified`` from the request text (``request_text``), unless the
  item states ``quantity`` / ``per_week`` / ``weeks``; after a partial UR approval
  ``request.quantity`` is the disputed remainder (requested minus approved);
- ``injury.date`` from the case's date of injury, and ``injury.days_since`` and
  ``surgery.days_since`` from the case dates, as of the UR decision date;
- ``request.primary_denied`` from the item's ``primary``;
- for a medication topic, what its request text states (``medication_text.TOPIC_FACTS``):
  ``opioids.med_per_day`` and ``opioids.days_supply``, ``muscle_relaxants.days_requested``,
  ``medications.days_requested`` ("Norco 5/325 #60, 1-2 tabs every 4-6 hours": 60 mg MED, 5 days);
- ``request.ur_approved`` from the item's UR decision: 0 when denied, the approved quantity
  when modified (left undocumented when a modification does not say how many).

A fact the case states (in its ``facts`` or the item's) always wins over a derived
one.  A derived fact is only passed on when the loaded tables know it.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

from pydantic import BaseModel, ConfigDict

from engine.cases.field_error import CaseFieldError
from engine.cases.medication_text import topic_facts
from engine.cases.model import CaseFile, DisputedItem
from engine.cases.request_text import ParsedRequest, parse_request


class Quantities(BaseModel):
    """How much was requested, approved by UR, and is in dispute."""

    model_config = ConfigDict(frozen=True)

    requested: int | None  # as requested (the upper bound of a range)
    requested_low: int | None  # the lower bound of a range, else equal to requested
    approved: int  # approved by UR (0 when denied)
    disputed: int | None  # requested - approved: what IMR decides
    per_week: int | float | None
    weeks: int | float | None
    source: str  # "request text", "case file" or "not specified"


class ItemFacts(BaseModel):
    """The facts one item is evaluated with, and where they came from."""

    model_config = ConfigDict(frozen=True)

    facts: dict[str, Any]  # everything passed to the evaluation
    derived: dict[str, Any]  # the derived part that was used (not overridden by the case)
    parsed: ParsedRequest
    quantities: Quantities
    warnings: tuple[str, ...]


def quantities_of(item: DisputedItem, parsed: ParsedRequest, file: str, index: int) -> tuple[Quantities, list[str]]:
    """Requested, approved and disputed quantities; the request text yields to the item's fields."""
    warnings: list[str] = []
    per_week = item.per_week if item.per_week is not None else parsed.per_week
    weeks = item.weeks if item.weeks is not None else parsed.weeks
    requested: int | None
    low: int | None
    if item.quantity is not None:
        requested, low, source = item.quantity, item.quantity, "case file"
    elif (item.per_week is not None or item.weeks is not None) and per_week is not None and weeks is not None:
        requested = low = math.ceil(per_week * weeks)
        source = "case file"
    else:
        requested, low = parsed.quantity, parsed.quantity_low
        source = "request text" if requested is not None else "not specified"
        warnings.extend(parsed.warnings)
    approved = item.ur.approved_quantity or 0
    disputed: int | None = None
    if requested is not None:
        if approved >= requested:
            raise CaseFieldError(
                file, f"items[{index}].ur.approved_quantity",
                expected=f"fewer than the {requested} requested (else nothing is in dispute)", found=str(approved),
            )
        disputed = requested - approved
    elif approved:
        warnings.append(f"UR approved {approved} of a request whose quantity is not specified; "
                        "the disputed remainder is unknown")
    return Quantities(
        requested=requested, requested_low=low, approved=approved, disputed=disputed,
        per_week=per_week, weeks=weeks, source=source,
    ), warnings


def derived_facts(case: CaseFile, item: DisputedItem, quantities: Quantities) -> dict[str, Any]:
    """Every shared fact the case layer can work out for this item."""
    derived: dict[str, Any] = {"request.quantity_specified": quantities.disputed is not None}
    if quantities.disputed is not None:
        derived["request.quantity"] = quantities.disputed
    if item.ur.decision == "denied" or quantities.approved:
        derived["request.ur_approved"] = quantities.approved
    if quantities.per_week is not None:
        derived["request.per_week"] = quantities.per_week
    if quantities.weeks is not None:
        derived["request.weeks"] = quantities.weeks
    dates = case.dates
    if dates.injury is not None:
        derived["injury.date"] = dates.injury
    if dates.injury is not None and dates.ur_decision is not None:
        derived["injury.days_since"] = (dates.ur_decision - dates.injury).days
    if dates.surgery is not None and dates.ur_decision is not None and dates.surgery <= dates.ur_decision:
        derived["surgery.days_since"] = (dates.ur_decision - dates.surgery).days
    if item.primary is not None and item.primary.denied is not None:
        derived["request.primary_denied"] = item.primary.denied
    derived.update(topic_facts(item.topic, item.request))  # MED a day, days supplied (medication_text)
    return derived


def item_facts(
    case: CaseFile, index: int, file: str, known: Collection[str] | None = None,
    primary_denied: bool | None = None,
) -> ItemFacts:
    """The facts for ``case.items[index]``: derived, then the case's, then the item's own.

    ``known`` is the set of fact names the loaded tables define; derived facts outside
    it are left out (a case decided against one workbook does not trip on the others).
    ``primary_denied``: for an item whose primary is another item of the case, whether
    that item was found not medically necessary (None while it is undecided).
    """
    item = case.items[index]
    parsed = parse_request(item.request)
    quantities, warnings = quantities_of(item, parsed, file, index)
    stated = {**case.facts, **item.facts}
    found = derived_facts(case, item, quantities)
    if primary_denied is not None:
        found["request.primary_denied"] = primary_denied
    elif item.primary is not None and item.primary.item is not None:
        warnings.append(f"the primary procedure, item {item.primary.item}, is undecided: "
                        "this item does not yet follow its determination")
    derived = {
        name: value for name, value in found.items()
        if name not in stated and (known is None or name in known)
    }
    if item.primary is not None and "request.primary_denied" in stated and "request.primary_denied" in found \
            and stated["request.primary_denied"] != found["request.primary_denied"]:
        warnings.append("request.primary_denied disagrees with primary.denied; the stated fact is used")
    return ItemFacts(
        facts={**derived, **stated}, derived=derived, parsed=parsed,
        quantities=quantities, warnings=tuple(warnings),
    )
