"""``imr decide CASE``: the proposed determination of every disputed item."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from engine.errors import ImrError
from imr.app import DEFAULT_TABLES, DateParam, fail, main, tables_option


@main.command()
@click.argument("case", type=click.Path(dir_okay=False, path_type=Path))
@tables_option
@click.option("--as-of", type=DateParam(), default=None,
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
        fail(error)
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
