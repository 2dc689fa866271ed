"""Case abstracts -> case files: group the records by case, map their keys, write, report.

``import_abstracts`` reads the abstracts file (``abstracts.read_abstracts``), groups the
records by ``case_number`` (in file order), builds one case per number with the key maps
of ``keymap``, checks every fact against the loaded tables' glossary, validates the case
with the case model, writes it (``writer.render``) and loads it back with
``engine.cases.loader.load_case`` before it takes its final name.  Nothing is invented: a
value the abstract does not give is left out, and a value that does not fit is recorded
in the item's comment and counted in the report.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from engine.cases.derive import quantities_of
from engine.cases.facts import check_against_glossary, normalize_fact_mapping
from engine.cases.field_error import CaseFieldError
from engine.cases.field_error import shown as quoted
from engine.cases.loader import field_path, load_case
from engine.cases.model import CASE_NUMBER_EXPECTED, CaseFile, is_case_number
from engine.cases.request_text import parse_request
from engine.compiler.rulebase import Rulebase
from engine.errors import ImrError
from engine.importing import keymap
from engine.importing.abstracts import AbstractRecord, read_abstracts, record_label
from engine.importing.convert import (
    CASE_TARGETS,
    IGNORED,
    ITEM_TARGETS,
    SUMMARY,
    Rule,
    Unmapped,
    by_fact_type,
    not_documented,
    shown,
)
from engine.importing.writer import render

# The case fields, in the order a case file writes them.
_LIST_FIELDS = ("diagnoses", "treatment_history")
_DATE_ORDER = ("injury", "ur_decision", "imr_application")


class UnmappedCount(BaseModel):
    key: str
    items: int


class ImportReport(BaseModel):
    """What ``imr import`` did: counts, refusals (one line each), keys left unmapped."""

    source: str
    out: str
    records_read: int
    cases_written: int
    items_written: int
    records_refused: list[str]
    cases_refused: list[str]
    files: list[str]
    unmapped: list[UnmappedCount]  # most frequent first

    @property
    def ok(self) -> bool:
        return not self.records_refused and not self.cases_refused


SURGERY_TOPIC = "surgery"
_SERVES_SURGERY = re.compile(r"associated surgical service|\bpost[- ]?op|\bpre[- ]?op|postoperative|preoperative|"
                             r"assistant surgeon|surgical assist|\bpa assist|assistant pa|\bclearance\b", re.I)


def serves_a_surgery(record: AbstractRecord) -> str | None:
    """Why the record's item serves a surgery of its case, or None when nothing says so."""
    for key, value in record.facts.items():
        normal = keymap.normal_key(key)
        if normal == "dependent_on_surgery" and value is True:
            return "dependent_on_surgery"
        if normal == "associated_with" and isinstance(value, str) and value.strip() and not not_documented(value):
            return "associated_with"
    if _SERVES_SURGERY.search(record.disputed_item or ""):
        return "the request text"
    return None


@dataclass
class _Item:
    """One item being built, with what the reviewer should see about it."""

    index: int  # the record's index in the file
    record: AbstractRecord
    topic: str
    data: dict[str, Any] = field(default_factory=dict)
    unmapped: dict[str, tuple[Any, list[str]]] = field(default_factory=dict)  # key -> (value, reasons)
    notes: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # normalized key -> key as written
    sources: dict[str, str] = field(default_factory=dict)  # written field or fact -> the key it came from

    def refuse(self, key: str, value: Any, reason: str) -> None:
        shown_key = self.keys.get(key, key)
        _, reasons = self.unmapped.setdefault(shown_key, (value, []))
        if reason not in reasons:
            reasons.append(reason)


@dataclass
class _Case:
    """One case being built from its records."""

    number: str
    items: list[_Item] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)  # target -> value
    origin: dict[str, tuple[int, str]] = field(default_factory=dict)  # target -> (item position, key)
    summary: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # label -> [(text, item position)]
    notes: list[str] = field(default_factory=list)


