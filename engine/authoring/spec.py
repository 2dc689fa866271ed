"""What a workbook should say, before it is written: the input of ``write_workbook``.

A ``WorkbookSpec`` mirrors the sheets of docs/tables.md one to one.  It checks only the
*shape* a sheet layout depends on (one entry per column, names present); the *content*
of cells (S-FEEL text, type names, hit policies) is written verbatim and judged later
by the reader and the validator, so that the writer can also build workbooks that are
meant to be rejected.

A cell is either text (written verbatim as a string, e.g. ``>=18`` or ``"Medium","Low"``)
or a Python number, boolean, date, time or datetime (written as a native Excel value).
``None`` leaves the cell blank.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Cell = str | bool | int | float | Decimal | dt.datetime | dt.date | dt.time | None


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _naive(value: Cell) -> Cell:
    """Excel has no time zones: refuse an aware datetime/time instead of losing it."""
    if isinstance(value, dt.datetime | dt.time) and value.tzinfo is not None:
        raise ValueError(
            f"Excel cells cannot hold a time zone ({value.isoformat()}); "
            'write it as text instead, e.g. date and time("2018-07-30T16:12:00Z")'
        )
    return value


class GuidelineSpec(_Spec):
    """The ``Guideline`` sheet: the guideline edition the workbook encodes."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    citation: str = Field(min_length=1)
    edition: str = Field(min_length=1)
    effective_from: dt.date | str | None = None
    effective_to: dt.date | str | None = None
    owner: str | None = None


class FactSpec(_Spec):
    """One row of the ``Facts`` glossary."""

    name: str = Field(min_length=1)
    type: str = Field(min_length=1)  # "number", "list of text", ...
    allowed_values: str | None = None  # S-FEEL literal list: "initial","extension"
    unit: str | None = None
    description: str | None = None
    question: str | None = None
    when_not_documented: str | None = None  # "taken as false" or "must be documented"
    absence_basis: str | None = None  # the guideline or practice behind it


class RuleSpec(_Spec):
    """One rule row: an entry per input column and per output column."""

    inputs: tuple[Cell, ...] = ()
    outputs: tuple[Cell, ...] = ()
    citation: str | None = None
    rationale: str | None = None
    annotation: str | None = None

    @field_validator("inputs", "outputs")
    @classmethod
    def _no_time_zones(cls, cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
        return tuple(_naive(c) for c in cells)


class TableSpec(_Spec):
    """One decision-table sheet.

    ``inputs`` and ``outputs`` are the fact names of the name row.  ``input_values`` and
    ``output_values`` fill the optional ``Output values`` row (allowed values per column,
    in priority order for outputs); ``defaults`` fills the optional ``Default`` row.
    The Citation and Rationale columns are always written (authors fill them in); the
    Annotation column is written when a rule has an annotation or ``annotation_column``.
    """

    name: str = Field(min_length=1)
    hit_policy: str = "UNIQUE"
    description: str | None = None
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = Field(min_length=1)
    input_values: tuple[Cell, ...] | None = None
    output_values: tuple[Cell, ...] | None = None
    defaults: tuple[Cell, ...] | None = None
    rules: tuple[RuleSpec, ...] = ()
    annotation_column: bool = False

    @model_validator(mode="after")
    def _shape(self) -> TableSpec:
        n_in, n_out = len(self.inputs), len(self.outputs)
        for label, cells, n in (
            ("input_values", self.input_values, n_in),
            ("output_values", self.output_values, n_out),
            ("defaults", self.defaults, n_out),
        ):
            if cells is not None and len(cells) != n:
                raise ValueError(f"table {self.name!r}: {label} has {len(cells)} cells, "
                                 f"expected one per column ({n})")
        for number, rule in enumerate(self.rules, start=1):
            if len(rule.inputs) != n_in or len(rule.outputs) != n_out:
                raise ValueError(
                    f"table {self.name!r} rule {number}: {len(rule.inputs)} inputs and "
                    f"{len(rule.outputs)} outputs, expected {n_in} and {n_out}"
                )
        return self

    @property
    def has_annotations(self) -> bool:
        return self.annotation_column or any(r.annotation for r in self.rules)


class TestSpec(_Spec):
    """One worked example on the ``Tests`` sheet.

    ``inputs`` maps fact name to a literal cell (``None``: not documented, blank cell;
    the text ``null``: documented as null).  ``expected`` maps fact name to the expected
    value (``None``: not checked).
    """

    __test__ = False  # not a pytest class, despite the name

    id: str = Field(min_length=1)
    as_of: dt.date | str | None = None
    inputs: dict[str, Cell] = Field(default_factory=dict)
    expected: dict[str, Cell] = Field(default_factory=dict)
    expected_error: str | None = None
    description: str | None = None


class WorkbookSpec(_Spec):
    """A whole workbook: guideline, glossary, tables and (optionally) tests."""

    guideline: GuidelineSpec
    facts: tuple[FactSpec, ...] = ()
    tables: tuple[TableSpec, ...] = Field(min_length=1)
    tests: tuple[TestSpec, ...] = ()

    @model_validator(mode="after")
    def _unique_names(self) -> WorkbookSpec:
        for label, names in (
            ("fact", [f.name for f in self.facts]),
            ("table", [t.name for t in self.tables]),
            ("test", [t.id for t in self.tests]),
        ):
            seen: set[str] = set()
            for name in names:
                if name in seen:
                    raise ValueError(f"{label} {name!r} appears twice")
                seen.add(name)
        return self
