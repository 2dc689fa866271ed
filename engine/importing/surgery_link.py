"""Items that serve the case's one disputed surgery: linked to it (``primary``), with its facts."""

from __future__ import annotations

import re

from engine.importing import keymap
from engine.importing.abstracts import AbstractRecord
from engine.importing.convert import Unmapped, not_documented
from engine.importing.drafts import CaseDraft, ItemDraft
from engine.importing.table_facts import fact_value
from engine.model import FactDef

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


def link_primaries(case: CaseDraft, glossary: dict[str, FactDef], producers: dict[str, str]) -> None:
    """An item that serves the case's one disputed surgery follows it (``primary.item``).

    The abstract says so (``dependent_on_surgery``, ``associated_with``) or the request does
    ("Associated surgical service: ...", "post-op ...", "pre-op ...", an assistant surgeon, a
    pre-operative clearance). With no surgery among the case's items, or several, nothing is
    linked: which surgery it serves is not for the importer to guess.
    """
    surgeries = [p for p, item in enumerate(case.items) if item.topic == SURGERY_TOPIC]
    if len(surgeries) != 1:
        return
    [surgery] = surgeries
    for position, item in enumerate(case.items):
        if position == surgery or "primary" in item.data:
            continue
        reason = serves_a_surgery(item.record)
        if reason is None:
            continue
        procedure = case.items[surgery].record.disputed_item
        item.data["primary"] = {"procedure": procedure, "item": surgery + 1}
        item.notes.append(f"primary: item {surgery + 1}, the surgery it serves ({reason}); it follows that "
                          "item's determination")
        _surgery_facts(item, procedure, glossary, producers)


def _surgery_facts(item: ItemDraft, procedure: str, glossary: dict[str, FactDef], producers: dict[str, str]) -> None:
    """What the surgery's request says of the surgery (``surgery.procedure``), for an item serving it."""
    stated = item.data.setdefault("facts", {})
    for name, convert in keymap.text_rules(SURGERY_TOPIC).items():
        if not name.startswith(f"{SURGERY_TOPIC}.") or name in stated:
            continue
        try:
            stated[name] = fact_value(name, convert(procedure), glossary, producers)
        except Unmapped:
            continue
    if not stated:
        del item.data["facts"]
