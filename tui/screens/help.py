"""Help (? or F1): every key in force, by where it applies, and the settings file that rebinds them."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keymap import bindings, config_path, effective_keys, keys_words
from tui.text import literal

INTRO = (
    "imr review: decide each disputed item, then export the letter. Row states are written out: "
    "fired (every cell passes), not fired (a cell fails on a documented value), undecided (a fact "
    "is not documented). 'selected' marks the row that decides, as the table's title says "
    "(e.g. the first matching row decides). The name in brackets is what the settings file rebinds."
)


def help_text(keymap: dict[str, str]) -> Text:
    lines = [literal(INTRO), literal("")]
    scope = None
    for key, keys in effective_keys(keymap):
        if key.scope != scope:
            scope = key.scope
            lines.append(literal(scope, style="bold underline"))
        lines.append(Text.assemble(f"  {keys_words(keys):<20}", literal(key.description),
                                   literal(f"  [{key.id}]", style="dim")))
    lines.append(literal(""))
    lines.append(Text.assemble("Rebind any key by its id in ", literal(str(config_path()), style="bold"),
                               ', e.g. [keys] accept = "y". See docs/tui.md.'))
    return literal("\n").join(lines)


class HelpScreen(ModalScreen[None], inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = bindings("back", "help")

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help-box { width: 90%; height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
    """

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(help_text(self.keymap))

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        self.dismiss(None)
