"""Around a session: who reviews, with which tables, how far each case of a folder is, decisions for a letter."""

from __future__ import annotations

import getpass
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from engine import ImrError, Rulebase, case_files, load_case
from review.model import CaseStatus, Status
from review.store import CaseState, ReviewStore, fold

if TYPE_CHECKING:
    from review.recorded import RecordedDecision


def reviewer_name(name: str | None = None) -> str:
    """Who is reviewing: ``name`` when given, else ``$USER``, else the login name."""
    for candidate in (name, os.environ.get("USER")):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown reviewer"


def workbook_hash(rulebase: Rulebase) -> str:
    """sha256 over the sorted content hashes of the loaded workbooks: the tables a decision was made with."""
    joined = "\n".join(sorted(wb.content_hash for wb in rulebase.workbooks))
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


def case_statuses(folder: Path | str, store: ReviewStore) -> list[CaseStatus]:
    """Every case file of a folder: not started, in progress or decided (or error, with the one line)."""
    statuses: list[CaseStatus] = []
    for path in case_files(folder):
        try:
            case = load_case(path)
        except ImrError as exc:
            statuses.append(CaseStatus(path=str(path), case=None, status="error", error=str(exc)))
            continue
        state = fold(store.entries(case.case))
        total = len(case.items)
        decided = sum(i in state.decisions for i in range(total))
        status: Status = "decided" if decided == total else "in progress" if state.entries else "not started"
        statuses.append(CaseStatus(path=str(path), case=case.case, status=status, decided=decided, total=total,
                                   assignee=state.assignee, waiting_for_qa=state.waiting_for_qa))
    return statuses


def recorded_decisions(state: CaseState, item_count: int) -> dict[int, RecordedDecision]:
    """The latest decision of each item of a case with ``item_count`` items, as ``letters`` takes them.

    Each carries the proposal it was made on (``proposed``), so the letter can tell a
    decision made on facts that have changed since (a stale one) from one that stands.
    """
    from review.recorded import RecordedDecision

    return {
        index: RecordedDecision(item=index, outcome=entry.after["outcome"], reason=entry.after["reason"],
                                reviewer=entry.reviewer, recorded_at=entry.recorded_at,
                                proposed=entry.after.get("proposed"))
        for index, entry in sorted(state.decisions.items()) if index < item_count
    }
