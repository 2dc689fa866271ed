"""``imr decisions CASE``: what the review database holds for a case, and its decisions as a file.

Prints the case's audit log, oldest first (who, when, what, before and after); with
``--export FILE.json`` writes the recorded decisions and the fact edits they were made on,
which ``imr letter --decisions`` reads (``letters.review_log.DecisionsFile``): the letter
from the file is the letter from the database.  Only the database and the case file are
read: no tables.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from engine import ImrError, Location
from imr.app import fail, main
from imr.paths import prepare_out

EXAMPLES = """
\b
Examples:
  imr decisions cases/seed.yaml                       # the audit log: who, when, what, before -> after
  imr decisions cases/seed.yaml --json                # the same as JSON
  imr decisions cases/seed.yaml --export out/seed.json && imr letter cases/seed.yaml --decisions out/seed.json
"""


@main.command(epilog=EXAMPLES)
@click.argument("case", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--db", default=None, metavar="DB",
              help="Review database: a SQLite file or postgresql://...  "
              "[default: $IMR_REVIEW_DB, else the user data dir]")
@click.option("--json", "as_json", is_flag=True,
              help="Print the log as JSON (with --export: what was written, as one JSON object).")
@click.option("--export", "export_to", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the recorded decisions and fact edits to this JSON file (for imr letter --decisions).")
def decisions(case: Path, db: str | None, as_json: bool, export_to: Path | None) -> None:
    """Show the review log of CASE (decisions, overrides, fact edits, notes) from the review database."""
    from engine import load_case
    from letters import export_state
    from review import ReviewError, fold, open_store

    try:
        case_file = load_case(case)
        store = open_store(db)
        try:
            entries = store.entries(case_file.case)
            location = store.location
        finally:
            store.close()
        if export_to is not None:
            exported = export_state(case_file.case, fold(entries), len(case_file.items))
            _write(prepare_out(export_to, ReviewError, folder=False), exported.model_dump_json(indent=2) + "\n",
                   ReviewError)
            summary = {"file": str(export_to), "case": case_file.case, "decided": len(exported.decisions),
                       "items": len(case_file.items), "fact_edits": len(exported.fact_edits)}
            click.echo(json.dumps(summary) if as_json else
                       f"wrote {export_to} ({len(exported.decisions)} of {len(case_file.items)} items decided, "
                       f"{len(exported.fact_edits)} fact edits)")
            return
    except ImrError as error:
        fail(error)
    if as_json:
        click.echo(json.dumps([e.model_dump(mode="json") for e in entries], indent=2, ensure_ascii=False))
        return
    if not entries:
        click.echo(f"Case {case_file.case}: nothing recorded in {location}")
        return
    click.echo(f"Case {case_file.case}: {len(entries)} entries in {location}")
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
