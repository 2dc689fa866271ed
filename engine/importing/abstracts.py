"""Case abstracts: a JSON list of records, one per disputed item (``docs/import.md``).

The file is data, read with the limits of ``engine.datafiles`` except its size: an export
holds many cases, so it may be up to ``MAX_BYTES`` (32 MiB) rather than a case file's
256 KiB.  Each record is parsed on its own (``engine.datafiles.parse_json``: nesting
bounded, numbers finite and of at most 15 digits, each key once), so a record that cannot
be read is reported in one line, naming its index, its id and the field, and the others
are still imported.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from engine.cases.field_error import CaseFieldError, shown
from engine.datafiles import parse_json, read_text

MAX_BYTES = 32 * 1024 * 1024  # 32 MiB: about 20,000 records of the size of the development set's
MAX_RECORDS = 100_000


def _as_text(value: Any) -> Any:
    """An id or a case number written as a number is the same text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _decision(value: Any) -> Any:
    """``upheld`` and ``Upheld`` are the same decision."""
    if isinstance(value, str) and value.strip().lower() in ("upheld", "overturned"):
        return value.strip().capitalize()
    return value


Text = Annotated[str, BeforeValidator(_as_text)]


class AbstractRecord(BaseModel):
    """One disputed item as a case-management system (or a reader of a letter) abstracts it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: Text | None = Field(default=None, description="the item's id in the system it came from")
    case_number: Text | None = Field(default=None, description="the IMR case number; items of one case share it")
    treatment_category: str = Field(min_length=1, description="what is requested: physical_therapy, ...")
    disputed_item: str = Field(min_length=1, description="the request as written")
    facts: dict[str, Any] = Field(default_factory=dict, description="what the records state, by snake_case key")
    decision: Annotated[Literal["Upheld", "Overturned"] | None, BeforeValidator(_decision)] = None
    guideline_cited: str | None = None
    source_url: str | None = None
    imr_decision_date: str | None = None
    reviewer_specialty: str | None = None
    quote_of_rationale_key_point: str | None = None


class AbstractsRead(BaseModel):
    """What was read: the records (with their index in the file) and one line per record refused."""

    total: int
    records: list[tuple[int, AbstractRecord]]
    refused: list[str]


def record_label(source: str, index: int, record_id: Any = None) -> str:
    """``abstracts.json, record 12 (imr-CM16-0219557-1)``: where a record is, for errors."""
    label = f"{source}, record {index}"
    if isinstance(record_id, str | int) and not isinstance(record_id, bool) and str(record_id).strip():
        label += f" ({str(record_id)[:80]})"
    return label


def read_abstracts(path: Path) -> AbstractsRead:
    """Every record of the file; a record that cannot be read is refused with its one line.

    The file as a whole must be a readable JSON list, else ``CaseFieldError``.
    """
    source = str(path)

    def fail(message: str, *, field: str | None = None, **details: Any) -> CaseFieldError:
        return CaseFieldError(source, field, message, **details)

    text = read_text(path, "abstracts file", fail, limit=MAX_BYTES)
    spans = _record_spans(text, fail)
    records: list[tuple[int, AbstractRecord]] = []
    refused: list[str] = []
    for index, (start, end) in enumerate(spans):
        where = record_label(source, index)

        def fail_record(message: str, *, field: str | None = None, where: str = where, **details: Any
                        ) -> CaseFieldError:
            return CaseFieldError(where, field, message, **details)

        # Padded so that a JSON error's line and column are the file's.
        line = text.count("\n", 0, start)
        column = start - (text.rfind("\n", 0, start) + 1)
        try:
            data = parse_json("\n" * line + " " * column + text[start:end], "record", fail_record)
        except CaseFieldError as error:
            refused.append(str(error))
            continue
        if not isinstance(data, dict):
            refused.append(str(CaseFieldError(where, None, "a record must be an object",
                                              expected="keys such as case_number, disputed_item, facts",
                                              found=type(data).__name__)))
            continue
        where = record_label(source, index, data.get("id"))
        try:
            records.append((index, AbstractRecord.model_validate(data)))
        except ValidationError as exc:
            refused.append(str(_record_error(where, exc)))
    return AbstractsRead(total=len(spans), records=records, refused=refused)


def _record_error(where: str, exc: ValidationError) -> CaseFieldError:
    error = exc.errors()[0]
    field = ".".join(str(p) for p in error["loc"]) or None
    kind = error["type"]
    if kind == "missing":
        return CaseFieldError(where, field, "missing", expected="a value for this required field")
    expected = {
        "string_type": "a text", "string_too_short": "a text that is not empty", "dict_type": "an object",
        "literal_error": "one of 'Upheld', 'Overturned'",
    }.get(kind, error["msg"])
    return CaseFieldError(where, field, expected=expected, found=shown(error.get("input")))


_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]|[^\s"\[\]{},]+|"', re.DOTALL)


def _record_spans(text: str, fail: Any) -> list[tuple[int, int]]:
    """Where each element of the top-level JSON list starts and ends.

    Strings and brackets are followed so that a comma inside a record does not split it;
    a record's own syntax (and its nesting) is left to ``parse_json``, so one broken record
    is refused alone.  The list itself must be well formed: ``[`` first, ``]`` last.
    """

    def line_at(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    body = text.strip()
    if not body.startswith("["):
        raise fail("the abstracts file must be a JSON list of records", expected="[ first",
                   found=shown(body[:20]) if body else "an empty file")
    spans: list[tuple[int, int]] = []
    depth = 0
    start: int | None = None
    closed = False
    for match in _TOKENS.finditer(text):
        token, at = match.group(), match.start()
        if closed:
            raise fail("the abstracts file must be one JSON list", expected="nothing after its closing ]",
                       found=f"{shown(token)} at line {line_at(at)}")
        if token in ("[", "{"):
            depth += 1
            if depth == 2 and start is None:
                start = at
        elif token in ("]", "}"):
            depth -= 1
            if depth == 0:
                if start is not None:
                    spans.append((start, at))
                closed = True
        elif token == "," and depth == 1:
            if start is None:
                raise fail("not valid JSON: an empty element in the list", found=f"',' at line {line_at(at)}")
            spans.append((start, at))
            start = None
        elif depth == 1 and start is None:
            start = at  # a record that is not an object: refused when it is parsed
        if len(spans) > MAX_RECORDS:
            raise fail("too many records", expected=f"at most {MAX_RECORDS}", found="more")
    if not closed:
        raise fail("the abstracts file is not a complete JSON list", expected="brackets that balance, ending with ]")
    return spans
