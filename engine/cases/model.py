"""The case file as data: a claimant, the case dates, and the disputed items.

These pydantic models are the boundary between a case file (YAML or JSON, see
``docs/cases.md``) and the rest of the project: the loader validates a file into a
``CaseFile``, the determination reads it, the letter renders it.  Field names are
stable; add fields, do not rename them.

Facts are tri-state.  A fact a case documents holds its value (``yes``/``no`` for a
boolean, a number, a text or a date); a fact the case lists as ``not documented``, or
does not list at all, is absent from ``facts``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from engine.cases.facts import FIRST_DATE, LAST_DATE, FactValue, normalize_fact_mapping


def _as_text(value: Any) -> Any:
    """Free text as YAML may type it: ``period: 2011`` is the text "2011"."""
    if isinstance(value, int | float | dt.date) and not isinstance(value, bool):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value


Text = Annotated[str, BeforeValidator(_as_text)]

# Limits of the values a case holds (docs/limits-cases.md).
MAX_COUNT = 10_000  # units, sessions or visits; real requests are in the tens or hundreds
MAX_PER_WEEK = 100  # sessions per week
MAX_WEEKS = 520  # ten years
CASE_NUMBER_LENGTH = 64
_CASE_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
CASE_NUMBER_EXPECTED = (f"a case number of at most {CASE_NUMBER_LENGTH} letters, digits, '-', '_' and '.', "
                        "such as CM15-0000001")


def is_case_number(number: str) -> bool:
    """Whether ``number`` can be a case number; it names files (the letter), so it is a plain token.

    It starts with a letter or a digit and holds letters, digits, ``-``, ``_`` and ``.``
    only, without ``..``: no path separator, no control character, no leading dot.
    """
    return bool(_CASE_NUMBER.fullmatch(number)) and ".." not in number and len(number) <= CASE_NUMBER_LENGTH


def _case_number(number: str) -> str:
    if not is_case_number(number):
        raise ValueError(f"expected {CASE_NUMBER_EXPECTED}, found {number!r}")
    return number


def _whole_number(value: Any) -> Any:
    """A count is a number: ``yes`` is not 1."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "a whole number, not yes or no")
    return value


