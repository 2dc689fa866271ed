"""``imr import ABSTRACTS.json --out FOLDER``: case abstracts in, one case file per case out.

The abstract format (one JSON record per disputed item) and what each key becomes are in
docs/import.md; the work is in ``engine/importing``.  The summary goes to stderr (``--json``:
one JSON object on stdout).  Exits 2 when the file cannot be read, or after writing the
rest when a record was refused or a case could not be written.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from engine import ImrError
from imr.app import DEFAULT_TABLES, fail, main, tables_option

EXAMPLES = """\
Examples:

\b
  imr import abstracts.json --out cases/imported/           # one <case number>.yaml per case
  imr import export.json --out cases/new/ --json > report.json   # the summary as JSON
  imr import abstracts.json --out cases/x/ && imr decide cases/x/ --json
"""


@main.command("import", epilog=EXAMPLES)
@click.argument("abstracts", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the case files (created if missing; a case's file is replaced).")
@tables_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object on stdout.")
def import_(abstracts: Path, out: Path, tables: tuple[Path, ...], as_json: bool) -> None:
    """Turn case abstracts (a JSON list, one record per disputed item) into case files.

    Groups the records by case_number and writes one case file per case into --out,
    named <case number>.yaml.  Only facts the loaded tables define are written, with
    values that fit them; a value that says nothing ("unknown", "not documented") is left
    out, and a key that cannot be mapped is listed, with its value, in a comment above its
    item and counted in the summary.  Each file is loaded back before it is kept.
    """
    from engine import load_rulebase
    from engine.importing import import_abstracts, summary_lines

    try:
        rulebase = load_rulebase(list(tables) or [DEFAULT_TABLES])
        try:
            report = import_abstracts(abstracts, out, rulebase)
        finally:
            rulebase.close()
    except ImrError as error:
        fail(error)
    if as_json:
        click.echo(json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        for line in summary_lines(report):
            click.echo(line, err=True)
    if not report.ok:
        sys.exit(2)
