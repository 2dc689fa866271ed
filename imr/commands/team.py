"""A review team's commands: ``imr assign``, ``imr queue``, ``imr qa-note``, ``imr audit verify``, ``imr store``.

Each takes ``--db`` (a SQLite file, ``sqlite:///PATH`` or ``postgresql://...``; default
``$IMR_REVIEW_DB``, else the user's SQLite file) and ``--as`` (the name recorded, default
``$USER``), as ``imr review`` does.  docs/review-store.md says how a team sets up the server.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from engine import ImrError
from imr.app import fail, main

DB_HELP = ("Review database: a SQLite file, sqlite:///PATH or postgresql://USER@HOST/DB.  "
           "[default: $IMR_REVIEW_DB, else the user data dir]")


ASSIGN_EXAMPLES = """
\b
Examples:
  imr assign cases/cm16-0903318.yaml cases/cm16-0915002.yaml --to alice --as lead   # logged in each case's trail
  imr assign cases/seed.yaml --to bob --db postgresql://lead@reviews/imr             # on the team server
"""

QUEUE_EXAMPLES = """
\b
Examples:
  imr queue cases/ --as alice                 # assigned to alice, unassigned, waiting for QA
  imr queue cases/ --json                     # the same as JSON
"""

QA_NOTE_EXAMPLES = """
\b
Examples:
  imr qa-note cases/seed.yaml 1 "Rationale checked against the MTUS." --as nurse_q
  imr qa-note cases/seed.yaml 0 "Ask for the PR-2 of May." --db postgresql://nurse_q@reviews/imr
"""

AUDIT_EXAMPLES = """
\b
Examples:
  imr audit verify --db postgresql://qa@reviews/imr       # every case's hash chain
  imr audit verify --write-heads heads-2026-12-06.txt      # beside tonight's backup
"""

VERIFY_EXAMPLES = """
\b
Examples:
  imr audit verify --db postgresql://qa@reviews/imr       # every case's hash chain
  imr audit verify --write-heads heads-2026-12-06.txt      # beside tonight's backup
  imr audit verify --heads heads-2026-12-06.txt            # also catch entries removed at the end of a case
"""

STORE_EXAMPLES = """
\b
Examples:
  imr store init --db postgresql://imr_owner@reviews/imr   # once, as the database owner
  imr store copy --from sqlite:///reviews.sqlite3 --to postgresql://alice@reviews/imr
"""

INIT_EXAMPLES = """
\b
Examples:
  imr store init --db postgresql://imr_owner@reviews/imr   # the schema, the triggers, the group roles
  imr store init --db reviews.sqlite3                      # a SQLite file, created and checked
"""

COPY_EXAMPLES = """
\b
Examples:
  imr store copy --from sqlite:///reviews.sqlite3 --to postgresql://alice@reviews/imr
  imr store copy --from ~/.local/share/imr/reviews.sqlite3 --to backup.sqlite3
"""


def db_option(function: Any) -> Any:
    return click.option("--db", default=None, metavar="DB", help=DB_HELP)(function)


def as_option(function: Any) -> Any:
    return click.option("--as", "name", default=None, metavar="NAME",
                        help="The name recorded (and whose queue).  [default: $USER]")(function)


def _with_store(location: str | None, work: Callable[[Any], Any]) -> Any:
    from review import open_store

    try:
        store = open_store(location)
        try:
            return work(store)
        finally:
            store.close()
    except ImrError as error:
        fail(error)


@main.command(epilog=ASSIGN_EXAMPLES)
@click.argument("cases", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--to", "to", required=True, metavar="REVIEWER", help="The reviewer the cases are assigned to.")
@db_option
@as_option
def assign(cases: tuple[Path, ...], to: str, db: str | None, name: str | None) -> None:
    """Assign the CASES (case files) to a REVIEWER; logged in each case's audit trail."""
    from review import assign as assign_cases
    from review import reviewer_name

    stored = _with_store(db, lambda store: assign_cases(store, list(cases), to, reviewer_name(name)))
    for entry in stored:
        was = f" (was {entry.before['to']})" if entry.before else ""
        click.echo(f"{entry.case}: assigned to {entry.after['to']}{was}")


