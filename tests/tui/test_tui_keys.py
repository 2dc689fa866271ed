"""Keys: every binding has an id, the settings file rebinds them, help and the command palette."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, OptionList
from tui_pilot import SEED, SIZE, flat, pilot_test, press, screen_text, settle

from tui import keymap
from tui.app import ReviewApp
from tui.keymap import KEYS, SettingsError, load_keymap
from tui.screens.base import ReviewScreen
from tui.screens.case import CaseScreen
from tui.screens.dialogs import ActionDialog
from tui.screens.help import HelpScreen
from tui.screens.item import ItemScreen
from tui.screens.letter import LetterScreen
from tui.screens.picker import CasePickerScreen
from tui.widgets.keytable import KeyOptionList, KeyTable


def test_binding_ids_are_unique():
    ids = [k.id for k in KEYS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("cls", [ReviewApp, ReviewScreen, CasePickerScreen, CaseScreen, ItemScreen, LetterScreen,
                                 HelpScreen, ActionDialog, KeyTable, KeyOptionList])
def test_every_binding_of_the_ui_has_an_id(cls):
    merged = cls._merge_bindings()
    bindings = [b for _key, group in merged.key_to_bindings.items() for b in group]
    assert bindings
    assert all(b.id in {k.id for k in KEYS} for b in bindings if not b.system), cls
    if cls in (KeyTable, KeyOptionList):  # the widgets' own unnamed keys are replaced, j and k added
        assert {b.action for b in bindings} >= {"cursor_down", "cursor_up", "select_cursor"}
        assert {"j", "k", "down", "up", "enter"} <= set(merged.key_to_bindings)
        assert any(b.id is None for group in DataTable._merge_bindings().key_to_bindings.values() for b in group)
        assert any(b.id is None for group in OptionList._merge_bindings().key_to_bindings.values() for b in group)


def test_settings_file_rebinds_by_id(tmp_path):
    path = tmp_path / "review.toml"
    path.write_text('[keys]\naccept = "y"\nnext_item = "n,ctrl+n"\n')
    assert load_keymap(path) == {"accept": "y", "next_item": "n,ctrl+n"}
    assert load_keymap(tmp_path / "absent.toml") == {}


@pytest.mark.parametrize(("text", "message"), [
    ('[keys]\naccpet = "y"\n', "unknown binding id: expected one of help, palette"),
    ('[keys]\naccept = ""\n', "a binding needs keys"),
    ("[keys]\naccept = \n", "the settings file is not valid TOML"),
    ('[colours]\na = "b"\n', "unknown section: expected [keys]"),
])
def test_a_bad_settings_file_is_one_line_naming_the_file(tmp_path, text, message):
    path = tmp_path / "review.toml"
    path.write_text(text)
    with pytest.raises(SettingsError) as caught:
        load_keymap(path)
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)
    if "accpet" in text:
        assert "did you mean 'accept'?" in str(caught.value)


def test_the_settings_file_is_under_the_user_config_dir(monkeypatch):
    monkeypatch.delenv(keymap.CONFIG_ENV)
    assert keymap.config_path().name == "review.toml" and "imr" in keymap.config_path().parts


@pilot_test
async def test_a_rebound_key_works_and_the_old_one_does_not(backend):
    app = ReviewApp(SEED, backend(), keymap={"accept": "y", "down": "ctrl+j"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+j", "enter")
        assert isinstance(app.screen, ItemScreen) and app.screen.index == 1
        assert "y Accept" in flat(screen_text(app))
        await press(pilot, "a")
        assert app.screen.snapshot.view.decision is None
        await press(pilot, "y")
        assert app.screen.snapshot.view.decision.outcome == "Overturned"


@pilot_test
async def test_help_lists_the_keys_in_force(backend):
    app = ReviewApp(SEED, backend(), keymap={"override": "ctrl+o"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = flat(screen_text(app))
        assert "ctrl+o Override [override]" in text and "fired (every cell passes)" in text
        for written in ("?, f1 Help [help]", "/ Filter [filter]", "] Next item [next_item]",
                        "[ Previous item [prev_item]", "enter Open [select]", "page down Page down"):
            assert written in text, written
        assert "question_mark" not in text and "right_square_bracket" not in text and "slash" not in text
        await press(pilot, "escape")
        assert isinstance(app.screen, CaseScreen)
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "f1")
        assert isinstance(app.screen, CaseScreen)


@pilot_test
async def test_command_palette_goes_to_an_item(backend):
    app = ReviewApp(SEED, backend())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await pilot.press(*"go to item 2")
        await settle(pilot)
        await pilot.pause(0.3)  # the palette searches on a timer
        await press(pilot, "enter")
        assert isinstance(app.screen, ItemScreen) and app.screen.index == 1


@pilot_test
async def test_the_ui_answers_keys_while_the_tables_load(db, out):
    """The tables load on a worker (about a second): the help screen comes up meanwhile."""
    from textual import events

    from tui.backend import Backend

    app = ReviewApp(SEED, Backend(tables=["tables"], db=db, out=out))
    case_ready_when_help_showed: list[float | None] = []

    def hook(message: object) -> None:
        if isinstance(message, events.ScreenResume) and isinstance(app.screen, HelpScreen):
            case_ready_when_help_showed.append(app.case_ready)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.press("question_mark")
        await settle(pilot)
        assert case_ready_when_help_showed == [None], "the help screen came up before the case was evaluated"
        await press(pilot, "escape")
        assert app.case_ready is not None and "0 of 2 decided" in flat(screen_text(app))


def test_imr_review_keys_shows_keys_as_written_and_the_settings_names(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from imr.cli import main

    settings = tmp_path / "review.toml"
    monkeypatch.setenv(keymap.CONFIG_ENV, str(settings))
    shown = CliRunner().invoke(main, ["review", "--keys"])
    assert shown.exit_code == 0, shown.output
    lines = {line.split()[0]: line for line in shown.output.splitlines() if line.strip()}
    assert lines["next_item"].split()[1] == "]" and lines["next_item"].endswith("right_square_bracket")
    assert lines["help"].split()[1:3] == ["?,", "f1"]
    assert f"settings file: {settings} (not there yet" in shown.output
    settings.write_text('[keys]\naccept = "a,y"\n', encoding="utf-8")
    rebound = CliRunner().invoke(main, ["review", "--keys"])
    line = next(line for line in rebound.output.splitlines() if line.startswith("accept "))
    assert line.split()[1:3] == ["a,", "y"] and line.endswith("a,y")
    assert "not there yet" not in rebound.output
