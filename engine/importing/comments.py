"""The comments of an imported case file: its header, and what the reviewer should see above each item."""

from __future__ import annotations

from engine.importing.convert import shown
from engine.importing.drafts import CaseDraft, ItemDraft


def header_lines(case: CaseDraft, source_name: str) -> list[str]:
    lines = [f"Imported by imr import from {source_name} (the abstract format of docs/import.md).",
             "A fact the abstract does not give is left out (not documented); each item lists the keys",
             "that could not be mapped, with their values."]
    lines += [f"note: {note}" for note in case.notes]
    return lines


def item_comments(item: ItemDraft) -> list[str]:
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
