"""The ``imr`` command group and what its commands share: one-line errors, dates."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from engine.errors import ImrError

DEFAULT_TABLES = Path("tables")


class DateParam(click.ParamType):
    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"expected a date such as 2015-04-01, found {value!r}", param, ctx)


def fail(error: ImrError) -> NoReturn:
    """Print a user's error as one line on stderr and exit 2 (no traceback)."""
    click.echo(f"error: {error}", err=True)
    sys.exit(2)


def tables_option(function: Any) -> Any:
    return click.option(
        "--tables", "tables", type=click.Path(path_type=Path), multiple=True,
        help="Workbook or folder of workbooks (repeatable).  [default: tables/]",
    )(function)


EXAMPLES = """
\b
Examples:
  imr decide cases/seed.yaml                   # the proposed determination of each disputed item
  imr review cases/                            # the reviewer's terminal UI, then imr letter CASE
  imr validate tables/acupuncture.xlsx         # check a workbook; imr COMMAND --help for each command
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXAMPLES)
@click.version_option(package_name="imr-rules", prog_name="imr")
def main() -> None:
    """Decision tables for California workers' compensation Independent Medical Review.

    Shell completion: eval "$(_IMR_COMPLETE=bash_source imr)" in ~/.bashrc (zsh_source,
    fish_source for the others).
    """
