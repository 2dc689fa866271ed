"""``imr tables new|show|diff``: the rule author's tools (docs/authoring.md).

``new`` writes a ready-to-fill workbook, ``show`` prints a workbook's canonical text
(also the git textconv driver for ``*.xlsx``), ``diff`` compares two versions of a
workbook by meaning: rows, columns, glossary, and the Tests rows and cases that decide
differently.
"""

from __future__ import annotations

import click

from engine.errors import ImrError, WorkbookError
from imr.app import fail, main


@main.group()
def tables() -> None:
    """Write, show and compare decision-table workbooks."""


@tables.command()
@click.argument("workbook")
@click.option("--numbered", is_flag=True, help="Number the rules (off by default: diffs stay small).")
def show(workbook: str, numbered: bool) -> None:
    """Print WORKBOOK as canonical text: guideline, glossary, tables, tests.

    WORKBOOK is an .xlsx file or REV:path in git.  The text depends on what the cells
    mean, not on styles or how Excel stored a value.  A workbook the reader rejects is
    printed cell by cell after a line naming the problem (so that it still diffs).
    """
    from engine.authoring.canonical import raw_text, show_workbook
    from engine.authoring.sources import workbook_file
    from engine.reader import read_workbook

    try:
        with workbook_file(workbook) as (path, display):
            try:
                click.echo(show_workbook(read_workbook(path, display), numbered=numbered), nl=False)
            except WorkbookError as error:
                text = raw_text(path)  # raises again when the file does not open at all
                click.echo(f"error: {error}", err=True)
                click.echo(f"# the reader rejects this workbook: {_without_file(error)}")
                click.echo(text, nl=False)
    except ImrError as error:
        fail(error)


def _without_file(error: ImrError) -> str:
    """The error without its file name (git's textconv hands over temporary copies)."""
    where = error.location
    parts = [f"sheet {where.sheet!r}" if where and where.sheet else "",
             f"cell {where.cell}" if where and where.cell else ""]
    prefix = ", ".join(p for p in parts if p)
    text = str(error) if where is None else str(error).removeprefix(f"{where}: ")
    return f"{prefix}: {text}" if prefix else text

