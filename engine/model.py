"""The table model: what a workbook says, once read and parsed.

The reader (``engine.reader``) builds these from openpyxl cells; the compiler
(``engine.compiler``) turns them into a rule base.  Every piece keeps the address it
came from so that findings, traces and errors can point at the cell.

Values inside the model are FEEL values (see ``engine.feel.values``): ``Decimal`` for
numbers, ``str``, ``bool``, ``None`` for null, ``datetime.date``/``time``/``datetime``,
the two duration kinds, and lists of these.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Value = Any  # a FEEL value; see engine.feel.values


class _Model(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)


class FactType(StrEnum):
    """The types a fact may have in the Facts glossary."""

    NUMBER = "number"
    INTEGER = "integer"
    TEXT = "text"
    BOOLEAN = "boolean"
    DATE = "date"
    TIME = "time"
    DATE_TIME = "date and time"
    DAYS_DURATION = "days and time duration"
    MONTHS_DURATION = "years and months duration"
    ENUMERATION = "enumeration"
    ANY = "any"


class HitPolicy(StrEnum):
    UNIQUE = "UNIQUE"
    ANY = "ANY"
    PRIORITY = "PRIORITY"
    FIRST = "FIRST"
    RULE_ORDER = "RULE ORDER"
    OUTPUT_ORDER = "OUTPUT ORDER"
    COLLECT = "COLLECT"

    @property
    def single_hit(self) -> bool:
        return self in (HitPolicy.UNIQUE, HitPolicy.ANY, HitPolicy.PRIORITY, HitPolicy.FIRST)


class Aggregation(StrEnum):
    SUM = "SUM"
    COUNT = "COUNT"
    MIN = "MIN"
    MAX = "MAX"


class Guideline(_Model):
    """The guideline edition a workbook encodes (its ``Guideline`` sheet)."""

    id: str
    title: str
    citation: str
    edition: str
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    owner: str | None = None

    def in_effect(self, on: dt.date) -> bool:
        if self.effective_from is not None and on < self.effective_from:
            return False
        return not (self.effective_to is not None and on > self.effective_to)


class Absence(_Model):
    """What a fact's absence from the record means when a determination is made.

    ``taken as`` a value: the fact is decided as if documented with ``value`` (a finding
    the requesting physician had to document, a red flag no record mentions), and the
    trace says so.  ``must be documented``: the fact stays open and the reviewer is asked.
    """

    kind: Literal["taken as", "must be documented"]
    value: Value = None  # the FEEL value, for "taken as"
    text: str  # as written in the cell, e.g. "taken as false"
    basis: str | None = None  # the guideline or letter practice behind the rule
    address: str = ""  # sheet!cell of the rule

    @property
    def taken(self) -> bool:
        return self.kind == "taken as"


class FactDef(_Model):
    """One row of the Facts glossary."""

    name: str
    type: FactType
    is_list: bool = False
    allowed_values: tuple[Value, ...] | None = None
    unit: str | None = None
    description: str | None = None
    question: str | None = None
    absence: Absence | None = None  # None: not declared (imr validate reports it)
    address: str = ""  # sheet!cell of the name


class InputEntry(_Model):
    """An input cell of a rule: S-FEEL unary tests."""

    text: str
    address: str  # e.g. "Rules!C7"
    tests: Any  # engine.feel.UnaryTests


class OutputEntry(_Model):
    """An output cell of a rule: an S-FEEL simple expression (usually a literal)."""

    text: str
    address: str
    expression: Any  # engine.feel.Expression


class InputColumn(_Model):
    fact: str
    address: str
    input_values: Any | None = None  # engine.feel.UnaryTests restricting the column


class OutputColumn(_Model):
    fact: str
    address: str
    output_values: tuple[Value, ...] | None = None  # priority order, for P and O
    default: OutputEntry | None = None


class Rule(_Model):
    number: int  # 1-based position in the table
    row: int  # the worksheet row
    inputs: tuple[InputEntry, ...]
    outputs: tuple[OutputEntry, ...]
    citation: str | None = None
    rationale: str | None = None
    annotation: str | None = None
    citation_address: str | None = None


class DecisionTable(_Model):
    name: str
    sheet: str
    workbook: str  # the file path as given to the reader
    guideline_id: str
    edition: str
    hit_policy: HitPolicy
    aggregation: Aggregation | None = None
    description: str | None = None
    inputs: tuple[InputColumn, ...]
    outputs: tuple[OutputColumn, ...]
    rules: tuple[Rule, ...]
    address: str = ""  # sheet!cell of the table name

    @property
    def policy_code(self) -> str:
        """The one-letter form authors write: U, A, P, F, R, O, C, C+, C#, C<, C>."""
        code = {
            HitPolicy.UNIQUE: "U",
            HitPolicy.ANY: "A",
            HitPolicy.PRIORITY: "P",
            HitPolicy.FIRST: "F",
            HitPolicy.RULE_ORDER: "R",
            HitPolicy.OUTPUT_ORDER: "O",
            HitPolicy.COLLECT: "C",
        }[self.hit_policy]
        agg = {
            Aggregation.SUM: "+",
            Aggregation.COUNT: "#",
            Aggregation.MIN: "<",
            Aggregation.MAX: ">",
            None: "",
        }
        return code + agg[self.aggregation]


class WorkbookTest(_Model):
    """A worked example from the Tests sheet."""

    id: str
    row: int
    address: str
    as_of: dt.date | None = None
    inputs: dict[str, Value] = Field(default_factory=dict)
    expected: dict[str, Value] = Field(default_factory=dict)
    expected_addresses: dict[str, str] = Field(default_factory=dict)
    expected_error: str | None = None
    description: str | None = None


class Workbook(_Model):
    path: str
    guideline: Guideline
    facts: dict[str, FactDef]
    tables: tuple[DecisionTable, ...]
    tests: tuple[WorkbookTest, ...] = ()
    warnings: tuple[str, ...] = ()
    content_hash: str = ""
