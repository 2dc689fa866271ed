"""The case file: a claimant's disputed items and the facts documented for each.

This is the interim format (a YAML or JSON mapping of facts per disputed item); the
full IMR case format builds on it.  Files are read with a safe loader only: nothing in
a case file can construct objects or run code.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.errors import CaseError, Location


class DisputedItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item: str = Field(min_length=1, description="the item as requested")
    decision: str = Field(min_length=1, description="the fact that holds its determination")
    facts: dict[str, Any] = Field(default_factory=dict)


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case: str = Field(min_length=1, description="the case number")
    ur_decision_date: dt.date | None = None
    facts: dict[str, Any] = Field(default_factory=dict, description="facts for every item")
    items: list[DisputedItem] = Field(min_length=1)


def _field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def load_case(path: Path | str) -> CaseFile:
    """Read and validate a case file; errors name the file and the field path."""
    path = Path(path)
    where = Location(str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CaseError("no such case file", location=where) from None
    except UnicodeDecodeError as exc:
        raise CaseError("the case file is not UTF-8 text", location=where,
                        found=f"byte {exc.start}") from None
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise CaseError("the case file is not valid YAML/JSON", location=where,
                        found=str(exc).splitlines()[0]) from None
    if not isinstance(data, dict):
        raise CaseError("the case file must be a mapping", location=where,
                        expected="keys such as case, items", found=type(data).__name__)
    try:
        return CaseFile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise CaseError(
            error["msg"], location=Location(str(path), field=_field_path(error["loc"])),
            found=repr(error.get("input"))[:80] if error["type"] != "missing" else None,
        ) from None
