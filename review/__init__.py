"""The reviewer's work on a case: decisions, overrides, fact edits and notes, stored as made.

Headless (no user interface is imported here): the terminal UI in ``tui/`` and the
``imr decisions`` command both sit on top of it.

    store = SqliteReviewStore.open()                     # $IMR_REVIEW_DB or the user data dir
    session = ReviewSession.open("cases/seed.yaml", "tables/", store, reviewer_name())
    session.accept(0); session.override(1, "Upheld", "why"); session.progress()

``review.model`` holds the pydantic models (audit entries, item views, statuses),
``review.store`` the ``ReviewStore`` protocol and the folding of the log into current
state, ``review.sqlite_store`` the embedded SQLite store, ``review.session`` the
session logic, ``review.scope`` what one item is decided on, ``review.status`` the
reviewer's name, workbook hash and case statuses, ``review.fact_input`` how a typed fact
value is read.  See
``docs/review-store.md``.

This module is the door for ``letters``, ``tui`` and ``imr``.  Its names load on first use
(``_EXPORTS`` maps each to its module, or to ``module:name`` where the door names it more
plainly), so that ``from review import ReviewError`` loads neither the SQLite store nor
the session.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    # errors
    "ReviewConflict": "review.errors",
    "ReviewError": "review.errors",
    "ReviewStoreError": "review.errors",
    # the log and what it folds into
    "ActionKind": "review.model",
    "AuditEntry": "review.model",
    "CaseProgress": "review.model",
    "CaseStatus": "review.model",
    "DecisionView": "review.model",
    "FactView": "review.model",
    "ItemView": "review.model",
    "NewEntry": "review.model",
    "NoteView": "review.model",
    "ResumeSummary": "review.model",
    "RecordedDecision": "review.recorded",
    "CaseState": "review.store",
    "ReviewStore": "review.store",
    "fold": "review.store",
    # a reviewer's session on a case; the reviewer, the workbooks, the case statuses
    "ReviewSession": "review.session",
    "case_statuses": "review.status",
    "recorded_decisions": "review.status",
    "reviewer_name": "review.status",
    "workbook_hash": "review.status",
    # the stores: opening one (--db, $IMR_REVIEW_DB), copying one into another
    "DB_ENV_VAR": "review.store_url:ENV_VAR",
    "open_store": "review.store_url",
    "store_kind": "review.store_url",
    "SqliteReviewStore": "review.sqlite_store",
    "default_db_path": "review.sqlite_store",
    "postgres_role_names": "review.postgres_schema:role_names",
    "copy_store": "review.store_copy",
    # the team: assignment, the queue, QA notes; the audit trail's hash chain
    "assign": "review.assignment",
    "qa_note": "review.assignment",
    "queue": "review.assignment",
    "queue_label": "review.assignment",
    "compare_heads": "review.audit_chain",
    "heads_text": "review.audit_chain",
    "verify_chain": "review.audit_chain:verify",
}

__all__ = [
    "DB_ENV_VAR",
    "ActionKind",
    "AuditEntry",
    "CaseProgress",
    "CaseState",
    "CaseStatus",
    "DecisionView",
    "FactView",
    "ItemView",
    "NewEntry",
    "NoteView",
    "RecordedDecision",
    "ResumeSummary",
    "ReviewConflict",
    "ReviewError",
    "ReviewSession",
    "ReviewStore",
    "ReviewStoreError",
    "SqliteReviewStore",
    "assign",
    "case_statuses",
    "compare_heads",
    "copy_store",
    "default_db_path",
    "fold",
    "heads_text",
    "open_store",
    "postgres_role_names",
    "qa_note",
    "queue",
    "queue_label",
    "recorded_decisions",
    "reviewer_name",
    "store_kind",
    "verify_chain",
    "workbook_hash",
]

if TYPE_CHECKING:
    from review.assignment import assign, qa_note, queue, queue_label
    from review.audit_chain import compare_heads, heads_text
    from review.audit_chain import verify as verify_chain
    from review.errors import ReviewConflict, ReviewError, ReviewStoreError
    from review.model import (
        ActionKind,
        AuditEntry,
        CaseProgress,
        CaseStatus,
        DecisionView,
        FactView,
        ItemView,
        NewEntry,
        NoteView,
        ResumeSummary,
    )
    from review.postgres_schema import role_names as postgres_role_names
    from review.recorded import RecordedDecision
    from review.session import ReviewSession
    from review.sqlite_store import SqliteReviewStore, default_db_path
    from review.status import case_statuses, recorded_decisions, reviewer_name, workbook_hash
    from review.store import CaseState, ReviewStore, fold
    from review.store_copy import copy_store
    from review.store_url import ENV_VAR as DB_ENV_VAR
    from review.store_url import open_store, store_kind


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'review' has no attribute {name!r}")
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute or name)
