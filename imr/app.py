"""The ``imr`` command group and what its commands share: one-line errors, dates."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from engine import ImrError
from imr.lazy_group import LazyGroup

DEFAULT_TABLES = Path("tables")
CACHE_ENV = "IMR_CACHE_DIR"  # engine.cache.ENV, named here so that the group loads no engine


def _restore(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


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


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXAMPLES)
@click.version_option(package_name="imr-rules", prog_name="imr")
@click.option("--no-cache", is_flag=True,
              help="Read every workbook again instead of the cache of read workbooks ($IMR_CACHE_DIR=off does too).")
@click.pass_context
def main(ctx: click.Context, no_cache: bool) -> None:
    """Decision tables for California workers' compensation Independent Medical Review.

    Shell completion: eval "$(_IMR_COMPLETE=bash_source imr)" in ~/.bashrc (zsh_source,
    fish_source for the others).
    """
    if no_cache:  # through the environment, so that worker processes follow it too
        previous = os.environ.get(CACHE_ENV)
        os.environ[CACHE_ENV] = "off"
        ctx.call_on_close(lambda: _restore(CACHE_ENV, previous))
