"""The case picker: every case file of a folder with its review status, and a filter."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.widgets import DataTable, Input, Static

from tui.keymap import SCREEN_KEYS, bindings
from tui.screens.base import ReviewScreen, StatusLine
from tui.text import literal, wrapped
from tui.widgets.keybar import KeyBar
from tui.widgets.keytable import OpenTable
from tui.words import plural

if TYPE_CHECKING:
    from review import CaseStatus

COLUMNS = ["case", "status", "decided", "file"]
STATUS_STYLE = {"not started": "", "in progress": "yellow", "decided": "green", "error": "red"}
STATUSES = ("not started", "in progress", "decided", "error")
FIXED_WIDTH = 44  # the case, status and decided columns with their padding: the file column gets the rest
QUEUE_WIDTH = 18  # the queue column, shown once a case of the folder is assigned or waits for QA


def team_queue(statuses: list[CaseStatus]) -> bool:
    """Whether the folder is worked as a team's queue: some case is assigned or waits for QA."""
    return any(s.assignee is not None or s.waiting_for_qa for s in statuses)


def reason(status: CaseStatus) -> str:
    """Why a case file cannot be read, without its path (the row shows the path once, above)."""
    error = status.error or "this case file cannot be read"
    return error.removeprefix(f"{status.path}: ").removeprefix(f"{status.path}, ")


def status_cells(status: CaseStatus, width: int = 0) -> list[Text]:
    """One case as a row; an error row's file cell holds the path, then the reason in full, wrapped to ``width``."""
    progress = f"{status.decided} of {status.total}" if status.status != "error" else ""
    file = literal(status.path)
    if status.status == "error":
        file = literal(f"{status.path}\n{reason(status)}")
        file.stylize("red", len(status.path) + 1)
        file = wrapped(file, width)
    return [literal(status.case or "(unreadable)"), literal(status.status, style=STATUS_STYLE[status.status]),
            literal(progress), file]


def summary(statuses: list[CaseStatus]) -> str:
    """``4 cases: 2 not started, 1 in progress, 0 decided, 1 with errors``."""
    counts = {s: sum(c.status == s for c in statuses) for s in STATUSES}
    words = [f"{counts[s]} {s}" for s in STATUSES[:3]]
    if counts["error"]:
        words.append(f"{counts['error']} with errors")
    return f"{plural(len(statuses), 'case')}: " + ", ".join(words)


def matches(status: CaseStatus, query: str, queue: str = "") -> bool:
    """Every word of the query appears in the case number, the status, the queue (mine, unassigned, QA) or the file."""
    haystack = " ".join((status.case or "", status.status, queue, status.path)).lower()
    return all(word in haystack for word in query.lower().split())


class CasePickerScreen(ReviewScreen):
    """Cases in a folder: not started, in progress, decided.  Enter opens one, / filters."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(*SCREEN_KEYS, "filter")
    AUTO_FOCUS = "#cases"  # the list, not the filter: enter opens the highlighted case at once

    DEFAULT_CSS = """
    CasePickerScreen #title { height: 1; padding: 0 1; text-style: bold; }
    CasePickerScreen #filter { margin: 0 1; }
    CasePickerScreen #cases { height: 1fr; }
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.statuses: list[CaseStatus] = []

    def compose(self) -> ComposeResult:
        yield Static(literal(f"Cases in {self.folder}"), id="title")
        yield Input(placeholder="/ filter: case number, status or file name",
                    id="filter")
        yield OpenTable(id="cases")
        yield StatusLine(literal("Reading the case files..."))
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#cases", OpenTable).focus()
        self.call_after_refresh(self.reload)  # after the first frame

    def on_screen_resume(self) -> None:
        if self.statuses:
            self.reload()

    def reload(self) -> None:
        self.in_worker(lambda: self.backend.statuses(self.folder), self.show, "case statuses")

    def show(self, statuses: list[CaseStatus]) -> None:
        self.statuses = statuses
        self.refilter()
        self.say(summary(statuses))
        self.review_app.preload()

    def queue_of(self, status: CaseStatus) -> str:
        """``mine``, ``unassigned``, ``waiting for QA`` or the assignee (imr assign, imr queue)."""
        from review import queue_label, reviewer_name

        return queue_label(status, reviewer_name(self.backend.reviewer))

    @property
    def shown(self) -> list[CaseStatus]:
        query = self.query_one("#filter", Input).value
        return [s for s in self.statuses if matches(s, query, self.queue_of(s))]

    def refilter(self) -> None:
        table = self.query_one("#cases", OpenTable)
        team = team_queue(self.statuses)
        fixed = FIXED_WIDTH + (QUEUE_WIDTH if team else 0)
        width = max(20, table.size.width - fixed) if table.size.width else 60
        rows = [(s.path, status_cells(s, width)) for s in self.shown]
        if team:  # the queue column before the file: mine, unassigned, waiting for QA, or whose
            rows = [(key, [*cells[:3], literal(self.queue_of(s)), cells[3]])
                    for (key, cells), s in zip(rows, self.shown, strict=True)]
        table.set_rows([*COLUMNS[:3], "queue", COLUMNS[3]] if team else COLUMNS, rows)

    def on_resize(self) -> None:
        if self.statuses:
            self.refilter()  # error rows wrap to the new width

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refilter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#cases", OpenTable).focus()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_back(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_focus or box.value:
            box.value = ""
            self.query_one("#cases", OpenTable).focus()
            return
        super().action_back()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        path = str(event.row_key.value)
        status = next((s for s in self.statuses if s.path == path), None)
        if status is not None and status.status == "error":
            self.say("This case file cannot be opened: its row says why. Fix the file, then reopen the folder.")
            return
        self.review_app.open_case(Path(path))

    def commands(self) -> Iterable[SystemCommand]:
        for status in self.shown:
            if status.case is not None:
                path = Path(status.path)
                yield SystemCommand(f"Open case {status.case}", f"{status.status}: {status.path}",
                                    lambda p=path: self.review_app.open_case(p))
