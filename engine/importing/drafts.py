"""The case and items being built from abstract records, with what the reviewer should see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.importing.abstracts import AbstractRecord
from engine.importing.convert import Rule

# What an item's keys gave, before one value is settled: target -> [(value, key, rule)] for facts,
# [(value, key)] for the item's fields.
FactsGiven = dict[str, list[tuple[Any, str, Rule | None]]]
FieldsGiven = dict[str, list[tuple[Any, str]]]


@dataclass
class ItemDraft:
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
class CaseDraft:
    """One case being built from its records."""

    number: str
    items: list[ItemDraft] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)  # target -> value
    origin: dict[str, tuple[int, str]] = field(default_factory=dict)  # target -> (item position, key)
    summary: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # label -> [(text, item position)]
    notes: list[str] = field(default_factory=list)
