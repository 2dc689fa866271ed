"""``imr validate [PATHS]``: every problem in the workbooks, one line each.

PATHS are workbooks or folders of them (``tables/`` by default).  A workbook given on its
own is read with the workbooks it depends on (its folder's, or ``--tables``), which are
not reported on.  Exit status: 0 when no
finding is an error, 1 when some are, 2 for a usage error.  Progress goes to stderr
when it is a terminal.  docs/validation.md lists the checks.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from engine import ImrError
from imr.app import DEFAULT_TABLES, fail, main

_FOLDER = click.Path(exists=True, file_okay=False, path_type=Path)
EXAMPLES = """
\b
Examples:
  imr validate                                  # tables/: every workbook, every check, every Tests row
  imr validate tables/acupuncture.xlsx          # one workbook, with the ones it depends on from its folder
  imr validate drafts/knee.xlsx --tables tables/ --json   # a draft beside the shipped tables, as JSON
"""


@main.command(epilog=EXAMPLES)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--cases", type=_FOLDER, default=None,
              help="Case folder: a fact some case documents counts as supplied.")
@click.option("--coverage", "coverage_of", type=_FOLDER, default=None,
              help="Case folder: decide every item and list the rows no item fires.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text",
              show_default=True, help="junit: XML for CI; json: the findings and the summary.")
@click.option("--severity", type=click.Choice(["error", "warning", "info"]), default="info",
              show_default=True, help="Print findings of this severity and worse.")
@click.option("--max-gaps", type=click.IntRange(min=0), default=3, show_default=True,
              help="Uncovered input regions printed per table.")
@click.option("--static", is_flag=True, help="Only the checks of the workbooks: run no Tests rows, no coverage.")
@click.option("--json", "as_json", is_flag=True, help="The same as --format json.")
@click.option("--tables", "context", type=click.Path(exists=True, path_type=Path), multiple=True,
              help="Where the workbooks the given ones depend on are (repeatable); they are loaded, not reported "
              "on.  [default: the folder of each workbook file given]")
def validate(
    paths: tuple[Path, ...], cases: Path | None, coverage_of: Path | None, fmt: str, severity: str, max_gaps: int,
    static: bool, as_json: bool, context: tuple[Path, ...],
) -> None:
    """Check decision-table workbooks: cells, types, overlaps, gaps, chaining, Tests rows.

    Each finding is one line naming the workbook, sheet and cell, its severity
    (error, warning, info) and its check id in brackets; a summary line ends the
    report.  Exits 1 when any finding is an error.
    """
    from engine.validation import FORMATS, Severity
    from engine.validation import validate as run

    if as_json and fmt not in ("text", "json"):
        raise click.UsageError(f"--json and --format {fmt} ask for two formats: give one of them")
    fmt = "json" if as_json else fmt
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        report = run(list(paths) or [DEFAULT_TABLES], cases=cases, coverage_of=coverage_of, max_gaps=max_gaps,
                     static=static, progress=progress, context=list(context) or None)
    except ImrError as error:
        fail(error)
    finally:
        if progress is not None:
            progress.clear()
    click.echo(FORMATS[fmt](report, Severity(severity)), nl=False)
    sys.exit(report.exit_code)


class _Progress:
    """One line on stderr, rewritten in place."""

    def __init__(self) -> None:
        self.width = 0

    def __call__(self, message: str) -> None:
        text = message[:100]
        click.echo("\r" + text.ljust(self.width), err=True, nl=False)
        self.width = len(text)

    def clear(self) -> None:
        if self.width:
            click.echo("\r" + " " * self.width + "\r", err=True, nl=False)
            self.width = 0
