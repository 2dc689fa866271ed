"""``imr decide CASE``: the proposed determination of every disputed item.

CASE is a case file or a folder of them.  For one file the report is per item; for a
folder it is one line per item (``--json``: a list with one object per case).
"""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import json
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import click

from engine import ImrError
from imr.app import DEFAULT_TABLES, DateParam, fail, main, tables_option
from imr.explain_text import explanation_lines

if TYPE_CHECKING:
    from engine import CaseDetermination, Rulebase


EXAMPLES = """
\b
Examples:
  imr decide cases/seed.yaml --as-of 2016-08-01   # the guideline editions in effect on that date
  imr decide cases/ --json > decided.json    # a folder: one object per case, {"file", "error"} for a broken one
  imr decide cases/seed.yaml --explain       # also every row of each item's tables, and why it fired or not
"""


@main.command(epilog=EXAMPLES)
@click.argument("case", type=click.Path(path_type=Path))
@tables_option
@click.option("--as-of", type=DateParam(), default=None,
              help="Evaluate with the guideline editions in effect on this date."
              "  [default: each case's UR decision date]")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--explain", is_flag=True,
              help="Also show every row of each item's tables: fired, not fired on which cell, "
                   "or undecided for want of which facts (JSON: each item's \"explanation\").")
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="For a folder: decide the case files in N worker processes."
              "  [default: the number of cores]")
def decide(case: Path, tables: tuple[Path, ...], as_of: dt.date | None, as_json: bool, explain: bool,
           workers: int | None) -> None:
    """Propose a determination for each disputed item of CASE.

    CASE is a YAML or JSON case file (docs/cases.md), or a folder of them.  For each
    item it prints the outcome (Upheld, Overturned, or Undecided when documentation is
    missing), the rows that fired with their citations, and the missing facts with the
    question to ask.
    """
    from engine import load_rulebase

    _no_collection_at_exit()
    try:
        rulebase = load_rulebase(list(tables) or [DEFAULT_TABLES])
        if not case.is_dir():
            result = _decide_file(rulebase, case, as_of, explain)
    except ImrError as error:
        fail(error)
    if case.is_dir():
        _decide_folder(rulebase, case, as_of, as_json, explain, workers)
        return
    if as_json:
        click.echo(json.dumps(_as_json(result, explain), indent=2))
    else:
        _print_report(result)
    if _item_errors([result]):
        sys.exit(2)


@cache
def _no_collection_at_exit() -> None:
    """At exit, everything still alive is left out of the cycle collector's last walk.

    The rule base and the decided cases live until the process ends, and the walk Python
    makes over every object at exit frees nothing that the end of the process does not
    (Python never promises ``__del__`` at exit; ``weakref.finalize`` and ``atexit`` still
    run).  Measured: 4% of a warm ``imr decide cases/seed.yaml`` (82 M of 2.13 G
    instructions, callgrind).  Registered once per process, so callers in the same
    process (the tests) keep their collector until they exit.
    """
    atexit.register(gc.freeze)


def _decide_file(rulebase: Rulebase, path: Path, as_of: dt.date | None, explain: bool) -> CaseDetermination:
    from engine import determine_case, load_case

    return determine_case(rulebase, load_case(path), str(path), as_of, explain=explain)


def _as_json(result: CaseDetermination, explain: bool) -> dict[str, object]:
    """The determination as JSON; each item's ``explanation`` only when asked for."""
    return result.model_dump(mode="json", exclude=None if explain else {"items": {"__all__": {"explanation"}}})


def _decide_folder(rulebase: Rulebase, folder: Path, as_of: dt.date | None, as_json: bool, explain: bool,
                   workers: int | None) -> None:
    """Every case file in the folder; a bad file is reported and the others still decided.

    The files are decided in ``workers`` forked processes (default: one per core; the
    rule engine holds the GIL, so threads would not help); each sends back its
    determinations as JSON, printed here in file order.
    """
    from engine import CASE_SUFFIXES, CaseDetermination, CaseFieldError, case_files, default_workers, map_forked

    paths = case_files(folder)
    if not paths:
        fail(CaseFieldError(str(folder), None, "no case files in the folder",
                            expected="files ending " + ", ".join(CASE_SUFFIXES), found="none"))

    def decided(path: Path) -> dict[str, object]:
        try:
            return _as_json(_decide_file(rulebase, path, as_of, explain), explain)
        except ImrError as error:
            return {"file": str(path), "case": None, "error": str(error)}

    results = []
    # --json: each case, or {"file", "case": null, "error"} for a broken one
    entries = map_forked(decided, paths, workers or default_workers())
    failed = 0
    for path, entry in zip(paths, entries, strict=True):
        if entry.get("case") is None and "error" in entry:
            click.echo(f"error: {entry['error']}", err=True)
            failed += 1
            continue
        result = CaseDetermination.model_validate(entry)
        results.append(result)
        if not as_json:
            for item in result.items:
                click.echo(f"{path}: {result.case}: {item.item}: {item.outcome}")
                for line in explanation_lines(item, indent=2):
                    click.echo(line)
    if as_json:
        click.echo(json.dumps(entries, indent=2))
    if _item_errors(results) or failed:
        sys.exit(2)


def _item_errors(results: list[CaseDetermination]) -> int:
    """Print, after everything else, the error of each item that could not be decided; how many."""
    errors = [item.error for result in results for item in result.items if item.error]
    for error in errors:
        click.echo(f"error: {error}", err=True)
    return len(errors)


def _print_report(result: CaseDetermination) -> None:
    basis = result.as_of_basis
    note = "" if basis in ("UR decision", "--as-of") else (
        f": the records give no UR decision date, so the {basis} date" if basis != "today"
        else ": the records give no date at all, so today")
    click.echo(f"Case {result.case} (as of {result.as_of.isoformat()}{note})")
    for item in result.items:
        click.echo("")
        click.echo(f"{item.item}: {item.outcome}")
        q = item.quantities
        if q.approved:
            click.echo(f"  UR approved {q.approved} of {q.requested}; in dispute: {q.disputed}")
        if item.follows is not None:
            click.echo(f"  follows: {item.follows.note}")
        if item.error:
            click.echo(f"  not decided: {item.error}")
        else:
            click.echo(f"  decided by table {item.table!r} (edition {item.edition})")
        for warning in item.warnings:
            click.echo(f"  warning: {warning}")
        if item.violation:
            click.echo(f"  hit policy violation: {item.violation}")
        for row in item.fired_rows:
            click.echo(f"  fired: {row.table} rule {row.rule} ({row.address})")
            if row.citation:
                click.echo(f"    citation: {row.citation}")
            if row.rationale:
                click.echo(f"    rationale: {row.rationale}")
            for absent in row.absent_facts:
                click.echo(f"    not documented: {absent.name}, taken as {_words(absent.taken_as)}")
        for fact in item.missing_facts:
            taken = f" (not documented, taken as {_words(fact.taken_as)})" if fact.assumed else ""
            click.echo(f"  missing: {fact.name}{taken}" + (f": {fact.question}" if fact.question else ""))
        if item.explanation is not None:
            click.echo("  why, row by row:")
            for line in explanation_lines(item):
                click.echo(line)


def _words(value: object) -> str:
    """A value taken from an absence rule, as a reviewer reads it: yes, no, not stated, 0."""
    if value is None:
        return "not stated"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
