"""Decisions the reviewer recorded: they win over the proposed determinations.

The reviewer UI that records them comes later; until then they are read from a JSON
file, a list of objects such as::

    [{"item": 0, "outcome": "Upheld", "reason": "...", "reviewer": "dr-a",
      "recorded_at": "2015-05-02T10:30:00", "proposed": "Upheld"}]

``item`` is the 0-based index of the disputed item in the case file (the ``items[0]``
of error messages).  ``proposed`` (optional) is the engine's proposal the decision was
made on: when the letter's proposal for the item differs, the decision is stale and the
letter is not final (``letters.model``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from engine import Location, parse_json, read_text
from letters.errors import LetterError, from_validation
from review import RecordedDecision  # the review core produces it; the letter reads it

__all__ = ["RecordedDecision", "index_decisions", "load_decisions"]

_LIST = TypeAdapter(list[RecordedDecision])


def index_decisions(
    decisions: Iterable[RecordedDecision], item_count: int, source: str = "decisions",
) -> dict[int, RecordedDecision]:
    """Decisions by item index; an index out of range or given twice is an error."""
    by_item: dict[int, RecordedDecision] = {}
    for position, decision in enumerate(decisions):
        where = Location(source, field=f"[{position}].item")
        if decision.item >= item_count:
            raise LetterError("no such disputed item", location=where,
                              expected=f"an index from 0 to {item_count - 1}", found=str(decision.item))
        if decision.item in by_item:
            raise LetterError("a second decision for the same item", location=where,
                              expected="one decision per item", found=str(decision.item))
        by_item[decision.item] = decision
    return by_item


def load_decisions(path: Path | str, item_count: int) -> Mapping[int, RecordedDecision]:
    """Read recorded decisions from a JSON file; errors name the file and the field."""
    path = Path(path)

    def fail(message: str, *, field: str | None = None, **details: Any) -> LetterError:
        return LetterError(message or "bad value", location=Location(str(path), field=field), **details)

    data = parse_json(read_text(path, "decisions file", fail), "decisions file", fail)
    try:
        decisions = _LIST.validate_python(data)
    except ValidationError as exc:
        raise from_validation(exc, str(path)) from None
    return index_decisions(decisions, item_count, str(path))
