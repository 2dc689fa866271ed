"""The store interface: an append-only audit log per case, and the current state folded from it.

A store does three things: append one action and commit it before returning, list the
entries of a case in order, and list the cases it holds.  Everything else (the latest
decision per item, the facts currently edited, the notes) is folded from the log by
``fold``, so a store for a team server (PostgreSQL, say) implements the same three
methods and behaves the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from engine import Location
from review.errors import ReviewConflict
from review.model import DECISION_KINDS, NOTE_KINDS, AuditEntry, NewEntry


@runtime_checkable
class ReviewStore(Protocol):
    """Where reviewers' actions are kept.  Every method may be called from any thread."""

    @property
    def location(self) -> str:
        """Where the store is, for messages: a file path or a server address."""
        ...

    def append(self, entry: NewEntry, *, seen: int | None = None) -> AuditEntry:
        """Append one action in one transaction; it is durable when this returns.

        ``entry.before`` is the caller's view; a store fills it from its own log when the
        log already holds a prior value (the item's last decision, the fact's last edit),
        read in the same transaction, so two writers cannot both claim the same before.
        ``seen`` is the id of the case's last entry the writer had read: if the case has a
        decision, override or fact edit after it, nothing is stored and ``ReviewConflict``
        (built by ``conflict``) says what changed.  The entry carries its place in the case's
        hash chain (``seq``, ``prev_hash``, ``hash``: ``review.audit_chain``).
        """
        ...

    def entries(self, case: str, item: int | None = None) -> list[AuditEntry]:
        """The log of a case (or of one item), oldest first."""
        ...

    def cases(self) -> list[str]:
        """The case numbers with at least one entry, sorted."""
        ...

    def close(self) -> None:
        """Release connections; appended entries are already durable."""
        ...


@dataclass
class CaseState:
    """The current state of a case, folded from its log."""

    decisions: dict[int, AuditEntry] = field(default_factory=dict)  # item -> latest decision or override
    facts: dict[int, dict[str, AuditEntry]] = field(default_factory=dict)  # item -> fact -> latest edit
    notes: dict[int, list[AuditEntry]] = field(default_factory=dict)  # item -> notes, oldest first
    entries: int = 0  # every entry but assignments (they change nothing a session shows)
    requests: dict[int, str] = field(default_factory=dict)  # item -> the request text last logged
    assignee: str | None = None  # the latest assignment's reviewer
    last_id: int = 0  # the id of the last entry, assignments included (what a writer has "seen")
    waiting_for_qa: bool = False  # a decision after the last QA note (or none yet)

    @property
    def fact_edit_count(self) -> int:
        return sum(len(edits) for edits in self.facts.values())

    @property
    def note_count(self) -> int:
        return sum(len(notes) for notes in self.notes.values())


def fold(entries: Iterable[AuditEntry]) -> CaseState:
    """Replay a case's log (oldest first): later decisions replace earlier ones, a reset drops an edit."""
    state = CaseState()
    for entry in entries:
        state.last_id = max(state.last_id, entry.id)
        if entry.kind == "assignment":
            state.assignee = str(entry.after.get("to") or "") or None
            continue
        state.entries += 1
        state.requests[entry.item] = entry.request
        if entry.kind == "qa_note":
            state.waiting_for_qa = False
        if entry.kind in DECISION_KINDS:
            state.waiting_for_qa = True
            state.decisions[entry.item] = entry
        elif entry.kind == "fact_edit" and entry.fact is not None:
            state.facts.setdefault(entry.item, {})[entry.fact] = entry
        elif entry.kind == "fact_reset" and entry.fact is not None:
            state.facts.get(entry.item, {}).pop(entry.fact, None)
        elif entry.kind in NOTE_KINDS:
            state.notes.setdefault(entry.item, []).append(entry)
    state.facts = {item: edits for item, edits in state.facts.items() if edits}
    return state


def decided_items(state: CaseState, item_count: int) -> Sequence[int]:
    """The items of a case with ``item_count`` items that have a decision."""
    return [i for i in range(item_count) if i in state.decisions]


def conflict(case_file: str, entry: NewEntry, seen: int, since: Sequence[AuditEntry]) -> ReviewConflict:
    """The one-line refusal of ``entry``: ``since`` are the case's changes after entry ``seen``, oldest first."""
    last = since[-1]
    what = f"{last.kind} {last.fact}" if last.fact else last.kind
    change = f"items[{last.item}] {what} by {last.reviewer} at {last.recorded_at:%Y-%m-%d %H:%M:%S} UTC"
    if last.kind in DECISION_KINDS:
        change += f": {(last.before or {}).get('outcome', 'none')} -> {last.after.get('outcome')}"
        if last.after.get("reason"):
            change += f" ({last.after['reason']})"
    elif last.after.get("documented") is not None:
        change += f": {_shown(last.before)} -> {_shown(last.after)}"
    more = f" and {len(since) - 1} more change(s)" if len(since) > 1 else ""
    return ReviewConflict(
        "another reviewer changed the case since you read it; nothing was saved",
        location=Location(case_file, field=f"items[{entry.item}]"),
        expected=f"the case's log as you read it (up to entry #{seen})",
        found=f"entry #{last.id}, {change}{more}",
        hint="the case was re-read: look at the change, then decide again",
    )


def _shown(value: dict[str, object] | None) -> str:
    if value is None:
        return "none"
    return "not documented" if not value.get("documented") else str(value.get("value"))