def import_abstracts(source: Path, out: Path, rulebase: Rulebase) -> ImportReport:
    """Write one case file per case of ``source`` into ``out``; raises ``ImrError`` when the file is unreadable."""
    read = read_abstracts(source)
    refused = list(read.refused)
    cases: dict[str, _Case] = {}
    for index, record in read.records:
        where = record_label(str(source), index, record.id)
        number = record.case_number
        if number is None or not number.strip():
            refused.append(str(CaseFieldError(where, "case_number", "missing: the record is skipped",
                                              expected="the IMR case number of the item")))
            continue
        if not is_case_number(number):
            refused.append(str(CaseFieldError(where, "case_number", expected=CASE_NUMBER_EXPECTED,
                                              found=quoted(number))))
            continue
        topic = keymap.topic_of(record.treatment_category, record.disputed_item)
        if topic is None:
            refused.append(str(CaseFieldError(
                where, "treatment_category",
                expected="a category such as physical_therapy (lower-case letters, digits and _)",
                found=quoted(record.treatment_category))))
            continue
        case = cases.setdefault(number, _Case(number))
        case.items.append(_Item(index, record, topic))
    out.mkdir(parents=True, exist_ok=True)
    files: list[str] = []
    cases_refused: list[str] = []
    unmapped: Counter[str] = Counter()
    items_written = 0
    for case in cases.values():
        builder = _Builder(case, rulebase, source.name)
        try:
            path = builder.write(out)
        except ImrError as error:
            cases_refused.append(str(error))
            continue
        files.append(str(path))
        items_written += len(case.items)
        for item in case.items:
            unmapped.update({keymap.normal_key(k) for k in item.unmapped})
    return ImportReport(
        source=str(source), out=str(out), records_read=read.total, cases_written=len(files),
        items_written=items_written, records_refused=refused, cases_refused=cases_refused, files=files,
        unmapped=[UnmappedCount(key=k, items=n) for k, n in sorted(unmapped.items(), key=lambda kv: (-kv[1], kv[0]))],
    )


