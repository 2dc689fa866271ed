"""What the review layer hands out and stores: audit entries, item views, progress, statuses.

Pydantic models, frozen: they cross from the headless core to the UI (and, for
``NewEntry`` / ``AuditEntry``, to and from a store).  Field names are stable; add
fields, do not rename them.

The audit log's ``before`` / ``after`` are small JSON objects, by kind:

| kind | before | after |
|---|---|---|
| ``decision`` (accept the proposal) | the item's previous decision or null | ``{"outcome", "reason", "proposed"}`` |
| ``override`` (another outcome, or the same with the reviewer's own reason) | same | same |
| ``fact_edit`` | ``{"documented": bool, "value": ...}`` as it stood | the same shape, as edited |
| ``fact_reset`` (back to the case file) | the edited value | the case file's value |
| ``note`` | null | ``{"text": ...}`` |
| ``qa_note`` (the QA role's review note; it changes no decision) | null | ``{"text": ...}`` |
| ``assignment`` (the case handed to a reviewer; ``item`` is 0) | the previous assignee or null | ``{"to": ...}`` |

``proposed`` is the engine's outcome when the decision was made; a fact value is its JSON
form (dates as ISO text) and ``documented: false`` means "not documented".
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from engine import ItemDetermination, MissingFactOut

ActionKind = Literal["decision", "override", "fact_edit", "fact_reset", "note", "qa_note", "assignment"]
DECISION_KINDS: tuple[ActionKind, ...] = ("decision", "override")
FACT_KINDS: tuple[ActionKind, ...] = ("fact_edit", "fact_reset")
ACTION_KINDS: tuple[ActionKind, ...] = ("decision", "override", "fact_edit", "fact_reset", "note", "qa_note",
                                        "assignment")
NOTE_KINDS: tuple[ActionKind, ...] = ("note", "qa_note")
# Kinds that change what a case is decided on: another reviewer's entry of one of these since a
# writer last read the case is a conflict (notes and assignments are not).
CHANGE_KINDS: tuple[ActionKind, ...] = DECISION_KINDS + FACT_KINDS
Decided = Literal["Upheld", "Overturned"]
Status = Literal["not started", "in progress", "decided", "error"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NewEntry(_Frozen):
    """One action to append to the audit log; the store adds ``id`` and ``recorded_at``."""

    case: str = Field(min_length=1, description="the IMR case number")
    case_file: str = Field(description="the case file the session read, as given")
    item: int = Field(ge=0, description="0-based index of the disputed item")
    request: str = Field(description="the item's request as written, to notice a case file changed under the log")
    kind: ActionKind
    fact: str | None = Field(default=None, description="the fact's name, for fact_edit and fact_reset")
    before: dict[str, Any] | None = None
    after: dict[str, Any]
    reviewer: str = Field(min_length=1)
    workbook_hash: str = Field(description="sha256 over the content hashes of the loaded workbooks")
    engine_version: str


class AuditEntry(NewEntry):
    """An action as stored: append-only, never updated or deleted."""

    id: int = Field(description="position in the log; increases with time")
    recorded_at: dt.datetime = Field(description="when it was committed, UTC")
    seq: int = Field(default=0, description="position in the case's hash chain: 1, 2, 3, ... (review.audit_chain)")
    prev_hash: str = Field(default="", description="the hash of the case's previous entry")
    hash: str = Field(default="", description="sha256 of prev_hash and this entry's content")


class FactView(_Frozen):
    """A fact a table deciding the item reads, with its value and where the value came from."""

    name: str
    type: str  # the glossary type: number, boolean, text, ...
    documented: bool
    value: Any  # JSON form; None when not documented
    shown: str  # as a reviewer reads it: yes, no, 8, extension, not documented
    source: str  # "case file", "derived from the case file", "edited by <who> at <when>", "not in the case file"
    edited: bool
    question: str | None = None  # the glossary's reviewer question
    description: str | None = None
    allowed_values: list[Any] | None = None
    unit: str | None = None


class DecisionView(_Frozen):
    """The decision recorded for an item: accepted or overridden, by whom, when."""

    kind: Literal["decision", "override"]
    outcome: Decided
    reason: str
    proposed: str  # the engine's outcome when the decision was made
    reviewer: str
    recorded_at: dt.datetime
    entry_id: int


class NoteView(_Frozen):
    text: str
    reviewer: str
    recorded_at: dt.datetime
    entry_id: int


class ItemView(_Frozen):
    """Everything the reviewer sees of one disputed item."""

    index: int
    request: str
    topic: str
    proposed: ItemDetermination  # outcome, citations, fired rows (with rationales), missing facts
    facts: list[FactView]  # the facts the deciding tables read, the deciding table's first
    decision: DecisionView | None = None
    notes: list[NoteView] = Field(default_factory=list)

    @property
    def questions(self) -> list[MissingFactOut]:
        """The missing facts that would change the outcome, each with the reviewer's question."""
        return list(self.proposed.missing_facts)

    @property
    def decided(self) -> bool:
        """A decision that stands: recorded on the current proposal (a stale one must be re-confirmed)."""
        return self.decision is not None and not self.stale

    @property
    def stale(self) -> bool:
        """A decision made on another proposal than the current one.

        A fact of the item was edited since, or the item serves another whose recorded
        decision changed.  It is kept (nothing a reviewer did is lost) but does not count as
        decided: the reviewer re-confirms it (accept or override again) before the letter.
        """
        return self.decision is not None and self.decision.proposed != self.proposed.outcome


class CaseProgress(_Frozen):
    decided: int  # items whose decision stands (made on the current proposal)
    total: int
    stale: list[int] = Field(default_factory=list)  # items whose decision was made on an earlier proposal

    @property
    def done(self) -> bool:
        return self.decided == self.total

    def __str__(self) -> str:
        words = f"{self.decided} of {self.total} decided"
        return words + (f", {len(self.stale)} to re-confirm" if self.stale else "")


class ResumeSummary(_Frozen):
    """What a session found stored for its case when it opened."""

    resumed: bool  # anything was stored for this case before
    entries: int = 0
    decisions: int = 0  # items whose decision stands (made on the current proposal)
    stale: int = 0  # items whose decision was made on an earlier proposal: to re-confirm
    fact_edits: int = 0  # facts currently edited
    notes: int = 0
    warnings: list[str] = Field(default_factory=list)  # e.g. an item's request changed in the case file

    def __str__(self) -> str:
        if not self.resumed:
            return "new review"
        again = f"{self.stale} to re-confirm, " if self.stale else ""
        return (f"resumed: {self.decisions} decided, {again}{self.fact_edits} fact edits, "
                f"{self.notes} notes ({self.entries} entries)")


class CaseStatus(_Frozen):
    """One case file of a folder, for a picker."""

    path: str
    case: str | None  # the case number; None when the file cannot be read
    status: Status
    decided: int = 0
    total: int = 0
    error: str | None = None  # the one-line error of a file that cannot be read
    assignee: str | None = None  # the reviewer the case is assigned to (imr assign), None: unassigned
    waiting_for_qa: bool = False  # decided, and no QA note since its last decision
