"""An item's written data, settled from what its keys gave: UR's decision, the quantities, the facts.

Where keys give one field or fact differently, one value is kept (or none) and the others are
recorded on the item; a quantity UR could not have approved is left out, with the reason.
"""

from __future__ import annotations

from typing import Any

from engine.importing.convert import Rule, shown
from engine.importing.drafts import FactsGiven, FieldsGiven, ItemDraft


def item_data(item: ItemDraft, facts: FactsGiven, fields: FieldsGiven) -> dict[str, Any]:
    """The item as a case file writes it, from the facts and fields its keys gave."""
    record = item.record
    one = {name: _one(item, name, given) for name, given in fields.items()}
    decision = one.get("ur.decision")
    if decision is None:
        decision = "denied"
        item.notes.append("ur.decision: the abstract gives no UR action (ur_action); written as denied, "
                          "so the request as written is what is disputed")
    quantity, disputed = one.get("item.quantity"), one.get("item.disputed")
    approved = one.get("ur.approved_quantity")
    if approved is not None and decision != "modified":
        item.refuse(_key_of(fields, "ur.approved_quantity"), approved,
                    f"-> ur.approved_quantity: UR's decision is {decision}, so nothing was approved")
        approved = None
    if disputed is not None:
        quantity, approved = _disputed(item, fields, decision, quantity, disputed, approved)
    if approved is not None and quantity is not None and approved >= quantity:
        item.refuse(_key_of(fields, "ur.approved_quantity"), approved,
                    f"-> ur.approved_quantity: not fewer than the {quantity} requested")
        approved = None
    ur: dict[str, Any] = {"decision": decision}
    if approved is not None:
        ur["approved_quantity"] = approved
    for name in ("approved", "guideline", "reason"):
        if one.get(f"ur.{name}") is not None:
            ur[name] = one[f"ur.{name}"]
    data: dict[str, Any] = {"request": record.disputed_item, "topic": item.topic}
    if one.get("item.body_region") is not None:
        data["body_region"] = one["item.body_region"]
    if quantity is not None:
        data["quantity"] = quantity
    for name in ("per_week", "weeks"):
        if one.get(f"item.{name}") is not None:
            data[name] = one[f"item.{name}"]
    data["ur"] = ur
    for target, given in fields.items():
        item.sources[target.removeprefix("item.")] = given[0][1]
    if "quantity" not in item.sources and "disputed" in item.sources:
        item.sources["quantity"] = item.sources["disputed"]
    written = {name: value for name in sorted(facts) if (value := _fact(item, name, facts[name])) is not None}
    item.sources.update({name: facts[name][0][1] for name in written})
    if written:
        data["facts"] = written
    if record.decision is not None:
        data["expected"] = record.decision
    if record.guideline_cited is not None and record.guideline_cited.strip():
        data["expected_guideline"] = record.guideline_cited
    if record.id is not None and record.id.strip():
        data["ref"] = record.id
    return data


def _one(item: ItemDraft, target: str, given: list[tuple[Any, str]]) -> Any:
    """One value for an item field: the first; a different later one is recorded."""
    value, first_key = given[0]
    for other, key in given[1:]:
        if other != value:
            item.refuse(key, other, f"-> {target}: {first_key} gives {shown(value)}; the first is kept")
    return value


def _key_of(fields: FieldsGiven, target: str) -> str:
    return fields[target][0][1] if target in fields else target


def _disputed(item: ItemDraft, fields: FieldsGiven, decision: str,
              quantity: Any, disputed: Any, approved: Any) -> tuple[Any, Any]:
    """The requested and approved quantities, with the disputed remainder the abstract gives."""
    key = _key_of(fields, "item.disputed")
    if quantity is None:
        if approved is not None:
            item.notes.append(f"quantity: {disputed} disputed ({key}) plus {approved} approved by UR")
            return disputed + approved, approved
        return disputed, None
    if approved is not None:
        if quantity - approved != disputed:
            item.refuse(key, disputed, f"-> the disputed quantity: not the {quantity} requested minus the "
                                       f"{approved} approved; those are written")
        return quantity, approved
    if disputed != quantity and decision == "modified":
        item.notes.append(f"quantity: UR approved part of the {quantity} requested without a number; "
                          f"the {disputed} disputed ({key}) is written as the quantity")
        return disputed, None
    if disputed != quantity:
        item.refuse(key, disputed, f"-> the disputed quantity: UR denied the request, so all {quantity} "
                                   "requested are disputed")
    return quantity, None


def _fact(item: ItemDraft, name: str, given: list[tuple[Any, str, Rule | None]]) -> Any:
    """One value for a fact; keys that disagree are settled by the rule's ``combine`` or left out."""
    values = [v for v, _, _ in given]
    if all(v == values[0] for v in values):
        return values[0]
    if given[0][1] == "treatment_category":  # what the category says wins
        for value, key, _ in given[1:]:
            if value != values[0]:
                item.refuse(key, value, f"-> {name}: the treatment category says {shown(values[0])}")
        return values[0]
    if all(r is not None and r.combine == "any" for _, _, r in given) and all(isinstance(v, bool) for v in values):
        return any(values)
    for value, key, _ in given:
        others = ", ".join(f"{k} {shown(v)}" for v, k, _ in given if k != key)
        item.refuse(key, value, f"-> {name}: disagrees with {others}; left out")
    return None
