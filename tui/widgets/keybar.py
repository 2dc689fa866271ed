"""The footer: the keys that matter on this screen, as text (a second line when one is too narrow).

Textual's ``Footer`` builds a widget per key and rebuilds them all whenever the
bindings change (every focus move), which costs most of a second on a 2-core machine
when a screen opens.  This bar renders the same information (the screen's active
bindings that are shown, with the keys in force after the settings file) as one
``Text`` and redraws it on the screen's ``bindings_updated`` signal.  A binding whose
action is not available now (``check_action`` False) is left out; one that is shown but
disabled (``None``) is dimmed.
"""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from tui.keymap import key_words
from tui.text import literal


def key_bar_text(screen: Screen, width: int = 0) -> Text:
    """The keys in force, ``key Description`` each; wrapped between keys (never inside one) to ``width``."""
    parts: list[Text] = []
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.show or binding.action in seen:
            continue
        seen.add(binding.action)
        style = "" if active.enabled else "dim"
        parts.append(Text.assemble(literal(key_words(binding.key), style="bold reverse" if active.enabled
                                        else "dim reverse"), " ", literal(binding.description, style=style)))
    if width <= 0:
        return literal("  ").join(parts)
    lines: list[Text] = [Text()]
    for part in parts:
        line = lines[-1]
        if line.cell_len and line.cell_len + 2 + part.cell_len > width:
            lines.append(Text())
            line = lines[-1]
        elif line.cell_len:
            line.append("  ")
        line.append_text(part)
    return literal("\n").join(lines)


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: auto; max-height: 3; padding: 0 1; background: $panel; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self.bindings_changed(self.screen)

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.update(key_bar_text(screen, self.size.width - 2 if self.size.width else 0))
