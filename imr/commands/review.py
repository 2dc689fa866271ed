"""``imr review [CASE | FOLDER]``: the reviewer's terminal UI (docs/tui.md).

Opens the case picker for a folder (default ``cases/``) or the case screen for a case
file.  Decisions, overrides, fact edits and notes go to the review database (``--db``:
a SQLite file or ``postgresql://...``, else $IMR_REVIEW_DB, else the user data dir) as
they are made, so quitting and reopening resumes.  Only the UI's modules are imported
here, lazily: the first frame paints before the engine loads.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from engine import ImrError
from imr.app import DEFAULT_TABLES, fail, main, tables_option

if TYPE_CHECKING:
    from tui.keymap import Key

DEFAULT_CASES = Path("cases")
EXAMPLES = """
\b
Examples:
  imr review                                   # the case picker over cases/
  imr review cases/seed.yaml --reviewer reviewers/example.yaml --out letters-out/
  imr review --keys                            # every key binding, and the settings file to change them
"""


@main.command(epilog=EXAMPLES)
@click.argument("case", type=click.Path(exists=True, path_type=Path), default=DEFAULT_CASES)
@tables_option
@click.option("--db", default=None, metavar="DB",
              help="Review database: a SQLite file, sqlite:///PATH or postgresql://USER@HOST/DB.  "
                   "[default: $IMR_REVIEW_DB, else the user data dir]")
@click.option("--as", "name", default=None, metavar="NAME",
              help="The reviewer's name recorded with each action.  [default: $USER]")
@click.option("--reviewer", "profile", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Expert reviewer profile (YAML) for the letter, as for imr letter.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="Folder the letter is exported into (created on export).  [default: the current folder]")
@click.option("--keys", "show_keys", is_flag=True, help="Print every key binding (id, keys, what) and exit.")
def review(case: Path, tables: tuple[Path, ...], db: str | None, name: str | None, profile: Path | None,
           out: Path, show_keys: bool) -> None:
    """Review CASE (a case file) or the case files of a FOLDER in the terminal.

    Keys: ? or F1 help, ctrl+p commands, escape back, a accept, o override, n note,
    e edit fact, [ and ] previous and next item, l letter.  Rebind them in the settings
    file (imr review --keys prints them and the file's path).
    """
    started = time.perf_counter()
    from tui.keymap import config_path, effective_keys, load_keymap

    try:
        keymap = load_keymap()
    except ImrError as error:
        fail(error)
    if show_keys:
        _print_keys(effective_keys(keymap), config_path())
        return
    from tui.app import ReviewApp
    from tui.backend import Backend, ui_notifier

    backend = Backend(tables=list(tables) or [DEFAULT_TABLES], db=db, reviewer=name, profile=profile, out=out)
    app = ReviewApp(case, backend, keymap, started=started)
    backend.on_store_event = ui_notifier(app)  # "reconnecting to ..." while the team server is away
    app.run()


def _print_keys(bindings: list[tuple[Key, str]], settings: Path) -> None:
    """The bindings as people write the keys, the names the settings file takes, and the file."""
    from tui.keymap import keys_words

    click.echo(f"{'binding':<12} {'keys':<14} {'where':<12} {'what':<16} in the settings file")
    for key, keys in bindings:
        click.echo(f"{key.id:<12} {keys_words(keys):<14} {key.scope:<12} {key.description:<16} {keys}")
    state = "" if settings.is_file() else " (not there yet: the keys above are the defaults)"
    click.echo(f"\nsettings file: {settings}{state}")
    click.echo('to rebind, give bindings their keys in a [keys] table there, for example:\n  [keys]\n  accept = "a,y"')
