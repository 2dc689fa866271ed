"""Building one case from its records: each record's keys mapped, then the case checked and written.

The builder holds the case being built and the loaded tables' glossary: a key's value goes,
through the key maps' rules, to a fact, an item field, a case field or the clinical summary.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from engine.cases.field_error import CaseFieldError
from engine.cases.loader import load_case
from engine.compiler.rulebase import Rulebase
from engine.errors import ImrError
from engine.importing import keymap
from engine.importing.case_validation import check_dates, validated
from engine.importing.comments import header_lines, item_comments
from engine.importing.convert import CASE_TARGETS, IGNORED, ITEM_TARGETS, SUMMARY, Rule, Unmapped, not_documented, shown
from engine.importing.drafts import CaseDraft, FactsGiven, FieldsGiven, ItemDraft
from engine.importing.item_data import item_data
from engine.importing.surgery_link import link_primaries
from engine.importing.table_facts import fact_value, named_fact
from engine.importing.writer import render

# The case fields that are lists: the items of a case add theirs.
_LIST_FIELDS = ("diagnoses", "treatment_history")


class CaseBuilder:
    """Builds, checks and writes one case."""

    def __init__(self, case: CaseDraft, rulebase: Rulebase, source_name: str) -> None:
        self.case = case
        self.glossary = rulebase.facts
        self.producers = rulebase.producers
        self.source_name = source_name

    def write(self, out: Path) -> Path:
        for position, item in enumerate(self.case.items):
            self._map_item(position, item)
        link_primaries(self.case, self.glossary, self.producers)
        check_dates(self.case)
        data = validated(self.case, self.source_name)
        final = out / f"{self.case.number}.yaml"
        text = render(data, header_lines(self.case, self.source_name),
                      [(d, item_comments(i)) for i, d in zip(self.case.items, data["items"], strict=True)])
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

    def _map_item(self, position: int, item: ItemDraft) -> None:
        record = item.record
        category = record.treatment_category
        facts: FactsGiven = {}
        fields: FieldsGiven = {}
        for name, value in keymap.category_facts(category, record.disputed_item).items():
            if name in self.glossary:
                facts.setdefault(name, []).append((value, "treatment_category", None))
        for key, value in record.facts.items():
            normal = keymap.normal_key(key)
            item.keys[normal] = key
            if not_documented(value):
                item.left_out.append(key)
                continue
            rules = (keymap.rules_for(key, item.topic, category)
                     or named_fact(normal, item.topic, self.glossary, self.producers))
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
                    self._place(position, rule, normal, converted, facts, fields)
                    mapped = True
                except Unmapped as problem:
                    (quiet if rule.quiet else failures).append(f"-> {rule.target}: {problem.reason}")
            if failures or (quiet and not mapped):
                item.refuse(normal, value, "; ".join(failures + ([] if mapped else quiet)))
        for name, convert in keymap.text_rules(item.topic).items():
            if name in facts:  # a key said it: the key wins over the text
                continue
            try:
                self._place(position, Rule(name), "disputed_item", convert(record.disputed_item), facts, fields)
            except Unmapped:
                continue  # the text does not say it
        item.data = item_data(item, facts, fields)

    def _place(self, position: int, rule: Rule, key: str, value: Any, facts: FactsGiven, fields: FieldsGiven) -> None:
        """Put a converted value where its rule sends it; ``Unmapped`` when it cannot go there."""
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
        facts.setdefault(target, []).append((fact_value(target, value, self.glossary, self.producers), key, rule))

    def _case_field(self, position: int, target: str, key: str, value: Any) -> None:
        """A case field: the first item to give it gives it; a list field gathers every item's entries."""
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
