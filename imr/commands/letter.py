"""``imr letter CASE``: the final determination letter of a case, as Markdown, text or PDF.

The letter is built as ``imr review`` builds it (``letters.review_log.review_letter``): on a
review session over the review store (``--db``, the same default as ``imr review``), so the
reviewer's decisions *and* fact edits are in it and the two give the same letter byte for
byte; or over a decisions file ``imr decisions --export`` wrote (``--decisions``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from engine import ImrError, Location
from imr.app import DEFAULT_TABLES, DateParam, fail, main, tables_option
from imr.paths import prepare_out

if TYPE_CHECKING:
    from engine import CaseFile
    from review import ReviewStore

FORMATS = ("md", "txt", "pdf")
EXAMPLES = """
\b
Examples:
  imr letter cases/seed.yaml --reviewer reviewers/example.yaml   # text to the terminal; the profile is remembered
  imr letter cases/seed.yaml --format pdf --out letters-out/     # the reviewer's decisions from the review store
  imr letter cases/seed.yaml --decisions seed-decisions.json     # from a file imr decisions --export wrote
"""


@main.command(epilog=EXAMPLES)
@click.argument("case", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="txt", show_default=True,
              help="Markdown, plain text or PDF.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="A folder (the file is named <case number>-letter.<format>; created if missing) or a file.  "
              "[default: standard output; a PDF needs --out]")
@click.option("--reviewer", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Expert reviewer profile (YAML), e.g. reviewers/example.yaml; remembered for the reviewer "
              "(--as), so give it once.  [default: the one remembered]")
@click.option("--as", "name", default=None, metavar="NAME",
              help="The reviewer, as in imr review --as.  [default: $USER]")
@click.option("--db", default=None, metavar="DB",
              help="Review database: a SQLite file or postgresql://...  "
              "[default: $IMR_REVIEW_DB, else the user data dir, as imr review]")
@click.option("--decisions", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Instead of the review database: a file imr decisions --export wrote (decisions and fact edits).")
@tables_option
@click.option("--date", "decided", type=DateParam(), default=None,
              help="Decision date printed in the header.  [default: today]")
@click.option("--json", "as_json", is_flag=True,
              help="With --out: report the file written as one JSON object (file, final, why not, warnings).")
def letter(case: Path, fmt: str, out: Path | None, reviewer: Path | None, name: str | None, db: str | None,
           decisions: Path | None, tables: tuple[Path, ...], decided: dt.date | None, as_json: bool) -> None:
    """Render the final determination letter of CASE.

    Each disputed item shows the reviewer's recorded decision when the review database
    (or --decisions) has one, decided on the facts as the reviewer edited them;
    otherwise the proposed determination, marked "(proposed)".  An item the tables
    cannot decide shows the questions the records must answer, and the letter is
    marked NOT FINAL; so is a letter with a decision made on another proposal than
    the current one (it must be re-confirmed in imr review).
    """
    from engine import load_case, load_rulebase
    from letters import LetterError, choose_profile, render, review_letter
    from letters import export_letter as export
    from review import ReviewSession, reviewer_name

    who = reviewer_name(name)
    try:
        if fmt == "pdf" and out is None:
            raise LetterError("a PDF is not written to the terminal", expected="--out FOLDER or --out FILE.pdf")
        if as_json and out is None:
            raise LetterError("--json reports the file written", expected="--out FOLDER or --out FILE",
                              found="no --out (the letter itself goes to standard output)")
        if decisions is not None and db is not None:
            raise LetterError("--db and --decisions both name the reviewer's decisions",
                              expected="one of them", found="both")
        chosen = choose_profile(who, reviewer)
        case_file = load_case(case)
        rulebase = load_rulebase(list(tables) or [DEFAULT_TABLES])
        store = _decisions_log(decisions, case_file, str(case)) if decisions is not None else _review_store(db)
        try:
            session = ReviewSession(case_file, str(case), rulebase, store, who)
            document = review_letter(session, chosen.profile, decided or dt.date.today())
        finally:
            store.close()
        data = render(document, fmt)  # type: ignore[arg-type]  # click.Choice checked it
        written = None if out is None else export(prepare_out(out, LetterError), case_file.case, fmt, data)
    except ImrError as error:
        fail(error)
    warnings = [*session.resume.warnings, *([chosen.warning] if chosen.warning else [])]
    if as_json and written is not None:
        click.echo(json.dumps({"file": str(written), "case": case_file.case, "format": fmt, "final": document.final,
                               "not_final_reason": None if document.final else document.not_final_reason,
                               "warnings": warnings}, indent=2))
        return
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if written is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    click.echo(f"wrote {written}" + ("" if document.final else f" ({document.not_final_reason})"))


def _decisions_log(path: Path, case_file: CaseFile, source: str) -> ReviewStore:
    from letters import LogStore, load_decisions_file, log_entries

    return LogStore(log_entries(load_decisions_file(path, case_file), case_file, source), str(path))


def _review_store(db: str | None) -> ReviewStore:
    """The review store ``--db`` names (default as ``imr review``); a default SQLite file not made yet is empty.

    Printing a letter does not create a review database: an explicit ``--db`` file that does
    not exist is an error, the default one that does not exist yet holds nothing.
    """
    from letters import LogStore
    from review import ReviewStoreError, open_store, store_kind

    if store_kind(db) == "sqlite":
        path = _sqlite_file(db)
        if not path.exists():
            if db is None:
                return LogStore(location=str(path))
            raise ReviewStoreError("no such review database", location=Location(str(path)),
                                   expected="an existing file (imr review --db FILE writes it)", found="no file")
    return open_store(db)


def _sqlite_file(db: str | None) -> Path:
    from review import DB_ENV_VAR as ENV_VAR
    from review import default_db_path

    text = db.strip() if db and db.strip() else os.environ.get(ENV_VAR, "").strip()
    if not text:
        return default_db_path()
    if text.lower().startswith("sqlite://"):
        text = text.partition("://")[2][1:]
    return Path(text).expanduser()
