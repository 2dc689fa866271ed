"""A built case as case-file data that loads: what contradicts or is refused is left out and recorded.

Dates that contradict the UR decision date, a field the case model refuses, and a UR approval
that is not fewer than the request (``imr decide`` would refuse it) are each left out, with the
reason on the item and, for a case field, in the case's notes.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from engine.cases.derive import quantities_of
from engine.cases.field_error import CaseFieldError
from engine.cases.loader import field_path
from engine.cases.model import CaseFile
from engine.cases.request_text import parse_request
from engine.importing.drafts import CaseDraft

# The dates, in the order a case file writes them.
_DATE_ORDER = ("injury", "ur_decision", "imr_application")


def check_dates(case: CaseDraft) -> None:
    """Dates that contradict each other: keep the UR date, drop the other, and say so."""
    fields = case.fields
    ur = fields.get("dates.ur_decision")
    for name, relation in (("dates.injury", "after"), ("dates.imr_application", "before")):
        other = fields.get(name)
        if ur is None or other is None:
            continue
        if (relation == "after" and other <= ur) or (relation == "before" and other >= ur):
            continue
        position, key = case.origin[name]
        case.notes.append(f"{key} {other.isoformat()} is {relation} the UR decision "
                          f"({ur.isoformat()}): it contradicts it and is left out; the UR date is kept")
        case.items[position].refuse(key, other.strftime("%m/%d/%Y"),
                                    f"-> {name}: contradicts the UR decision date; left out")
        del fields[name]
    injury, surgery = fields.get("dates.injury"), fields.get("dates.surgery")
    if injury is not None and surgery is not None and surgery < injury:
        position, key = case.origin["dates.surgery"]
        case.notes.append(f"{key} {surgery.isoformat()} is before the injury: it is left out")
        case.items[position].refuse(key, surgery.strftime("%m/%d/%Y"),
                                    "-> dates.surgery: before the injury; left out")
        del fields["dates.surgery"]


def validated(case: CaseDraft, source_name: str) -> dict[str, Any]:
    """The case data the case model accepts: a field it refuses is left out and recorded."""
    for _ in range(100):
        data = _case_data(case, source_name)
        try:
            model = CaseFile.model_validate(data)
        except ValidationError as exc:
            _drop(case, exc.errors()[0])
            continue
        problem = _quantity_problem(model)
        if problem is None:
            return data
        _drop_approved(case, *problem)
    raise CaseFieldError(f"{case.number}.yaml", None, "the case could not be made valid")


def _case_data(case: CaseDraft, source_name: str) -> dict[str, Any]:
    fields = case.fields
    data: dict[str, Any] = {"case": case.number}
    dates = {name.removeprefix("dates."): value for name, value in fields.items() if name.startswith("dates.")}
    if dates:
        data["dates"] = {k: dates[k] for k in (*_DATE_ORDER, "assigned", "surgery") if k in dates}
    claimant = {k: fields[f"claimant.{k}"] for k in ("age", "sex", "occupation") if f"claimant.{k}" in fields}
    if claimant:
        data["claimant"] = claimant
    if fields.get("diagnoses"):
        data["diagnoses"] = fields["diagnoses"]
    if fields.get("mechanism") is not None:
        data["mechanism"] = fields["mechanism"]
    if fields.get("treatment_history"):
        data["treatment_history"] = [t if isinstance(t, dict) else {"treatment": t}
                                     for t in fields["treatment_history"]]
    data["clinical_summary"] = _summary(case, source_name)
    data["items"] = [item.data for item in case.items]
    return data


def _summary(case: CaseDraft, source_name: str) -> str:
    refs = ", ".join(str(item.index) for item in case.items)
    lines = [f"Imported from a case abstract ({source_name}, record {refs}): the abstract's own "
             "words, not yet the reviewer's summary."]
    several = len(case.items) > 1
    for label, texts in case.summary.items():
        for text, position in texts:
            where = f" (item {position + 1})" if several and len(texts) > 1 else ""
            lines.append(f"{label}{where}: {text}")
    return "\n".join(lines)


def _drop(case: CaseDraft, error: Any) -> None:
    """Leave out the field of ``error`` (a pydantic error) and record it; refuse the case when none fits."""
    loc = tuple(error["loc"])
    message = str((error.get("ctx") or {}).get("error") or error["msg"]).removeprefix("Value error, ")
    path = field_path(loc) or "the case"
    if loc[:1] == ("items",) and len(loc) >= 3 and isinstance(loc[1], int):
        item = case.items[loc[1]]
        item_fields = item.data
        name = loc[2]
        if name == "ur" and len(loc) >= 4 and loc[3] in ("approved_quantity", "approved", "reason", "guideline"):
            value = item_fields["ur"].pop(loc[3])
            item.refuse(item.sources.get(f"ur.{loc[3]}", f"ur.{loc[3]}"), value, f"-> {path}: {message}")
            return
        if name == "facts" and len(loc) >= 4 and str(loc[3]) in item_fields.get("facts", {}):
            fact = str(loc[3])
            value = item_fields["facts"].pop(fact)
            item.refuse(item.sources.get(fact, fact), value, f"-> {path}: {message}")
            if not item_fields["facts"]:
                del item_fields["facts"]
            return
        if name in ("quantity", "per_week", "weeks", "body_region") and name in item_fields:
            value = item_fields.pop(name)
            item.refuse(item.sources.get(name, name), value, f"-> {path}: {message}")
            return
    target = {("claimant", "age"): "claimant.age", ("claimant", "sex"): "claimant.sex",
              ("claimant", "occupation"): "claimant.occupation", ("mechanism",): "mechanism"}.get(loc[:2])
    if target is None and loc[:1] == ("dates",) and len(loc) >= 2:
        target = f"dates.{loc[1]}"
    if target is None and loc[:1] == ("dates",):  # an order the date checks did not catch
        target = next((t for t in ("dates.surgery", "dates.imr_application", "dates.injury")
                       if t in case.fields), None)
    if target is not None and target in case.fields:
        position, key = case.origin[target]
        value = case.fields.pop(target)
        case.items[position].refuse(key, value, f"-> {target}: {message}")
        case.notes.append(f"{key} is left out: {message}")
        return
    raise CaseFieldError(f"{case.number}.yaml", path, message)


def _quantity_problem(case: CaseFile) -> tuple[int, str] | None:
    """An item whose UR approval is not less than its request (``imr decide`` would refuse it)."""
    for index, item in enumerate(case.items):
        try:
            quantities_of(item, parse_request(item.request), f"{case.case}.yaml", index)
        except CaseFieldError as error:
            return index, f"expected {error.expected}, found {error.found}" if error.expected else error.one_line()
    return None


def _drop_approved(case: CaseDraft, index: int, why: str) -> None:
    item = case.items[index]
    value = item.data["ur"].pop("approved_quantity", None)
    if value is None:
        raise CaseFieldError(f"{case.number}.yaml", f"items[{index}]", why)
    item.refuse(item.sources.get("ur.approved_quantity", "ur.approved_quantity"), value,
                f"-> ur.approved_quantity: {why}")