class _Builder:
    """Builds, checks and writes one case."""

    def __init__(self, case: _Case, rulebase: Rulebase, source_name: str) -> None:
        self.case = case
        self.glossary = rulebase.facts
        self.producers = rulebase.producers
        self.source_name = source_name

    # -- mapping ------------------------------------------------------------------------

    def write(self, out: Path) -> Path:
        for position, item in enumerate(self.case.items):
            self._map_item(position, item)
        self._link_primaries()
        self._check_dates()
        data = self._validated()
        final = out / f"{self.case.number}.yaml"
        text = render(data, self._header(), [(d, self._comments(i)) for i, d in
                                             zip(self.case.items, data["items"], strict=True)])
        temporary = out / f".{self.case.number}.yaml.importing"  # not a case file name until it loads
        temporary.write_text(text, encoding="utf-8")
        try:
            load_case(temporary)
        except ImrError as error:
            temporary.unlink(missing_ok=True)
            raise CaseFieldError(str(final), None, str(error).replace(str(temporary), str(final))) from None
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        os.replace(temporary, final)
        return final

    def _map_item(self, position: int, item: _Item) -> None:
        record = item.record
        category = record.treatment_category
        facts: dict[str, list[tuple[Any, str, Rule | None]]] = {}
        fields: dict[str, list[tuple[Any, str]]] = {}
        for name, value in keymap.category_facts(category, record.disputed_item).items():
            if name in self.glossary:
                facts.setdefault(name, []).append((value, "treatment_category", None))
        for key, value in record.facts.items():
            normal = keymap.normal_key(key)
            item.keys[normal] = key
            if not_documented(value):
                item.left_out.append(key)
                continue
            rules = keymap.rules_for(key, item.topic, category) or self._named_fact(normal, item.topic)
            if not rules:
                item.refuse(normal, value, f"no mapping for this key under topic {item.topic}")
                continue
            failures: list[str] = []
            quiet: list[str] = []  # failures of quiet rules: told only when nothing maps
            mapped = False
            for rule in rules:
                if rule.target == IGNORED:
                    mapped = True
                    continue
                try:
                    converted = rule.convert(value) if rule.convert is not None else value
                    self._place(position, item, rule, normal, converted, facts, fields)
                    mapped = True
                except Unmapped as problem:
                    (quiet if rule.quiet else failures).append(f"-> {rule.target}: {problem.reason}")
            if failures or (quiet and not mapped):
                item.refuse(normal, value, "; ".join(failures + ([] if mapped else quiet)))
        for name, convert in keymap.text_rules(item.topic).items():
            if name in facts:  # a key said it: the key wins over the text
                continue
            try:
                self._place(position, item, Rule(name), "disputed_item", convert(record.disputed_item), facts, fields)
            except Unmapped:
                continue  # the text does not say it
        item.data = self._item_data(item, facts, fields)

    def _link_primaries(self) -> None:
        """An item that serves the case's one disputed surgery follows it (``primary.item``).

        The abstract says so (``dependent_on_surgery``, ``associated_with``) or the request does
        ("Associated surgical service: ...", "post-op ...", "pre-op ...", an assistant surgeon, a
        pre-operative clearance). With no surgery among the case's items, or several, nothing is
        linked: which surgery it serves is not for the importer to guess.
        """
        surgeries = [p for p, item in enumerate(self.case.items) if item.topic == SURGERY_TOPIC]
        if len(surgeries) != 1:
            return
        [surgery] = surgeries
        for position, item in enumerate(self.case.items):
            if position == surgery or "primary" in item.data:
                continue
            reason = serves_a_surgery(item.record)
            if reason is None:
                continue
            procedure = self.case.items[surgery].record.disputed_item
            item.data["primary"] = {"procedure": procedure, "item": surgery + 1}
            item.notes.append(f"primary: item {surgery + 1}, the surgery it serves ({reason}); it follows that "
                              "item's determination")
            self._surgery_facts(position, item, procedure)

    def _surgery_facts(self, position: int, item: _Item, procedure: str) -> None:
        """What the surgery's request says of the surgery (``surgery.procedure``), for an item serving it."""
        found: dict[str, list[tuple[Any, str, Rule | None]]] = {}
        stated = item.data.setdefault("facts", {})
        for name, convert in keymap.text_rules(SURGERY_TOPIC).items():
            if not name.startswith(f"{SURGERY_TOPIC}.") or name in stated:
                continue
            try:
                self._place(position, item, Rule(name), "primary.procedure", convert(procedure), found, {})
            except Unmapped:
                continue
        stated.update({name: given[0][0] for name, given in found.items()})
        if not stated:
            del item.data["facts"]

    def _named_fact(self, normal: str, topic: str) -> tuple[Rule, ...]:
        """A key named as a fact: ``request.duplicate``, or ``red_flag`` under topic imaging."""
        for name in (normal, f"{topic}.{normal}"):
            fact = self.glossary.get(name)
            if fact is not None and name not in self.producers:
                return (Rule(name, by_fact_type(fact)),)
        return ()

    def _place(self, position: int, item: _Item, rule: Rule, key: str, value: Any,
               facts: dict[str, list[tuple[Any, str, Rule | None]]], fields: dict[str, list[tuple[Any, str]]]) -> None:
        target = rule.target
        if target == SUMMARY:
            lines = self.case.summary.setdefault(rule.label or key, [])
            if all(text != value for text, _ in lines):
                lines.append((value, position))
            return
        if target in CASE_TARGETS:
            self._case_field(position, target, key, value)
            return
        if target in ITEM_TARGETS:
            fields.setdefault(target, []).append((value, key))
            return
        if target in self.producers:
            raise Unmapped("a table works this fact out; it is not stated")
        if target not in self.glossary:
            raise Unmapped("not a fact of the loaded tables")
        try:
            normalized = normalize_fact_mapping({target: value}, "facts")
            check_against_glossary(normalized, self.glossary, "", "facts")
        except CaseFieldError as error:
            raise Unmapped(f"expected {error.expected}, found {error.found}" if error.expected
                           else error.one_line()) from None
        if target not in normalized:
            raise Unmapped("says it is not documented")
        facts.setdefault(target, []).append((normalized[target], key, rule))

    def _case_field(self, position: int, target: str, key: str, value: Any) -> None:
        fields = self.case.fields
        if target in _LIST_FIELDS:
            entries = fields.setdefault(target, [])
            entries.extend(v for v in value if v not in entries)
            self.case.origin.setdefault(target, (position, key))
            return
        if target not in fields:
            fields[target] = value
            self.case.origin[target] = (position, key)
            return
        if fields[target] != value:
            first, first_key = self.case.origin[target]
            raise Unmapped(f"item {first + 1} gives {shown(fields[target])} ({first_key}); the first is kept")

    def _item_data(self, item: _Item, facts: dict[str, list[tuple[Any, str, Rule | None]]],
                   fields: dict[str, list[tuple[Any, str]]]) -> dict[str, Any]:
        record = item.record
        one = {name: self._one(item, name, given) for name, given in fields.items()}
        decision = one.get("ur.decision")
        if decision is None:
            decision = "denied"
            item.notes.append("ur.decision: the abstract gives no UR action (ur_action); written as denied, "
                              "so the request as written is what is disputed")
        quantity, disputed = one.get("item.quantity"), one.get("item.disputed")
        approved = one.get("ur.approved_quantity")
        if approved is not None and decision != "modified":
            item.refuse(self._key_of(fields, "ur.approved_quantity"), approved,
                        f"-> ur.approved_quantity: UR's decision is {decision}, so nothing was approved")
            approved = None
        if disputed is not None:
            quantity, approved = self._disputed(item, fields, decision, quantity, disputed, approved)
        if approved is not None and quantity is not None and approved >= quantity:
            item.refuse(self._key_of(fields, "ur.approved_quantity"), approved,
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
        written = {name: value for name in sorted(facts) if (value := self._fact(item, name, facts[name])) is not None}
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

    def _one(self, item: _Item, target: str, given: list[tuple[Any, str]]) -> Any:
        """One value for an item field: the first; a different later one is recorded."""
        value, first_key = given[0]
        for other, key in given[1:]:
            if other != value:
                item.refuse(key, other, f"-> {target}: {first_key} gives {shown(value)}; the first is kept")
        return value

    @staticmethod
    def _key_of(fields: dict[str, list[tuple[Any, str]]], target: str) -> str:
        return fields[target][0][1] if target in fields else target

    def _disputed(self, item: _Item, fields: dict[str, list[tuple[Any, str]]], decision: str,
                  quantity: Any, disputed: Any, approved: Any) -> tuple[Any, Any]:
        """The requested and approved quantities, with the disputed remainder the abstract gives."""
        key = self._key_of(fields, "item.disputed")
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

    def _fact(self, item: _Item, name: str, given: list[tuple[Any, str, Rule | None]]) -> Any:
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

    def _check_dates(self) -> None:
        """Dates that contradict each other: keep the UR date, drop the other, and say so."""
        fields = self.case.fields
        ur = fields.get("dates.ur_decision")
        for name, relation in (("dates.injury", "after"), ("dates.imr_application", "before")):
            other = fields.get(name)
            if ur is None or other is None:
                continue
            if (relation == "after" and other <= ur) or (relation == "before" and other >= ur):
                continue
            position, key = self.case.origin[name]
            self.case.notes.append(f"{key} {other.isoformat()} is {relation} the UR decision "
                                   f"({ur.isoformat()}): it contradicts it and is left out; the UR date is kept")
            self.case.items[position].refuse(key, other.strftime("%m/%d/%Y"),
                                             f"-> {name}: contradicts the UR decision date; left out")
            del fields[name]
        injury, surgery = fields.get("dates.injury"), fields.get("dates.surgery")
        if injury is not None and surgery is not None and surgery < injury:
            position, key = self.case.origin["dates.surgery"]
            self.case.notes.append(f"{key} {surgery.isoformat()} is before the injury: it is left out")
            self.case.items[position].refuse(key, surgery.strftime("%m/%d/%Y"),
                                             "-> dates.surgery: before the injury; left out")
            del fields["dates.surgery"]

    # -- the case as data, validated --------------------------------------------------------

    def _case_data(self) -> dict[str, Any]:
        fields = self.case.fields
        data: dict[str, Any] = {"case": self.case.number}
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
        data["clinical_summary"] = self._summary()
        data["items"] = [item.data for item in self.case.items]
        return data

    def _summary(self) -> str:
        refs = ", ".join(str(item.index) for item in self.case.items)
        lines = [f"Imported from a case abstract ({self.source_name}, record {refs}): the abstract's own "
                 "words, not yet the reviewer's summary."]
        several = len(self.case.items) > 1
        for label, texts in self.case.summary.items():
            for text, position in texts:
                where = f" (item {position + 1})" if several and len(texts) > 1 else ""
                lines.append(f"{label}{where}: {text}")
        return "\n".join(lines)

    def _validated(self) -> dict[str, Any]:
        """The case data the case model accepts: a field it refuses is left out and recorded."""
        for _ in range(100):
            data = self._case_data()
            try:
                case = CaseFile.model_validate(data)
            except ValidationError as exc:
                self._drop(exc.errors()[0], data)
                continue
            problem = self._quantity_problem(case)
            if problem is None:
                return data
            self._drop_approved(*problem)
        raise CaseFieldError(f"{self.case.number}.yaml", None, "the case could not be made valid")

    def _drop(self, error: Any, data: dict[str, Any]) -> None:
        loc = tuple(error["loc"])
        message = str((error.get("ctx") or {}).get("error") or error["msg"]).removeprefix("Value error, ")
        path = field_path(loc) or "the case"
        if loc[:1] == ("items",) and len(loc) >= 3 and isinstance(loc[1], int):
            item = self.case.items[loc[1]]
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
                           if t in self.case.fields), None)
        if target is not None and target in self.case.fields:
            position, key = self.case.origin[target]
            value = self.case.fields.pop(target)
            self.case.items[position].refuse(key, value, f"-> {target}: {message}")
            self.case.notes.append(f"{key} is left out: {message}")
            return
        raise CaseFieldError(f"{self.case.number}.yaml", path, message)

    def _quantity_problem(self, case: CaseFile) -> tuple[int, str] | None:
        """An item whose UR approval is not less than its request (``imr decide`` would refuse it)."""
        for index, item in enumerate(case.items):
            try:
                quantities_of(item, parse_request(item.request), f"{case.case}.yaml", index)
            except CaseFieldError as error:
                return index, f"expected {error.expected}, found {error.found}" if error.expected else error.one_line()
        return None

    def _drop_approved(self, index: int, why: str) -> None:
        item = self.case.items[index]
        value = item.data["ur"].pop("approved_quantity", None)
        if value is None:
            raise CaseFieldError(f"{self.case.number}.yaml", f"items[{index}]", why)
        item.refuse(item.sources.get("ur.approved_quantity", "ur.approved_quantity"), value,
                    f"-> ur.approved_quantity: {why}")

    # -- comments ----------------------------------------------------------------------

    def _header(self) -> list[str]:
        lines = [f"Imported by imr import from {self.source_name} (the abstract format of docs/import.md).",
                 "A fact the abstract does not give is left out (not documented); each item lists the keys",
                 "that could not be mapped, with their values."]
        lines += [f"note: {note}" for note in self.case.notes]
        return lines

    def _comments(self, item: _Item) -> list[str]:
        record = item.record
        lines = [f"record {item.index}" + (f" ({record.id})" if record.id else "")
                 + f": treatment_category {record.treatment_category} -> topic {item.topic}"]
        if record.source_url:
            lines.append(f"source: {record.source_url}")
        if item.left_out:
            lines.append("not documented in the abstract (left out): " + ", ".join(item.left_out))
        lines += [f"note: {note}" for note in item.notes]
        if item.unmapped:
            lines.append("not mapped (key = value: why):")
            lines += [f"  {key} = {shown(value)}: {'; '.join(reasons)}" for key, (value, reasons) in
                      item.unmapped.items()]
        return lines


def summary_lines(report: ImportReport) -> list[str]:
    """The text summary: counts, refusals, keys left unmapped."""
    lines = [f"read {report.records_read} records from {report.source}: wrote {report.cases_written} case files "
             f"({report.items_written} items) to {report.out}"]
    if report.records_refused:
        lines.append(f"{len(report.records_refused)} records refused:")
        lines += [f"  {line}" for line in report.records_refused]
    if report.cases_refused:
        lines.append(f"{len(report.cases_refused)} cases not written:")
        lines += [f"  {line}" for line in report.cases_refused]
    if report.unmapped:
        lines.append("keys left unmapped (items):")
        width = max(len(u.key) for u in report.unmapped)
        lines += [f"  {u.key:<{width}}  {u.items}" for u in report.unmapped]
    return lines
