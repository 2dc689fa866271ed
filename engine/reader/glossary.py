"""The ``Guideline`` and ``Facts`` sheets."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from engine.errors import Location, WorkbookError, did_you_mean
from engine.feel import FeelSyntaxError, parse_literal_list
from engine.model import Absence, FactDef, FactType, Guideline
from engine.reader.cells import cell_feel_text, excel_to_date
from engine.reader.sheets import Grid, OpenedWorkbook

GUIDELINE_KEYS = {
    "id": "id",
    "title": "title",
    "citation": "citation",
    "edition": "edition",
    "version": "edition",
    "effective from": "effective_from",
    "effective to": "effective_to",
    "owner": "owner",
}
REQUIRED_GUIDELINE = ("id", "title", "citation", "edition")
# A fact name must be writable inside a cell: FEEL name parts joined by dots.
_WORD = r"[A-Za-z_][A-Za-z0-9_']*(?: [A-Za-z0-9_'][A-Za-z0-9_']*)*"
FACT_NAME = re.compile(rf"^{_WORD}(?:\.{_WORD})*$")
_KEYWORDS = frozenset({"true", "false", "null", "not"})
FACT_COLUMNS = ("name", "type", "allowed values", "unit", "description", "question", "when not documented",
                "absence basis")
TAKEN_AS: Final = "taken as"
MUST_BE_DOCUMENTED: Final = "must be documented"
TYPE_NAMES = {t.value: t for t in FactType} | {
    "string": FactType.TEXT,
    "enum": FactType.ENUMERATION,
    "int": FactType.INTEGER,
    "bool": FactType.BOOLEAN,
    "datetime": FactType.DATE_TIME,
    "duration": FactType.DAYS_DURATION,
}


def require_sheet(book: OpenedWorkbook, name: str) -> Grid:
    grid = book.find(name)
    if grid is None:
        hint = did_you_mean(name, book.grids)
        raise WorkbookError(
            f"no sheet named {name!r}", location=Location(book.file),
            expected=f"a sheet {name!r}", found=", ".join(repr(s) for s in book.grids) or "none",
            hint=hint,
        )
    return grid


def read_guideline(book: OpenedWorkbook) -> Guideline:
    grid = require_sheet(book, "Guideline")
    fields: dict[str, object] = {}
    for row in grid.row_numbers():
        key = grid.text(row, 1).lower().rstrip(":")
        if not key:
            continue
        if key not in GUIDELINE_KEYS:
            raise WorkbookError(
                "unknown guideline key", location=grid.location(row, 1),
                expected="one of " + ", ".join(sorted(set(GUIDELINE_KEYS) - {"version"})),
                found=repr(grid.text(row, 1)), hint=did_you_mean(key, GUIDELINE_KEYS),
            )
        field = GUIDELINE_KEYS[key]
        raw = grid.value(row, 2)
        if field.startswith("effective"):
            if raw is None or grid.text(row, 2) == "":
                continue
            date = excel_to_date(raw)
            if date is None:
                raise WorkbookError(
                    f"bad {key} date", location=grid.location(row, 2),
                    expected="a date such as 2016-07-28", found=repr(grid.text(row, 2)),
                )
            fields[field] = date
        else:
            text = cell_feel_text(grid, row, 2, None).strip('"')
            if text:
                fields[field] = text
    for key in REQUIRED_GUIDELINE:
        if key not in fields:
            raise WorkbookError(
                f"the guideline has no {key}", location=grid.location(grid.max_row + 1, 1),
                expected=f"a row {key!r} in column A with its value in column B", found="none",
            )
    guideline = Guideline(**fields)  # type: ignore[arg-type]
    if (
        guideline.effective_from and guideline.effective_to
        and guideline.effective_to < guideline.effective_from
    ):
        raise WorkbookError(
            "the guideline ends before it starts", location=_value_location(grid, "effective to"),
            expected=f"effective to on or after {guideline.effective_from}",
            found=str(guideline.effective_to),
        )
    return guideline


def _value_location(grid: Grid, key: str) -> Location:
    for row in grid.row_numbers():
        if grid.text(row, 1).lower().rstrip(":") == key:
            return grid.location(row, 2)
    return grid.location(1, 1)


def read_facts(book: OpenedWorkbook) -> dict[str, FactDef]:
    grid = require_sheet(book, "Facts")
    header: dict[str, int] = {}
    for col in range(1, grid.max_col + 1):
        title = grid.text(1, col).lower()
        if title in FACT_COLUMNS:
            header[title] = col
    for needed in ("name", "type"):
        if needed not in header:
            raise WorkbookError(
                f"the Facts sheet has no {needed!r} column", location=grid.location(1, 1),
                expected="a header row: " + ", ".join(FACT_COLUMNS),
                found=", ".join(repr(grid.text(1, c)) for c in range(1, grid.max_col + 1)),
            )
    facts: dict[str, FactDef] = {}
    for row in grid.row_numbers(2):
        name = " ".join(grid.text(row, header["name"]).split())
        if not name:
            if not grid.is_blank_row(row):
                raise WorkbookError(
                    "fact has no name", location=grid.location(row, header["name"]),
                    expected="the fact's name", found="an empty cell",
                )
            continue
        if not FACT_NAME.match(name) or any(p in _KEYWORDS for p in name.split(".")):
            raise WorkbookError(
                "bad fact name", location=grid.location(row, header["name"]),
                expected="words of letters, digits and _ (spaces between words, . between parts),"
                " not starting with a digit and not true, false, null or not",
                found=repr(name),
            )
        if name in facts:
            raise WorkbookError(
                "fact defined twice", location=grid.location(row, header["name"]),
                expected="each fact once", found=f"{name!r} again (first at {facts[name].address})",
            )
        facts[name] = _read_fact(grid, row, header, name)
    return facts


def _read_fact(grid: Grid, row: int, header: dict[str, int], name: str) -> FactDef:
    type_text = " ".join(grid.text(row, header["type"]).lower().split())
    is_list = type_text.startswith("list of ")
    base = type_text[len("list of "):] if is_list else type_text
    if base not in TYPE_NAMES:
        raise WorkbookError(
            f"unknown type for fact {name!r}", location=grid.location(row, header["type"]),
            expected="one of " + ", ".join(t.value for t in FactType) + " (or 'list of ...')",
            found=repr(grid.text(row, header["type"])), hint=did_you_mean(base, TYPE_NAMES),
        )
    fact_type = TYPE_NAMES[base]
    allowed = None
    if "allowed values" in header:
        col = header["allowed values"]
        text = cell_feel_text(grid, row, col, None)
        if text:
            if fact_type in (FactType.TEXT, FactType.ENUMERATION) and '"' not in text:
                text = ",".join(f'"{p.strip()}"' for p in text.split(","))
            try:
                allowed = tuple(parse_literal_list(text))
            except FeelSyntaxError as exc:
                raise WorkbookError(
                    f"bad allowed values for fact {name!r}", location=grid.location(row, col),
                    expected='literals separated by commas, such as "initial","extension"',
                    found=f"{text!r} ({exc.expected and 'expected ' + exc.expected}"
                    f" at column {exc.column})",
                ) from None
    if fact_type == FactType.ENUMERATION and not allowed:
        col = header.get("allowed values", header["type"])
        raise WorkbookError(
            f"enumeration fact {name!r} has no allowed values", location=grid.location(row, col),
            expected='the allowed values, such as "initial","extension"', found="an empty cell",
        )

    def optional(key: str) -> str | None:
        return grid.text(row, header[key]) or None if key in header else None

    absence = _read_absence(grid, row, header, name, optional("absence basis"))
    if absence is not None and absence.taken and allowed and absence.value is not None \
            and absence.value not in allowed:
        raise WorkbookError(
            f"absence value of fact {name!r} is not an allowed value",
            location=grid.location(row, header["when not documented"]),
            expected="one of " + ", ".join(map(repr, allowed)), found=repr(absence.text),
        )
    return FactDef(
        name=name, type=fact_type, is_list=is_list, allowed_values=allowed,
        unit=optional("unit"), description=optional("description"),
        question=optional("question"), absence=absence, address=grid.address(row, header["name"]),
    )


def _read_absence(grid: Grid, row: int, header: dict[str, int], name: str, basis: str | None) -> Absence | None:
    """The ``when not documented`` cell: ``taken as <literal>`` or ``must be documented``."""
    col = header.get("when not documented")
    if col is None:
        return None
    text = " ".join(cell_feel_text(grid, row, col, None).split())
    if not text:
        return None
    address = grid.address(row, col)
    lowered = text.lower()
    if lowered == MUST_BE_DOCUMENTED:
        return Absence(kind=MUST_BE_DOCUMENTED, text=MUST_BE_DOCUMENTED, basis=basis, address=address)
    expected = ("taken as a literal of the fact's type (taken as false, taken as 0, taken as \"none\") "
                "or must be documented")
    if not lowered.startswith(TAKEN_AS + " "):
        raise WorkbookError(
            f"bad absence rule for fact {name!r}", location=grid.location(row, col), expected=expected,
            found=repr(text), hint=did_you_mean(lowered, (TAKEN_AS, MUST_BE_DOCUMENTED)),
        )
    literal = text[len(TAKEN_AS) + 1:].strip()
    try:
        values = parse_literal_list(literal)
    except FeelSyntaxError:
        values = []
    if len(values) != 1:
        raise WorkbookError(
            f"bad absence rule for fact {name!r}", location=grid.location(row, col), expected=expected,
            found=repr(text), hint="quote a text value: taken as \"none\"" if '"' not in literal else None,
        )
    value = values[0]
    fact_type = TYPE_NAMES[" ".join(grid.text(row, header["type"]).lower().split()).removeprefix("list of ")]
    problem = _absence_type_problem(value, fact_type)
    if problem is not None:
        raise WorkbookError(
            f"absence value of fact {name!r} does not fit its type", location=grid.location(row, col),
            expected=problem, found=repr(text),
        )
    return Absence(kind=TAKEN_AS, value=value, text=f"{TAKEN_AS} {literal}", basis=basis, address=address)


def _absence_type_problem(value: object, fact_type: FactType) -> str | None:
    if value is None:
        return None
    if fact_type is FactType.BOOLEAN and not isinstance(value, bool):
        return f"taken as true or taken as false for a {fact_type} fact"
    if fact_type in (FactType.NUMBER, FactType.INTEGER) and (isinstance(value, bool) or not isinstance(value, Decimal)):
        return f"taken as a number for a {fact_type} fact"
    if fact_type in (FactType.TEXT, FactType.ENUMERATION) and not isinstance(value, str):
        return f'taken as a quoted text ("none") for a {fact_type} fact'
    return None
