"""The ``Tests`` sheet: worked examples that double as tests."""

from __future__ import annotations

from typing import Any

from engine.errors import WorkbookError, did_you_mean
from engine.feel import FeelSyntaxError
from engine.model import FactDef, FactType, WorkbookTest
from engine.reader.cells import excel_to_date, excel_to_value
from engine.reader.sheets import Grid

TEST_KINDS = ("#", "as of", "input", "expected", "expected error", "description")


def read_tests(grid: Grid, facts: dict[str, FactDef]) -> list[WorkbookTest]:
    kinds: dict[int, str] = {}
    for col in range(1, grid.max_col + 1):
        kind = grid.text(1, col).lower()
        if not kind:
            continue
        if kind not in TEST_KINDS:
            raise WorkbookError(
                "unknown Tests column", location=grid.location(1, col),
                expected="one of #, As of, Input, Expected, Expected error, Description",
                found=repr(grid.text(1, col)), hint=did_you_mean(kind, TEST_KINDS),
            )
        if kind in ("input", "expected") and not grid.text(2, col):
            raise WorkbookError(
                f"{kind} column names no fact", location=grid.location(2, col),
                expected="the fact's name in row 2", found="an empty cell",
            )
        kinds[col] = kind
    tests: list[WorkbookTest] = []
    for row in grid.row_numbers(3):
        if grid.is_blank_row(row):
            continue
        tests.append(_read_test(grid, row, kinds, facts, len(tests) + 1))
    return tests


def _read_test(
    grid: Grid, row: int, kinds: dict[int, str], facts: dict[str, FactDef], number: int
) -> WorkbookTest:
    fields: dict[str, Any] = {"inputs": {}, "expected": {}, "expected_addresses": {}}
    fields["id"] = f"T{number}"
    for col, kind in kinds.items():
        raw = grid.value(row, col)
        text = grid.text(row, col)
        if kind == "#":
            fields["id"] = text or fields["id"]
        elif kind == "as of" and text:
            date = excel_to_date(raw)
            if date is None:
                raise WorkbookError(
                    "bad as-of date", location=grid.location(row, col),
                    expected="a date such as 2015-04-01", found=repr(text),
                )
            fields["as_of"] = date
        elif kind == "expected error":
            fields["expected_error"] = text or None
        elif kind == "description":
            fields["description"] = text or None
        elif kind in ("input", "expected") and text:
            name = " ".join(grid.text(2, col).split())
            fact = facts.get(name)
            try:
                value = _read_value(raw, fact, kind)
            except FeelSyntaxError as exc:
                raise WorkbookError(
                    f"cannot read the {kind} value of {name!r}", location=grid.location(row, col),
                    expected=f"a literal of the fact's type ({exc.expected})",
                    found=f"{text!r}", hint=_value_fix(text, fact),
                ) from None
            if kind == "input":
                fields["inputs"][name] = value
            else:
                fields["expected"][name] = value
                fields["expected_addresses"][name] = grid.address(row, col)
    return WorkbookTest(row=row, address=grid.address(row, 1), **fields)


_NUMBER_WORDS = {w: n for n, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])}


def _value_fix(text: str, fact: FactDef | None) -> str | None:
    """The fix of a common slip in a Tests cell: ``six`` for a number, a bare word for a text."""
    word = text.strip()
    numeric = fact is not None and fact.type in (FactType.NUMBER, FactType.INTEGER)
    if word.lower() in _NUMBER_WORDS and (numeric or fact is None):
        return f"not a number: write {_NUMBER_WORDS[word.lower()]}"
    if word.replace("_", "").replace("-", "").replace(" ", "").isalpha() and not numeric:
        return f'a text is quoted: write "{word}"'
    return None


def _read_value(raw: Any, fact: FactDef | None, kind: str) -> Any:
    """A test cell's value; an expected multi-hit result may be a comma list."""
    try:
        return excel_to_value(raw, fact)
    except FeelSyntaxError:
        if kind != "expected" or not isinstance(raw, str) or "," not in raw:
            raise
        return excel_to_value(raw, fact, as_list=True)
