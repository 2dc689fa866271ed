"""``imr letter CASE``: the final determination letter of a case, as Markdown, text or PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click

from engine.errors import ImrError
from imr.app import DEFAULT_TABLES, DateParam, fail, main, tables_option

if TYPE_CHECKING:
    from engine.cases.determination import ItemDetermination
    from engine.cases.model import CaseFile
    from engine.compiler.rulebase import Rulebase
    from letters.decisions import RecordedDecision

FORMATS = ("md", "txt", "pdf")


@main.command()
@click.argument("case", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="txt", show_default=True,
              help="Markdown, plain text or PDF.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="A folder (the file is named <case number>-letter.<format>) or a file.  "
              "[default: standard output; a PDF needs --out]")
@click.option("--reviewer", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Expert reviewer profile (YAML), e.g. reviewers/example.yaml.")
@click.option("--decisions", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Decisions the reviewer recorded (JSON); they win over the proposed ones.")
@tables_option
@click.option("--date", "decided", type=DateParam(), default=None,
              help="Decision date printed in the header.  [default: today]")
def letter(case: Path, fmt: str, out: Path | None, reviewer: Path | None, decisions: Path | None,
           tables: tuple[Path, ...], decided: dt.date | None) -> None:
    """Render the final determination letter of CASE.

    Each disputed item shows the reviewer's recorded decision when --decisions has one,
    otherwise the proposed determination, marked "(proposed)".  An item the tables
    cannot decide shows the questions the records must answer, and the letter is
    marked NOT FINAL; so is a letter with a decision made on another proposal than
    the one the case file now gives (it must be re-confirmed in imr review).
    """
    from engine.cases.loader import load_case
    from engine.compiler.rulebase import load_rulebase
    from letters import build_letter, load_decisions, load_reviewer, render
    from letters.errors import LetterError
    from letters.export import export
    from letters.source import letter_case

    try:
        if fmt == "pdf" and out is None:
            raise LetterError("a PDF is not written to the terminal", expected="--out FOLDER or --out FILE.pdf")
        profile = load_reviewer(reviewer) if reviewer is not None else None
        case_file = load_case(case)
        recorded = load_decisions(decisions, len(case_file.items)) if decisions is not None else None
        rulebase = load_rulebase(list(tables) or [DEFAULT_TABLES])
        determinations = _determinations(rulebase, case_file, str(case), recorded or {})
        document = build_letter(letter_case(case_file, decided or dt.date.today()), determinations,
                                profile, recorded)
        data = render(document, fmt)  # type: ignore[arg-type]  # click.Choice checked it
        if out is None:
            click.echo(data.decode("utf-8"), nl=False)
            return
        written = export(out, case_file.case, fmt, data)
    except ImrError as error:
        fail(error)
    click.echo(f"wrote {written}" + ("" if document.final else f" ({document.not_final_reason})"))


def _determinations(rulebase: Rulebase, case_file: CaseFile, source: str,
                    recorded: Mapping[int, RecordedDecision]) -> list[ItemDetermination]:
    """Every item's proposal, as the review session makes it.

    An item serving another item of the case (``primary.item``) follows the reviewer's
    recorded decision on that item when there is one, else its proposal; so a decision
    recorded on a served item is compared with the proposal it was made on.
    """
    from engine.cases.determination import decision_order, determine_case, determine_item, topic_error

    result = determine_case(rulebase, case_file, source)
    items = list(result.items)
    for index in decision_order(case_file):
        primary = case_file.items[index].primary
        if primary is None or primary.item is None or primary.item - 1 not in recorded:
            continue
        if topic_error(rulebase, case_file, index, source) is None:
            items[index] = determine_item(rulebase, case_file, index, source, result.as_of,
                                          primary_outcome=recorded[primary.item - 1].outcome)[0]
    return items
