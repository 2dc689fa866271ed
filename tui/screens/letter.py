"""The letter: a preview of the text rendering, and export to md, txt or pdf through ``letters/``.

Reached only once every item has a recorded decision made on its current proposal (the
case and item screens check before they open it, and the screen checks again): a stale
decision must be re-confirmed first.  The file goes to the output folder
as ``<case number>-letter.<format>``, written atomically by ``letters.export``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.keymap import SCREEN_KEYS, bindings
from tui.screens.base import ReviewScreen, StatusLine
from tui.text import literal
from tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from pathlib import Path

    from review import ReviewSession
    from tui.backend import Format


class LetterScreen(ReviewScreen):
    BINDINGS: ClassVar[list[BindingType]] = bindings(*SCREEN_KEYS, "export_md", "export_txt", "export_pdf")

    DEFAULT_CSS = """
    LetterScreen #letter-title { height: 1; padding: 0 1; text-style: bold; }
    LetterScreen #letter-box { height: 1fr; padding: 0 1; border: round $primary; }
    """

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.ready = False
        self.written: list[Path] = []

    def compose(self) -> ComposeResult:
        yield Static(literal(f"Letter for case {self.session.case_number}"), id="letter-title")
        with VerticalScroll(id="letter-box"):
            yield Static(literal("Rendering the letter..."), id="letter")
        yield StatusLine()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#letter-box").focus()
        self.in_worker(self.preview, self.show, "letter preview")

    def preview(self) -> tuple[bool, str]:
        """(ready, the text rendering or the progress): ready once every item has a recorded decision."""
        progress = self.session.progress()
        if not progress.done:
            stale = ", ".join(str(i + 1) for i in progress.stale)
            return False, str(progress) + (f" (re-confirm item {stale})" if stale else "")
        return True, self.backend.render(self.session, "txt").decode("utf-8")

    def show(self, preview: tuple[bool, str]) -> None:
        self.ready, text = preview
        if not self.ready:
            self.query_one("#letter", Static).update(literal(
                "The letter is offered once every item has a recorded decision made on its current proposal."))
            what = "record or re-confirm" if "re-confirm" in text else "record"
            self.say(f"{text}: {what} a decision for every item first.", error=True)
        else:
            self.query_one("#letter", Static).update(literal(text))
            self.say(f"Export to {self.backend.out}: m for Markdown, t for text, p for PDF.")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.ready if action == "export" else True

    def action_export(self, fmt: Format) -> None:
        if not self.ready:
            return
        self.in_worker(lambda: self.backend.export(self.session, fmt), self.exported, f"export {fmt}")

    def exported(self, path: Path) -> None:
        self.written.append(path)
        warning = self.backend.profile_warning  # e.g. no reviewer profile: the credentials read "not recorded"
        self.say(f"Wrote {path}" + (f"; warning: {warning}" if warning else ""))
