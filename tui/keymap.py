"""Every key binding of the reviewer UI, each with an id, and the settings file that rebinds them.

The screens take their ``BINDINGS`` from here, so one table lists every key the UI
answers to (``imr review --keys`` prints it, the help screen shows it).  A settings file
rebinds any of them by id::

    # ~/.config/imr/review.toml  (platformdirs' user config dir; IMR_REVIEW_CONFIG overrides)
    [keys]
    accept = "y"
    override = "o,ctrl+o"      # several keys: comma-separated
    next_item = "n,right_square_bracket"

An unknown id is an error naming the file and the closest id.  Textual applies the
mapping (``App.set_keymap``), so a rebound key shows in the footer and the help screen.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding, BindingType

from engine import ImrError, Location, did_you_mean

CONFIG_ENV = "IMR_REVIEW_CONFIG"
CONFIG_NAME = "review.toml"


class SettingsError(ImrError, ValueError):
    """The settings file cannot be read or names a binding that does not exist."""


@dataclass(frozen=True)
class Key:
    """One binding: its id, default keys, action, and where it applies."""

    id: str
    keys: str
    action: str
    description: str
    scope: str  # where it applies: everywhere, lists, case picker, case, item, letter, dialogs
    show: bool = True
    priority: bool = False

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.description, show=self.show, id=self.id,
                       priority=self.priority)


KEYS: tuple[Key, ...] = (
    # everywhere
    Key("help", "question_mark,f1", "app.help", "Help", "everywhere"),
    Key("palette", "ctrl+p", "app.command_palette", "Commands", "everywhere", priority=True),
    Key("quit", "ctrl+q", "app.quit", "Quit", "everywhere", priority=True),
    Key("back", "escape", "back", "Back", "everywhere"),
    Key("next_pane", "tab", "app.focus_next", "Next pane", "everywhere", show=False),
    Key("prev_pane", "shift+tab", "app.focus_previous", "Previous pane", "everywhere", show=False),
    # lists and tables
    Key("down", "down,j", "cursor_down", "Down", "lists", show=False),
    Key("up", "up,k", "cursor_up", "Up", "lists", show=False),
    Key("left", "left", "cursor_left", "Scroll left", "lists", show=False),
    Key("right", "right", "cursor_right", "Scroll right", "lists", show=False),
    Key("page_down", "pagedown", "page_down", "Page down", "lists", show=False),
    Key("page_up", "pageup", "page_up", "Page up", "lists", show=False),
    Key("first", "home", "scroll_home", "First", "lists", show=False),
    Key("last", "end", "scroll_end", "Last", "lists", show=False),
    Key("select", "enter", "select_cursor", "Open", "lists", show=False),
    # case picker
    Key("filter", "slash", "filter", "Filter", "case picker"),
    # case
    Key("letter", "l", "letter", "Letter", "case"),
    # item
    Key("accept", "a", "accept", "Accept", "item"),
    Key("override", "o", "override", "Override", "item"),
    Key("note", "n", "note", "Note", "item"),
    Key("edit_fact", "e", "edit_fact", "Edit fact", "item"),
    Key("next_item", "right_square_bracket", "next_item", "Next item", "item"),
    Key("prev_item", "left_square_bracket", "prev_item", "Previous item", "item"),
    # letter
    Key("export_md", "m", "export('md')", "Export .md", "letter"),
    Key("export_txt", "t", "export('txt')", "Export .txt", "letter"),
    Key("export_pdf", "p", "export('pdf')", "Export .pdf", "letter"),
    # dialogs
    Key("save", "ctrl+s", "save", "Save", "dialogs"),
)

LIST_KEYS = ("down", "up", "left", "right", "page_down", "page_up", "first", "last", "select")
SCREEN_KEYS = ("back", "next_pane", "prev_pane")

_BY_ID = {k.id: k for k in KEYS}


def bindings(*ids: str) -> list[BindingType]:
    """The bindings with these ids, for a screen's ``BINDINGS``."""
    return [_BY_ID[i].binding() for i in ids]


def shown_binding(binding_id: str) -> Binding:
    """The binding with this id, shown in the footer (e.g. enter where it opens something)."""
    key = _BY_ID[binding_id]
    return Binding(key.keys, key.action, key.description, show=True, id=key.id, priority=key.priority)


def screen_binding(binding_id: str, action: str) -> Binding:
    """The binding with this id (its keys, rebindable by it) calling a screen's own action instead."""
    key = _BY_ID[binding_id]
    return Binding(key.keys, action, key.description, show=key.show, id=key.id, priority=key.priority)


# Key names as people write them (Textual's names otherwise: question_mark, slash, ...).
_KEY_WORDS = {"enter": "enter", "escape": "escape", "tab": "tab", "pagedown": "page down", "pageup": "page up",
              "home": "home", "end": "end", "up": "up", "down": "down", "left": "left", "right": "right",
              "space": "space", "delete": "delete", "backspace": "backspace"}


def key_words(key: str) -> str:
    """One key as people write it: ``question_mark`` -> ``?``, ``right_square_bracket`` -> ``]``, ``ctrl+s``."""
    from textual.keys import format_key

    *modifiers, name = key.strip().split("+")
    shown = _KEY_WORDS.get(name) or format_key(name)
    return "+".join([*modifiers, shown])


def keys_words(keys: str) -> str:
    """Comma-separated keys as people write them: ``question_mark,f1`` -> ``?, f1``."""
    return ", ".join(key_words(k) for k in keys.split(",") if k.strip())


def config_path() -> Path:
    """The settings file: $IMR_REVIEW_CONFIG, else ``review.toml`` in the user config dir."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    from platformdirs import user_config_dir

    return Path(user_config_dir("imr")) / CONFIG_NAME


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """Binding id -> keys from the settings file; no file means no change."""
    path = path or config_path()
    where = Location(str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError("cannot read the settings file", location=where, found=str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError("the settings file is not valid TOML", location=where, found=str(exc)) from None
    unknown = sorted(set(data) - {"keys"})
    if unknown:
        raise SettingsError("unknown section", location=Location(str(path), field=unknown[0]),
                            expected="[keys]", found=repr(unknown[0]))
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise SettingsError("keys must be a table", location=Location(str(path), field="keys"),
                            expected='[keys] with lines such as accept = "y"', found=repr(keys))
    keymap: dict[str, str] = {}
    for binding_id, value in keys.items():
        field = Location(str(path), field=f"keys.{binding_id}")
        if binding_id not in _BY_ID:
            raise SettingsError("unknown binding id", location=field, expected="one of " + ", ".join(_BY_ID),
                                found=repr(binding_id), hint=did_you_mean(binding_id, _BY_ID))
        if not isinstance(value, str) or not value.strip():
            raise SettingsError("a binding needs keys", location=field,
                                expected='keys as text, e.g. "y" or "o,ctrl+o"', found=repr(value))
        keymap[binding_id] = value.strip()
    return keymap


def effective_keys(keymap: dict[str, str]) -> list[tuple[Key, str]]:
    """Every binding with the keys in force (the settings file's, else the default)."""
    return [(k, keymap.get(k.id, k.keys)) for k in KEYS]
