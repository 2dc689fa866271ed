"""``imr``: decide cases against the guideline tables from the command line.

Every error a user can cause prints as one line (where, expected, found) and exits
with status 2; no traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from engine.errors import ImrError

DEFAULT_TABLES = Path("tables")


class _DateParam(click.ParamType):
    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"expected a date such as 2015-04-01, found {value!r}", param, ctx)


def _fail(error: ImrError) -> None:
    click.echo(f"error: {error}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="imr-rules", prog_name="imr")
def main() -> None:
    """Decision tables for California workers' compensation Independent Medical Review."""


@main.command()
@click.argument("case", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--tables", "tables", type=click.Path(path_type=Path), multiple=True,
              help="Workbook or folder of workbooks (repeatable).  [default: tables/]")
@click.option("--as-of", type=_DateParam(), default=None,
              help="Evaluate with the guideline editions in effect on this date."
              "  [default: the case's UR decision date]")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object instead of text.")
def decide(case: Path, tables: tuple[Path, ...], as_of: dt.date | None, as_json: bool) -> None:
    """Propose a determination for each disputed item of CASE.

    CASE is a YAML or JSON case file.  For each item it prints the outcome (Upheld,
    Overturned, or Undecided when documentation is missing), the rows that fired with
    their citations, and the missing facts with the question to ask.
    """
    from engine.cases.case_file import load_case
    from engine.cases.determination import determine_item
    from engine.compiler.rulebase import load_rulebase

    try:
        case_file = load_case(case)
        rulebase = load_rulebase(list(tables) or [DEFAULT_TABLES])
        results = [
            determine_item(rulebase, case_file, item, i, str(case), as_of)[0]
            for i, item in enumerate(case_file.items)
        ]
    except ImrError as error:
        _fail(error)
        return
    if as_json:
        payload = {
            "case": case_file.case,
            "as_of": (as_of or case_file.ur_decision_date or dt.date.today()).isoformat(),
            "items": [r.model_dump(mode="json") for r in results],
        }
        click.echo(json.dumps(payload, indent=2))
        return
    click.echo(f"Case {case_file.case}")
    for result in results:
        click.echo("")
        click.echo(f"{result.item}: {result.outcome}")
        click.echo(f"  decided by table {result.table!r} (edition {result.edition})")
        if result.violation:
            click.echo(f"  hit policy violation: {result.violation}")
        for row in result.fired_rows:
            click.echo(f"  fired: {row.table} rule {row.rule} ({row.address})")
            if row.citation:
                click.echo(f"    citation: {row.citation}")
            if row.rationale:
                click.echo(f"    rationale: {row.rationale}")
        for fact in result.missing_facts:
            click.echo(f"  missing: {fact.name}" + (f": {fact.question}" if fact.question else ""))
