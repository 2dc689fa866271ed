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

from review.model import DECISION_KINDS, AuditEntry, NewEntry


@runtime_checkable
class ReviewStore(Protocol):
    """Where reviewers' actions are kept.  Every method may be called from any thread."""

    @property
    def location(self) -> str:
        """Where the store is, for messages: a file path or a server address."""
        ...

    def append(self, entry: NewEntry) -> AuditEntry:
        """Append one action in one transaction; it is durable when this returns.

        ``entry.before`` is the caller's view; a store fills it from its own log when the
        log already holds a prior value (the item's last decision, the fact's last edit),
        read in the same transaction, so two writers cannot both claim the same before.
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
    entries: int = 0
    requests: dict[int, str] = field(default_factory=dict)  # item -> the request text last logged

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
        state.entries += 1
        state.requests[entry.item] = entry.request
        if entry.kind in DECISION_KINDS:
            state.decisions[entry.item] = entry
        elif entry.kind == "fact_edit" and entry.fact is not None:
            state.facts.setdefault(entry.item, {})[entry.fact] = entry
        elif entry.kind == "fact_reset" and entry.fact is not None:
            state.facts.get(entry.item, {}).pop(entry.fact, None)
        elif entry.kind == "note":
            state.notes.setdefault(entry.item, []).append(entry)
    state.facts = {item: edits for item, edits in state.facts.items() if edits}
    return state


def decided_items(state: CaseState, item_count: int) -> Sequence[int]:
    """The items of a case with ``item_count`` items that have a decision."""
    return [i for i in range(item_count) if i in state.decisions]
