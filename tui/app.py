"""The reviewer's terminal UI: ``imr review [CASE | FOLDER]``.

A folder opens the case picker, a case file opens its case screen.  The first frame
paints before anything heavy loads: the engine, the tables and the store are imported
and opened on thread workers (``tui.backend``), and the rule base is loaded ahead, once
the first screen is up.  Screens: case picker -> case -> item -> (dialogs, letter);
escape goes back one level, ``?``/F1 shows every key, ctrl+p the commands.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import App
from textual.binding import BindingType
from textual.screen import Screen

from tui.backend import Backend
from tui.commands import ReviewCommands
from tui.keymap import bindings


class ReviewApp(App[None]):
    """One review run over a case file or a folder of them."""

    TITLE = "imr review"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set] = {ReviewCommands}  # textual's own annotation
    BINDINGS: ClassVar[list[BindingType]] = bindings("help", "palette", "quit")

    def __init__(self, target: Path, backend: Backend, keymap: dict[str, str] | None = None,
                 started: float | None = None) -> None:
        super().__init__()
        self.target = target
        self.backend = backend
        self.keymap = dict(keymap or {})
        self.started = started if started is not None else time.perf_counter()
        self.first_paint: float | None = None  # seconds from ``started`` to the first frame
        self.case_ready: float | None = None  # seconds from ``started`` to a case screen with its items
        if self.keymap:
            self.set_keymap(self.keymap)

    def get_default_screen(self) -> Screen:
        if self.target.is_dir():
            from tui.screens.picker import CasePickerScreen

            return CasePickerScreen(self.target)
        from tui.screens.case import CaseScreen

        return CaseScreen(self.target)

    def on_mount(self) -> None:
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        if self.first_paint is None:
            self.first_paint = time.perf_counter() - self.started
        self.fit(self.size.width, self.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width, event.size.height)

    def fit(self, width: int, height: int) -> None:
        """Below ``MIN_SIZE`` a screen says the terminal is too small; it goes once the terminal is larger."""
        from tui.screens.too_small import TooSmallScreen, too_small

        showing = next((s for s in self.screen_stack if isinstance(s, TooSmallScreen)), None)
        if too_small(width, height):
            if showing is None:
                self.push_screen(TooSmallScreen())
            else:
                showing.show_size(width, height)
        elif showing is not None and self.screen is showing:
            self.pop_screen()

    def preload(self) -> None:
        """Load the rule base ahead (after the first paint), so that opening a case is quick."""
        self.run_worker(self.backend.rulebase, thread=True, group="preload", exclusive=True,
                        exit_on_error=False, description="load the tables")

    def case_opened(self, screen: Screen) -> None:
        if self.case_ready is None:
            self.case_ready = time.perf_counter() - self.started

    def open_case(self, path: Path) -> None:
        from tui.screens.case import CaseScreen

        self.push_screen(CaseScreen(path))

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(self.keymap))

    def on_unmount(self) -> None:
        self.backend.close()
