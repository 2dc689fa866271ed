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
"""

from __future__ import annotations

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
from review.session import ReviewSession
from review.sqlite_store import SqliteReviewStore, default_db_path
from review.status import case_statuses, recorded_decisions, reviewer_name, workbook_hash
from review.store import CaseState, ReviewStore, fold
from review.store_url import open_store

__all__ = [
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
    "ResumeSummary",
    "ReviewConflict",
    "ReviewError",
    "ReviewSession",
    "ReviewStore",
    "ReviewStoreError",
    "SqliteReviewStore",
    "case_statuses",
    "default_db_path",
    "fold",
    "open_store",
    "recorded_decisions",
    "reviewer_name",
    "workbook_hash",
]
