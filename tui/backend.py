"""What the screens ask of the headless core, in one place: no Textual here, and no review logic.

The rule base is loaded once (the first caller loads it, the others wait on a lock),
the store is opened once, and one ``review.ReviewSession`` is kept per case file.
Every method may block for a while (the rule base takes about a second to load, an
evaluation tens of milliseconds): the screens call them from thread workers only.

``item_snapshot`` reads what the item screen shows at one state of the session: the
item's view, the trace of its tables (``session.evaluation``) and the case's progress,
under the session's (reentrant) lock.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from textual.app import App

    from engine import Evaluation, Rulebase
    from letters import Letter, ReviewerProfile
    from review import CaseProgress, CaseStatus, ItemView, ReviewSession, ReviewStore

Format = Literal["md", "txt", "pdf"]


@dataclass(frozen=True)
class ItemSnapshot:
    """One item as the item screen shows it: the session's view, the trace it was decided with, progress."""

    view: ItemView
    evaluation: Evaluation
    progress: CaseProgress


def item_snapshot(session: ReviewSession, index: int) -> ItemSnapshot:
    """The item's view, evaluation and the case's progress, read together under the session's lock."""
    with session.lock:  # the lock every session method takes: the view and the trace agree
        return ItemSnapshot(session.item(index), session.evaluation(index), session.progress())


@dataclass
class Backend:
    """The tables, the store and the open sessions of one ``imr review`` run.

    ``tables`` is workbook paths (loaded on first use) or a loaded ``Rulebase`` (shared,
    e.g. by tests; it is then left open on ``close``).
    """

    tables: Sequence[Path] | Rulebase
    db: Path | str | None = None  # a SQLite file or postgresql://...; None: $IMR_REVIEW_DB or the user data dir
    on_store_event: Callable[[str], None] | None = None  # e.g. "reconnecting to ..." (from a worker thread)
    reviewer: str | None = None
    profile: Path | None = None
    out: Path = Path(".")
    today: dt.date | None = None  # the letter's decision date; None: today
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _rulebase: Rulebase | None = None
    _store: ReviewStore | None = None
    _sessions: dict[str, ReviewSession] = field(default_factory=dict)
    _profile: ReviewerProfile | None = None
    profile_warning: str | None = None  # e.g. no profile given nor remembered: the letter says "not recorded"

    def rulebase(self) -> Rulebase:
        with self._lock:
            if self._rulebase is None:
                from engine import load_rulebase

                given = self.tables
                self._rulebase = given if not isinstance(given, Sequence) else load_rulebase(list(given))
            return self._rulebase

    def store(self) -> ReviewStore:
        with self._lock:
            if self._store is None:
                from review import open_store

                store = open_store(self.db)
                if hasattr(store, "on_reconnect"):  # the team store: say so while the server is away
                    store.on_reconnect = self._store_event
                self._store = store
            return self._store

    def _store_event(self, message: str) -> None:
        if self.on_store_event is not None:
            self.on_store_event(message)

    def statuses(self, folder: Path) -> list[CaseStatus]:
        from review import case_statuses

        return case_statuses(folder, self.store())

    def session(self, path: Path) -> ReviewSession:
        """The session on a case file, opened once (it replays the store: a reopened case resumes)."""
        key = str(path)
        existing = self._sessions.get(key)
        if existing is not None:
            existing.refresh()
            return existing
        from review import ReviewSession

        rulebase, store = self.rulebase(), self.store()
        opened = ReviewSession.open(path, rulebase, store, self.reviewer)
        self._sessions[key] = opened
        return opened

    def letter(self, session: ReviewSession) -> Letter:
        """The letter of the case: the recorded decisions over the current proposals (as ``imr letter``)."""
        from letters import review_letter

        return review_letter(session, self.reviewer_profile(session.reviewer), self.today or dt.date.today())

    def reviewer_profile(self, reviewer: str) -> ReviewerProfile | None:
        """``--reviewer`` (then remembered), else the one remembered for ``reviewer``, else None."""
        from letters import choose_profile

        if self._profile is None:
            chosen = choose_profile(reviewer, self.profile)
            self._profile, self.profile_warning = chosen.profile, chosen.warning
        return self._profile

    def render(self, session: ReviewSession, fmt: Format) -> bytes:
        from letters import render

        return render(self.letter(session), fmt)

    def export(self, session: ReviewSession, fmt: Format) -> Path:
        """Write the letter into the output folder as ``<case number>-letter.<fmt>``; return the path."""
        from engine import prepare_out
        from letters import LetterError
        from letters import export_letter as export

        return export(prepare_out(self.out, LetterError, folder=True), session.case_number, fmt,
                      self.render(session, fmt))

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
            if self._rulebase is not None and isinstance(self.tables, Sequence):
                self._rulebase.close()


def ui_notifier(app: App[None]) -> Callable[[str], None]:
    """Show a store event (from a worker thread) as a warning toast of ``app``: "reconnecting to ..."."""

    def show(message: str) -> None:
        try:
            app.call_from_thread(app.notify, message, title="Review database", severity="warning", markup=False)
        except RuntimeError:  # on the UI thread itself, or the app has ended
            if app.is_running:
                app.notify(message, title="Review database", severity="warning", markup=False)

    return show