def _plain_number(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("float_type", "a number, not yes or no")
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_only(value: Any) -> Any:
    """A date is written as a date: not a number (pydantic would read seconds since 1970)."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a date that exists, found {value!r}") from None
    if isinstance(value, int | float | str):
        raise PydanticCustomError("date_type", "a date such as 2015-03-16")
    return value


def _in_range(value: dt.date) -> dt.date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(f"expected a date from {FIRST_DATE} to {LAST_DATE}, found {value}")
    return value


CaseNumber = Annotated[str, BeforeValidator(_as_text), AfterValidator(_case_number)]
Count = Annotated[int, BeforeValidator(_whole_number)]
Rate = Annotated[float, BeforeValidator(_plain_number)]
CaseDate = Annotated[dt.date, BeforeValidator(_date_only), AfterValidator(_in_range)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class CaseDates(_Strict):
    """The dates of the case; evaluation is as of the UR decision date.

    Every date may be missing, as real records allow: a date the records do not give is
    not documented, and what depends on it (the days since the injury, the injury phase)
    is then not documented either.  Dates that are given must come in order.
    """

    injury: CaseDate | None = Field(default=None, description="date of the industrial injury")
    ur_decision: CaseDate | None = Field(default=None, description="date of the utilization review decision in dispute")
    imr_application: CaseDate | None = Field(default=None, description="date the IMR application was received")
    assigned: CaseDate | None = Field(default=None, description="date the case was assigned to a reviewer")
    surgery: CaseDate | None = Field(default=None, description="date of the surgery, for post-surgical items")

    @model_validator(mode="after")
    def _in_order(self) -> CaseDates:
        if self.ur_decision is not None and self.injury is not None and self.ur_decision < self.injury:
            raise ValueError(
                f"the UR decision ({self.ur_decision}) cannot precede the injury ({self.injury})"
            )
        if self.imr_application is not None and self.ur_decision is not None \
                and self.imr_application < self.ur_decision:
            raise ValueError(
                f"the IMR application ({self.imr_application}) cannot precede the UR decision "
                f"({self.ur_decision})"
            )
        if self.surgery is not None and self.injury is not None and self.surgery < self.injury:
            raise ValueError(f"the surgery ({self.surgery}) cannot precede the injury ({self.injury})")
        return self


class Claimant(_Strict):  # every field may be undocumented
    """The injured worker, as the letter describes them (no names)."""

    age: Count | None = Field(default=None, ge=14, le=110, description="age in years at the UR decision, if documented")
    sex: Literal["female", "male"] | None = Field(default=None, description="if documented")
    occupation: Text | None = None


class Treatment(_Strict):
    """One line of the treatment to date."""

    treatment: Text = Field(min_length=1, description="e.g. physical therapy, acupuncture, medications")
    sessions: Count | None = Field(default=None, ge=0, le=MAX_COUNT,
                                   description="sessions or visits completed, if known")
    period: Text | None = Field(default=None, description="when, as the records put it: 'since 10/2014'")
    response: Text | None = Field(default=None, description="what the records say it did")


class Record(_Strict):
    """A medical record the review relied on."""

    kind: Text = Field(min_length=1, description="PR-2, RFA, UR letter, MRI report, ...")
    date: CaseDate
    author: Text | None = Field(default=None, description="the role, never a name: 'primary treating physician'")
    summary: Text | None = None


class UrDecision(_Strict):
    """What the claims administrator decided about the item, and on what guideline."""

    decision: Literal["denied", "modified"] = Field(
        description="denied outright, or modified (part approved, the remainder disputed)"
    )
    approved_quantity: Count | None = Field(
        default=None, ge=1, le=MAX_COUNT,
        description="for a modification: how many of the requested units UR approved; "
        "when not documented, the request as written is what is disputed",
    )
    approved: Text | None = Field(default=None, description="what UR approved, as written: 'acupuncture x6'")
    guideline: Text | None = Field(
        default=None, description="the guideline UR cited, as written; absent when UR cited none"
    )
    reason: Text | None = Field(default=None, description="UR's stated reason, in short")

    @model_validator(mode="after")
    def _modified_says_how_many(self) -> UrDecision:
        if self.decision == "denied" and self.approved_quantity is not None:
            raise ValueError("a denied item has no approved_quantity; use decision: modified")
        return self


class Primary(_Strict):
    """The primary procedure an ancillary item serves (post-op therapy after a surgery).

    Either the case says whether the primary was denied (``denied``), or the primary is
    another disputed item of this case (``item``, numbered from 1): the ancillary item then
    follows that item's determination (not medically necessary when the primary is not).
    """

    procedure: Text = Field(min_length=1, description="the primary procedure as requested")
    denied: bool | None = Field(default=None, description="whether the primary procedure was itself denied")
    item: Count | None = Field(default=None, ge=1, le=1000,
                               description="the disputed item of this case that is the primary procedure, from 1")

    @model_validator(mode="after")
    def _denied_or_item(self) -> Primary:
        if self.denied is None and self.item is None:
            raise ValueError("a primary procedure says whether it was denied (denied: yes or no) or which "
                             "disputed item of this case it is (item: N)")
        if self.denied is not None and self.item is not None:
            raise ValueError("a primary procedure that is an item of this case follows that item's determination: "
                             "give item or denied, not both")
        return self


class DisputedItem(_Strict):
    """One disputed item: the request as written, UR's action, and the facts documented."""

    request: Text = Field(min_length=1, description="the item as requested, verbatim")
    topic: str = Field(
        min_length=1, pattern=r"^[a-z][a-z0-9_]*$",
        description="the guideline topic; its decision fact is <topic>.outcome",
    )
    body_region: Text | None = Field(default=None, description="lumbar, cervical, right shoulder, ...")
    quantity: Count | None = Field(
        default=None, ge=0, le=MAX_COUNT,
        description="units requested, when the request text does not say or says it wrongly",
    )
    per_week: Rate | None = Field(default=None, gt=0, le=MAX_PER_WEEK,
                                  description="sessions per week, overriding the text")
    weeks: Rate | None = Field(default=None, gt=0, le=MAX_WEEKS, description="weeks covered, overriding the text")
    ur: UrDecision
    primary: Primary | None = None
    facts: dict[str, FactValue] = Field(
        default_factory=dict, description="documented facts by name; omitted means not documented"
    )
    expected: Literal["Upheld", "Overturned"] | None = Field(
        default=None, description="the real determination, for back-testing (imr backtest)"
    )
    expected_guideline: Text | None = Field(
        default=None, description="the guideline the real determination cited, as written"
    )
    ref: Text | None = Field(default=None, description="the item's id in the system it came from")

    @field_validator("facts", mode="before")
    @classmethod
    def _normalize_facts(cls, value: Any) -> dict[str, Any]:
        return normalize_fact_mapping(value, "facts")


class CaseFile(_Strict):
    """A case as the reviewer receives it."""

    case: CaseNumber = Field(description="the IMR case number, e.g. CM15-0000001; it names the letter file")
    priority: Literal["standard", "expedited"] = "standard"
    dates: CaseDates = Field(default_factory=CaseDates)
    claimant: Claimant = Field(default_factory=Claimant)
    diagnoses: list[Text] = Field(default_factory=list)
    mechanism: Text | None = Field(default=None, description="how the injury happened, if the records say")
    treatment_history: list[Treatment] = Field(default_factory=list)
    records: list[Record] = Field(default_factory=list)
    clinical_summary: Text = Field(min_length=1, description="the case summary, in the reviewer's words")
    facts: dict[str, FactValue] = Field(
        default_factory=dict, description="facts documented for every item (injury.*, ...)"
    )
    items: list[DisputedItem] = Field(min_length=1)

    @field_validator("facts", mode="before")
    @classmethod
    def _normalize_facts(cls, value: Any) -> dict[str, Any]:
        return normalize_fact_mapping(value, "facts")

    @model_validator(mode="after")
    def _primaries_are_items(self) -> CaseFile:
        count = len(self.items)
        for number, item in enumerate(self.items, start=1):
            link = item.primary.item if item.primary is not None else None
            if link is None:
                continue
            if link > count or link == number:
                raise ValueError(f"item {number}'s primary is item {link}: expected another item of this case, "
                                 f"from 1 to {count}")
            target = self.items[link - 1].primary
            if target is not None and target.item is not None:
                raise ValueError(f"item {number}'s primary is item {link}, which itself serves item {target.item}: "
                                 "expected the primary procedure, which serves no other item")
        return self

    @model_validator(mode="after")
    def _records_in_range(self) -> CaseFile:
        for record in self.records:
            if self.dates.imr_application is not None and record.date > self.dates.imr_application:
                raise ValueError(
                    f"record {record.kind} of {record.date} is dated after the IMR application "
                    f"({self.dates.imr_application})"
                )
        return self

    @property
    def as_of(self) -> dt.date:
        """The evaluation date: the UR decision date.

        Where the records do not give it, the first date after it that they give (the IMR
        application, the assignment), else the latest record's date, else today; the guideline
        editions then follow that date and ``as_of_basis`` says which it was.
        """
        return self._as_of_with_basis()[0]

    @property
    def as_of_basis(self) -> str:
        """Which date ``as_of`` is: "UR decision", "IMR application", ..., "today"."""
        return self._as_of_with_basis()[1]

    def _as_of_with_basis(self) -> tuple[dt.date, str]:
        dates = self.dates
        for value, basis in ((dates.ur_decision, "UR decision"), (dates.imr_application, "IMR application"),
                             (dates.assigned, "assignment")):
            if value is not None:
                return value, basis
        if self.records:
            return max(r.date for r in self.records), "latest record"
        return dt.date.today(), "today"
