"""Shown over everything while the terminal is smaller than the UI can be read in; it goes by itself."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keymap import bindings

MIN_SIZE = (60, 20)  # columns, lines: below this the item screen cannot show the proposal and a pane


def too_small_words(width: int, height: int) -> str:
    return (f"This terminal is {width}x{height}: imr review needs at least {MIN_SIZE[0]}x{MIN_SIZE[1]}. "
            "Make the window larger (nothing is lost meanwhile), or press ctrl+q to quit.")


def too_small(width: int, height: int) -> bool:
    return width < MIN_SIZE[0] or height < MIN_SIZE[1]


class TooSmallScreen(ModalScreen[None], inherit_bindings=False):
    """Says the terminal is too small, and how large it must be; keys other than quit wait."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("quit")

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen #too-small { width: 100%; height: auto; padding: 0 1; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.show_size(self.app.size.width, self.app.size.height)

    def show_size(self, width: int, height: int) -> None:
        self.query_one("#too-small", Static).update(too_small_words(width, height))
