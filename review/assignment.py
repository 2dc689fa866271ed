"""Handing cases out and reviewing them: assignments, the queue, and the QA role's notes.

An assignment is an entry of the case's audit log (kind ``assignment``, item 0,
``after = {"to": reviewer}``): who handed which case to whom, and when, is kept and chained
like every decision, and the latest one is the case's assignee (``fold``).  A QA note is an
entry of kind ``qa_note`` on an item: the QA role may add one and may not record or change a
decision (on PostgreSQL the database refuses it: row-level security, review/postgres_schema.py).

``queue(folder, store, me)`` sorts the case files of a folder into what is assigned to
``me`` and not decided, what nobody is assigned, and what is decided and waits for QA (a
decision after the last QA note, or no QA note yet).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from engine import Location, load_case
from engine import __version__ as ENGINE_VERSION
from review.errors import ReviewError
from review.model import AuditEntry, CaseStatus, NewEntry
from review.status import case_statuses
from review.store import ReviewStore, fold


def assign(store: ReviewStore, cases: Sequence[Path | str], to: str, by: str) -> list[AuditEntry]:
    """Assign each case file to reviewer ``to`` (logged as ``by``); every file is read first, then each is stored."""
    reviewer = to.strip()
    if not reviewer:
        raise ReviewError("an assignment needs a reviewer", location=Location("--to"),
                          expected="the reviewer's name (as they record with --as, or their login)",
                          found="an empty name")
    loaded = [(str(path), load_case(path)) for path in cases]  # one bad file: nothing is assigned
    stored: list[AuditEntry] = []
    for path, case in loaded:
        previous = fold(store.entries(case.case)).assignee
        stored.append(store.append(NewEntry(
            case=case.case, case_file=path, item=0, request=case.items[0].request if case.items else "",
            kind="assignment", before={"to": previous} if previous else None, after={"to": reviewer},
            reviewer=by, workbook_hash="", engine_version=ENGINE_VERSION,
        )))
    return stored


def qa_note(store: ReviewStore, case_path: Path | str, item: int, text: str, by: str) -> AuditEntry:
    """Add the QA reviewer's note on an item of a case; it changes no decision."""
    case = load_case(case_path)
    where = Location(str(case_path), field=f"items[{item}]")
    if not 0 <= item < len(case.items):
        raise ReviewError("no such item", location=where, expected=f"an item from 0 to {len(case.items) - 1}",
                          found=str(item))
    body = text.strip()
    if not body:
        raise ReviewError("a QA note needs text", location=where, expected="some text", found="an empty note")
    return store.append(NewEntry(
        case=case.case, case_file=str(case_path), item=item, request=case.items[item].request, kind="qa_note",
        after={"text": body}, reviewer=by, workbook_hash="", engine_version=ENGINE_VERSION,
    ))


@dataclass
class Queue:
    """The case files of a folder as one reviewer's queue."""

    me: str
    mine: list[CaseStatus] = field(default_factory=list)  # assigned to me, not decided yet
    unassigned: list[CaseStatus] = field(default_factory=list)  # nobody's, not decided yet
    waiting_for_qa: list[CaseStatus] = field(default_factory=list)  # decided, no QA note since the last decision
    others: list[CaseStatus] = field(default_factory=list)  # assigned to someone else, or unreadable

    def sections(self) -> list[tuple[str, list[CaseStatus]]]:
        return [(f"assigned to {self.me}", self.mine), ("unassigned", self.unassigned),
                ("waiting for QA", self.waiting_for_qa)]


def queue(folder: Path | str, store: ReviewStore, me: str) -> Queue:
    """Sort the case files of ``folder`` into ``me``'s queue (see the module docstring)."""
    result = Queue(me=me)
    for status in case_statuses(folder, store):
        if status.status == "error":
            result.others.append(status)
        elif status.status == "decided":
            (result.waiting_for_qa if status.waiting_for_qa else result.others).append(status)
        elif status.assignee is None:
            result.unassigned.append(status)
        elif status.assignee == me:
            result.mine.append(status)
        else:
            result.others.append(status)
    return result


def queue_label(status: CaseStatus, me: str) -> str:
    """What a picker shows of a case in ``me``'s queue: ``mine``, ``unassigned``, ``QA``, or the assignee."""
    if status.status == "error":
        return ""
    if status.status == "decided" and status.waiting_for_qa:
        return "waiting for QA"
    if status.assignee is None:
        return "unassigned"
    return "mine" if status.assignee == me else status.assignee