@main.command(epilog=QUEUE_EXAMPLES)
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("cases"))
@db_option
@as_option
@click.option("--json", "as_json", is_flag=True, help="Print the queue as JSON.")
def queue(folder: Path, db: str | None, name: str | None, as_json: bool) -> None:
    """The cases of FOLDER assigned to me, unassigned, and waiting for QA."""
    from review import queue as queue_of
    from review import reviewer_name

    me = reviewer_name(name)
    found = _with_store(db, lambda store: queue_of(folder, store, me))
    if as_json:
        click.echo(json.dumps({title: [s.model_dump(mode="json") for s in statuses]
                               for title, statuses in found.sections()}, indent=2))
        return
    for title, statuses in found.sections():
        click.echo(f"{title}: {len(statuses)}")
        for s in statuses:
            who = f", assigned to {s.assignee}" if s.assignee and title != f"assigned to {me}" else ""
            click.echo(f"  {s.case}  {s.status} ({s.decided} of {s.total}){who}  {s.path}")


@main.command("qa-note", epilog=QA_NOTE_EXAMPLES)
@click.argument("case", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("item", type=int)
@click.argument("text")
@db_option
@as_option
def qa_note(case: Path, item: int, text: str, db: str | None, name: str | None) -> None:
    """Add the QA reviewer's note TEXT on ITEM (0-based) of CASE; it changes no decision."""
    from review import qa_note as add_note
    from review import reviewer_name

    entry = _with_store(db, lambda store: add_note(store, case, item, text, reviewer_name(name)))
    click.echo(f"{entry.case} items[{entry.item}]: QA note #{entry.id} by {entry.reviewer}")


@main.group(epilog=AUDIT_EXAMPLES)
def audit() -> None:
    """The audit trail: check its hash chain."""


@audit.command(epilog=VERIFY_EXAMPLES)
@db_option
@click.option("--heads", "heads_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Heads written earlier (--write-heads): also catch entries removed at the end of a case.")
@click.option("--write-heads", "write_heads", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write each case's head (count and last hash) to this file, e.g. beside a backup.")
def verify(db: str | None, heads_file: Path | None, write_heads: Path | None) -> None:
    """Recompute every case's hash chain; exit 1 naming each entry changed or removed."""
    from review import compare_heads, heads_text
    from review import verify_chain as verify_case

    def check(store: Any) -> tuple[str, list[Any]]:
        return store.location, [verify_case(case, store.entries(case)) for case in store.cases()]

    location, chains = _with_store(db, check)
    problems = [str(b) for chain in chains for b in chain.breaks]
    if heads_file is not None:
        problems += compare_heads(heads_file.read_text(encoding="utf-8"), chains)
    if write_heads is not None:
        write_heads.write_text(heads_text(chains), encoding="utf-8")
    entries = sum(c.count for c in chains)
    if problems:
        for problem in problems:
            click.echo(f"{location}: {problem}", err=True)
        click.echo(f"{location}: the audit trail is NOT intact: {len(problems)} problem(s) in {entries} entries "
                   f"of {len(chains)} cases", err=True)
        raise SystemExit(1)
    click.echo(f"{location}: the audit trail is intact: {entries} entries in {len(chains)} cases, every hash chains")


@main.group(epilog=STORE_EXAMPLES)
def store() -> None:
    """The review store: set up the team server, copy a reviewer's history into it."""


@store.command(epilog=INIT_EXAMPLES)
@db_option
def init(db: str | None) -> None:
    """Create the store's schema and group roles (run once, as the database owner)."""

    def describe(opened: Any) -> str:
        lines = [f"{opened.location}: review store ready (schema version {opened.schema_version()})"]
        roles = getattr(opened, "roles", None)
        if roles is not None:
            from review import postgres_role_names as role_names

            reviewer, qa = role_names(roles)
            lines.append(f"reviewers: GRANT {reviewer} TO <login>;  QA: GRANT {qa} TO <login>;")
        return "\n".join(lines)

    click.echo(_with_store(db, describe))


@store.command(epilog=COPY_EXAMPLES)
@click.option("--from", "source", required=True, metavar="DB", help="The store to copy from.")
@click.option("--to", "target", required=True, metavar="DB", help="The store to copy into.")
def copy(source: str, target: str) -> None:
    """Copy every entry of one store into another, each case's hash chain kept (re-runs copy what is new)."""
    from review import copy_store, open_store

    try:
        src = open_store(source)
        try:
            dst = open_store(target)
            try:
                report = copy_store(src, dst)
            finally:
                dst.close()
        finally:
            src.close()
    except ImrError as error:
        fail(error)
    click.echo(f"copied {report.copied} entries of {report.cases} cases from {src.location} to {dst.location} "
               f"({report.already} already there)")
