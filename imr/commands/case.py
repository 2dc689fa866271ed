"""``imr case new --topic TOPIC`` and ``imr case check FILE``: writing a case file, and what it still needs.

``new`` writes a case-file skeleton for one item of a topic: the facts the topic's tables
read, each with its reviewer question as a YAML comment (``engine.cases.skeleton``); it
loads and decides as written.  ``check`` decides a case and lists per item the facts that
would change its outcome, with their questions: those still open (the item stays
Undecided) and those taken by their absence rule.  docs/cases.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from engine import CaseError, ImrError, Location
from imr.app import DEFAULT_TABLES, fail, main, tables_option
from imr.paths import prepare_out

NEW_EXAMPLES = """
\b
Examples:
  imr case new --topic acupuncture                         # the skeleton on standard output
  imr case new --topic physical_therapy --out cases/new/pt.yaml
  imr case new --topic nope                                # lists the topics the tables decide
"""

CHECK_EXAMPLES = """
\b
Examples:
  imr case check cases/seed.yaml            # per item: the facts that would change the outcome, with questions
  imr case check cases/new/pt.yaml --json   # the same as JSON
"""


GROUP_EXAMPLES = """
\b
Examples:
  imr case new --topic acupuncture --out cases/new/acu.yaml
  imr case check cases/new/acu.yaml
"""


@main.group(epilog=GROUP_EXAMPLES)
def case() -> None:
    """Write a case file for a topic, and see what the tables still need from it."""


@case.command(epilog=NEW_EXAMPLES)
@click.option("--topic", required=True, help="The item's topic: its <topic>.outcome is what a table decides.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the skeleton to this file (its folder is created).  [default: standard output]")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@tables_option
def new(topic: str, out: Path | None, force: bool, tables: tuple[Path, ...]) -> None:
    """Write a case-file skeleton for one disputed item of TOPIC.

    Every fact the topic's tables read is listed as "not documented", with its question,
    type and absence rule as comments above it; replace what the records document.  It
    loads as written (imr decide, imr case check).
    """
    from engine import case_skeleton as skeleton
    from engine import load_rulebase

    try:
        if out is not None and out.exists() and not force:
            raise CaseError("the case file exists", location=Location(str(out)),
                            expected="a new file (or --force to overwrite it)", found="a file")
        text = skeleton(load_rulebase(list(tables) or [DEFAULT_TABLES]), topic)
        if out is None:
            click.echo(text, nl=False)
            return
        prepare_out(out, CaseError, folder=False)
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CaseError("cannot write the case file", location=Location(str(out)),
                            found=exc.strerror or str(exc)) from None
    except ImrError as error:
        fail(error)
    click.echo(f"wrote {out}: fill it in, then: imr case check {out}", err=True)


@case.command(epilog=CHECK_EXAMPLES)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@tables_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON: one object per item.")
def check(file: Path, tables: tuple[Path, ...], as_json: bool) -> None:
    """Report what the tables still need from the case FILE.

    Per item: its outcome now and the facts that would change it, each with its
    question: "open" ones keep the item Undecided until the records answer them;
    "taken as" ones were decided on their absence rule.  Exit 0; 2 for a case file
    that does not read or decide (one line naming the file and the field).
    """
    from engine import case_needs, load_case, load_rulebase

    try:
        rulebase = load_rulebase(list(tables) or [DEFAULT_TABLES])
        needs = case_needs(rulebase, load_case(file), str(file))
    except ImrError as error:
        fail(error)
    if as_json:
        click.echo(json.dumps({"case": needs.case, "file": str(file), "open": needs.open_count,
                               "items": [i.model_dump(mode="json") for i in needs.items]}, indent=2))
        return
    undecided = sum(i.outcome == "Undecided" for i in needs.items)
    taken = sum(not n.open for i in needs.items for n in i.needs)
    click.echo(f"Case {needs.case}: {_count(len(needs.items), 'item')}, {undecided} undecided; "
               f"{_count(needs.open_count, 'open fact')}, {_count(taken, 'fact')} taken by an absence rule")
    for item in needs.items:
        click.echo(f"items[{item.item}] {item.request} ({item.topic}): {item.outcome}")
        if item.error:
            click.echo(f"  not decided: {item.error}")
        elif not item.needs:
            click.echo("  nothing missing would change it")
        for need in item.needs:
            state = "open" if need.open else f"taken as {_words(need.taken_as)}"
            click.echo(f"  {need.fact} ({state})" + (f": {need.question}" if need.question else ""))
    sys.stdout.flush()


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _words(value: object) -> str:
    if value is None:
        return "not stated"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
