"""What every screen of the reviewer UI shares: the keys, the backend, engine work off the UI thread.

``in_worker`` runs a call into the headless core on a thread worker (the UI keeps
painting and answering keys) and hands its result back on the UI thread; a user's error
(``ImrError``: an override without a reason, a bad fact value, ...) is shown as its one
line, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual.app import SystemCommand
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Static

from engine import ImrError
from tui.keymap import SCREEN_KEYS, bindings
from tui.text import literal
from tui.words import without_location

if TYPE_CHECKING:
    from tui.app import ReviewApp
    from tui.backend import Backend

T = TypeVar("T")


class StatusLine(Static):
    """Under the content: what the last action did, or why it was refused (wrapped in a narrow terminal)."""

    DEFAULT_CSS = """
    StatusLine { height: auto; max-height: 3; padding: 0 1; background: $panel; }
    StatusLine.-error { color: $text-error; text-style: bold; }
    """


class ReviewScreen(Screen[None], inherit_bindings=False):
    """A screen with the keymap's screen keys, the backend and a status line."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(*SCREEN_KEYS)

    @property
    def review_app(self) -> ReviewApp:
        return cast("ReviewApp", self.app)

    @property
    def backend(self) -> Backend:
        return self.review_app.backend

    def in_worker(self, work: Callable[[], T], then: Callable[[T], None], description: str = "",
                  plain: bool = False) -> None:
        """Run ``work`` on a thread; ``then(result)`` on the UI thread, or the error's one line
        (``plain``: without the file and field path, for a refusal of a reviewer's action)."""

        def run() -> None:
            try:
                result = work()
            except ImrError as error:
                self.app.call_from_thread(self.say, without_location(error) if plain else str(error), error=True)
                return
            self.app.call_from_thread(then, result)

        self.run_worker(run, thread=True, group="engine", description=description)

    def say(self, message: str, *, error: bool = False) -> None:
        """Show a message in the status line (as text: it may quote a case file); errors also pop up."""
        for line in self.query(StatusLine):
            line.update(literal(message))
            line.set_class(error, "-error")
        if error:
            self.notify(message, title="Refused", severity="error", markup=False)

    def action_back(self) -> None:
        """Escape: back one level; the first screen stays (ctrl+q quits)."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.say("This is the first screen: ctrl+q quits.")

    def commands(self) -> Iterable[SystemCommand]:
        """The command palette's entries for this screen."""
        return ()
