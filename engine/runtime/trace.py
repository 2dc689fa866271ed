"""What an evaluation leaves behind: per table, every row's state and why.

Plain dataclasses inside (an evaluation builds thousands of these); ``as_dict`` gives
the JSON form the CLI prints and the UI stores.  Deciding keeps each row's state
(``RowStatus``: fired, not fired on which cell, or undecided for want of which facts);
the full trace of a row (``RowTrace``: every cell with its value and test) is built from
the same compiled cells the first time ``TableResult.rows`` is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from engine.feel.values import to_feel_literal


class RowState(StrEnum):
    FIRED = "fired"
    NOT_FIRED = "not fired"
    UNDECIDED = "undecided"


@dataclass(frozen=True, slots=True)
class RowStatus:
    """A row's state as deciding left it: what the explanation starts from."""

    state: RowState
    failing: int | None = None  # 0-based input column of the first cell failing on documented facts
    missing: tuple[str, ...] = ()  # undocumented facts of the cells an undecided row could not pass


@dataclass(slots=True)
class CellCheck:
    """One input cell tested against a case: the address, the value, the test."""

    address: str  # sheet!cell
    fact: str
    value: Any
    documented: bool
    test: str
    passed: bool
    assumed: bool = False  # not documented, decided on its absence rule (the value is that rule's)

    def describe(self) -> str:
        if self.assumed:
            shown = f"not documented: taken as {to_feel_literal(self.value)}"
        else:
            shown = to_feel_literal(self.value) if self.documented else "not documented"
        verdict = "passes" if self.passed else "fails"
        return f"{self.address}: {self.fact} = {shown} {verdict} {self.test}"


@dataclass(slots=True)
class RowTrace:
    rule: int  # 1-based rule number
    row: int  # worksheet row
    state: RowState
    failing: CellCheck | None = None  # the first failing cell on a documented fact
    missing: tuple[str, ...] = ()  # undocumented facts whose cells the row could not pass
    citation: str | None = None
    rationale: str | None = None  # with {fact} placeholders filled in
    cells: tuple[CellCheck, ...] = ()  # every input cell, in column order


@dataclass
class TableResult:
    name: str
    guideline_id: str
    edition: str
    workbook: str
    sheet: str
    hit_policy: str  # the one-letter code
    statuses: list[RowStatus]  # per row, in table order
    matched: list[int]  # rule numbers the rule network fired
    selected: list[int]  # rule numbers the hit policy chose, in result order
    outputs: list[dict[str, Any]]  # per selected rule: output fact -> value
    value: Any  # the DMN-shaped decision result
    violation: str | None = None
    default_used: bool = False
    missing_facts: list[str] = field(default_factory=list)  # would change this table's value
    explain: Callable[[], list[RowTrace]] | None = field(default=None, repr=False, compare=False)
    _rows: list[RowTrace] | None = field(default=None, repr=False, compare=False)

    @property
    def rows(self) -> list[RowTrace]:
        """Every row's trace (cells, values, the failing cell), built on first use."""
        if self._rows is None:
            self._rows = self.explain() if self.explain is not None else []
        return self._rows

    @property
    def undecided(self) -> bool:
        """Whether some row waits for an undocumented fact."""
        return any(s.state is RowState.UNDECIDED for s in self.statuses)

    @property
    def decided(self) -> bool:
        return self.violation is None and not self.undecided


@dataclass
class MissingFact:
    name: str
    question: str | None
    tables: list[str]  # the tables whose value it would change


@dataclass
class Evaluation:
    as_of: dt.date
    editions: dict[str, str]  # guideline id -> edition used
    tables: dict[str, TableResult]
    facts: dict[str, Any]  # every fact after evaluation
    documented: frozenset[str]  # facts the case gave
    missing_facts: list[MissingFact]
    assumed: dict[str, Any] = field(default_factory=dict)  # undocumented facts taken as their absence value

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "editions": self.editions,
            "tables": {name: table_dict(t) for name, t in self.tables.items()},
            "facts": {k: json_value(v) for k, v in self.facts.items()},
            "assumed": {k: json_value(v) for k, v in self.assumed.items()},
            "missing_facts": [
                {"name": m.name, "question": m.question, "tables": m.tables}
                for m in self.missing_facts
            ],
        }


def table_dict(t: TableResult) -> dict[str, Any]:
    return {
        "name": t.name,
        "guideline": t.guideline_id,
        "edition": t.edition,
        "workbook": t.workbook,
        "sheet": t.sheet,
        "hit_policy": t.hit_policy,
        "matched": t.matched,
        "selected": t.selected,
        "value": json_value(t.value),
        "violation": t.violation,
        "default_used": t.default_used,
        "missing_facts": t.missing_facts,
        "rows": [
            {
                "rule": r.rule,
                "row": r.row,
                "state": r.state.value,
                "failing": r.failing.describe() if r.failing else None,
                "missing": list(r.missing),
                "citation": r.citation,
                "rationale": r.rationale,
            }
            for r in t.rows
        ],
    }


def json_value(value: Any) -> Any:
    """A FEEL value in JSON: numbers as JSON numbers, the rest as text."""
    from decimal import Decimal

    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)
