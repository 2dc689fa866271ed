"""``imr decisions CASE``: what the review database holds for a case, and its decisions as a file.

Prints the case's audit log, oldest first (who, when, what, before and after); with
``--export FILE.json`` writes the recorded decisions in the format ``imr letter
--decisions`` reads.  Only the database and the case file are read: no tables.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from engine.errors import ImrError, Location
from imr.app import fail, main


@main.command()
@click.argument("case", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Review database (SQLite).  [default: $IMR_REVIEW_DB, else the user data dir]")
@click.option("--json", "as_json", is_flag=True, help="Print the log as JSON.")
@click.option("--export", "export_to", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the recorded decisions to this JSON file (for imr letter --decisions).")
def decisions(case: Path, db: Path | None, as_json: bool, export_to: Path | None) -> None:
    """Show the review log of CASE (decisions, overrides, fact edits, notes) from the review database."""
    from engine.cases.loader import load_case
    from review import SqliteReviewStore, fold
    from review.errors import ReviewError
    from review.status import recorded_decisions

    try:
        case_file = load_case(case)
        with SqliteReviewStore(db) as store:
            entries = store.entries(case_file.case)
        if export_to is not None:
            recorded = recorded_decisions(fold(entries), len(case_file.items))
            data = [d.model_dump(mode="json") for _, d in sorted(recorded.items())]
            _write(export_to, json.dumps(data, indent=2, ensure_ascii=False) + "\n", ReviewError)
            click.echo(f"wrote {export_to} ({len(data)} of {len(case_file.items)} items decided)")
            return
    except ImrError as error:
        fail(error)
    if as_json:
        click.echo(json.dumps([e.model_dump(mode="json") for e in entries], indent=2, ensure_ascii=False))
        return
    if not entries:
        click.echo(f"Case {case_file.case}: nothing recorded in {store.location}")
        return
    click.echo(f"Case {case_file.case}: {len(entries)} entries in {store.location}")
    for e in entries:
        what = f"{e.kind} {e.fact}" if e.fact else e.kind
        click.echo(f"#{e.id} {e.recorded_at:%Y-%m-%d %H:%M:%S} UTC {e.reviewer} items[{e.item}] {what}: "
                   f"{_shown(e.before)} -> {_shown(e.after)}")


def _shown(value: dict[str, Any] | None) -> str:
    return "none" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _write(path: Path, text: str, error: type[ImrError]) -> None:
    """Write through a temporary file in the same folder and rename it over the target (owner only)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise error("no such folder", location=Location(str(path)), expected="an existing folder",
                    found=str(folder))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise error("cannot write the decisions file", location=Location(str(path)),
                    found=exc.strerror or str(exc)) from None
