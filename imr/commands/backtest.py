"""``imr backtest FOLDER``: how often the tables agree with real IMR determinations.

Every case file in FOLDER whose items carry ``expected: Upheld|Overturned`` is decided as
``imr decide`` decides it; the report gives accuracy and balanced accuracy (Undecided
counted wrong, and over decided items only), recalls, the share decided, a confusion
matrix, the same per topic, the guideline-family match, and every disagreement.  The
measures are in ``engine/cases/backtest.py``; docs/cases.md defines them.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from engine import ImrError
from imr.app import DEFAULT_TABLES, DateParam, fail, main, tables_option

if TYPE_CHECKING:
    from engine import Agreement, BacktestReport, FileError, ItemResult, Rulebase

EXAMPLES = """\
Examples:

\b
  imr backtest cases/real/                         # overall, per topic, confusion, disagreements
  imr backtest cases/real/ --json > backtest.json  # the same as one JSON object
  imr backtest cases/real/ --min-balanced 0.7      # exit 1 when balanced accuracy is below 0.7
"""


@main.command(epilog=EXAMPLES)
@click.argument("folder", type=click.Path(path_type=Path))
@tables_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option("--min-balanced", type=click.FloatRange(0, 1), default=None, metavar="X",
              help="Exit 1 when the balanced accuracy (Undecided counted wrong) is below X (0 to 1).")
@click.option("--as-of", type=DateParam(), default=None,
              help="Evaluate with the guideline editions in effect on this date."
              "  [default: each case's UR decision date]")
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Decide the case files in N worker processes.  [default: the number of cores]")
def backtest(folder: Path, tables: tuple[Path, ...], as_json: bool, min_balanced: float | None,
             as_of: dt.date | None, workers: int | None) -> None:
    """Compare the tables' determinations with the real ones recorded in FOLDER.

    Decides every case file in FOLDER whose items carry an expected outcome
    (expected: Upheld or Overturned; docs/cases.md) and reports the agreement.  A file
    that cannot be read or decided is reported on stderr and its expected items count
    as wrong (dropped).  Exits 1 when --min-balanced is given and not reached.  The files
    are decided in --workers processes (the rule engine holds the GIL: threads would not
    help); the report is the same for any number.
    """
    from engine import CASE_SUFFIXES, CaseFieldError, case_files, default_workers, load_rulebase
    from engine import backtest_report as report

    if not folder.is_dir():
        fail(CaseFieldError(str(folder), None, "not a folder", expected="a folder of case files",
                            found="a file" if folder.exists() else "nothing at that path"))
    paths = case_files(folder)
    if not paths:
        fail(CaseFieldError(str(folder), None, "no case files in the folder",
                            expected="files ending " + ", ".join(CASE_SUFFIXES), found="none"))
    try:
        rulebase = load_rulebase(list(tables) or [DEFAULT_TABLES])
    except ImrError as error:
        fail(error)

    results: list[ItemResult] = []
    errors: list[FileError] = []
    workers = min(workers or default_workers(), len(paths))
    for items, file_error in _backtest_files(rulebase, paths, as_of, workers, as_json):
        results.extend(items)
        if file_error is not None:
            errors.append(file_error)
    for file_error in errors:
        click.echo(f"error: {file_error.error}", err=True)
    if not results:
        fail(CaseFieldError(str(folder), None, "no item carries an expected outcome",
                            expected="items with expected: Upheld or Overturned",
                            found=f"none in {len(paths)} case file{'s' if len(paths) != 1 else ''}"))

    result = report(str(folder), as_of, len(paths), results, errors)
    if as_json:
        click.echo(json.dumps(result.model_dump(mode="json"), indent=2))
    else:
        _print_report(result, list(tables) or [DEFAULT_TABLES])
    balanced = result.overall.undecided_wrong.balanced_accuracy
    if min_balanced is not None and (balanced is None or balanced < min_balanced):
        if not as_json:
            click.echo(f"\nbalanced accuracy {_figure(balanced)} is below --min-balanced {min_balanced:g}")
        sys.exit(1)


def _backtest_files(rulebase: Rulebase, paths: list[Path], as_of: dt.date | None, workers: int,
                    as_json: bool) -> list[tuple[list[ItemResult], FileError | None]]:
    """``backtest_file`` of each path, in order: here with a progress bar, or in worker
    processes that send their results back as JSON (validated back into the models)."""
    from engine import FileError, ItemResult, backtest_file, map_forked

    if workers <= 1:
        done = []
        show = sys.stderr.isatty() and not (as_json and not sys.stdout.isatty())
        with click.progressbar(paths, label="Deciding", file=sys.stderr, show_pos=True,
                               item_show_func=lambda p: p.name if p else None, hidden=not show) as bar:
            for path in bar:
                done.append(backtest_file(rulebase, path, as_of))
        return done

    def as_json_data(path: Path) -> dict[str, Any]:
        items, file_error = backtest_file(rulebase, path, as_of)
        return {"items": [i.model_dump(mode="json") for i in items],
                "error": None if file_error is None else file_error.model_dump(mode="json")}

    return [
        ([ItemResult.model_validate(i) for i in data["items"]],
         None if data["error"] is None else FileError.model_validate(data["error"]))
        for data in map_forked(as_json_data, paths, workers)
    ]


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _print_report(result: BacktestReport, tables: list[Path]) -> None:
    overall = result.overall
    on = ", ".join(str(t) for t in tables)
    when = result.as_of.isoformat() if result.as_of else "each case's UR decision date"
    click.echo(f"Back-test of {result.folder} against {on} (as of {when})")
    click.echo(f"{result.files_backtested} of {result.files} case files have expected outcomes;"
               f" {len(result.errors)} could not be decided")
    click.echo("")
    _print_overall(overall)
    click.echo("")
    _print_topics(result.topics)
    click.echo("")
    _print_confusion(overall)
    click.echo("")
    click.echo(f"Disagreements ({len(result.disagreements)})")
    for item in result.disagreements:
        _print_disagreement(item)


def _print_overall(overall: Agreement) -> None:
    wrong, only = overall.undecided_wrong, overall.decided_only
    g = overall.guideline
    click.echo("Overall")
    click.echo(f"  items {overall.n}, decided {overall.decided} ({_figure(overall.decided_share)}),"
               f" dropped {overall.dropped}")
    click.echo(f"  {'':24}{'Undecided wrong':>17}{'decided only':>15}")
    for label, field in (("accuracy", "accuracy"), ("balanced accuracy", "balanced_accuracy"),
                         ("Upheld recall", "upheld_recall"), ("Overturned recall", "overturned_recall")):
        click.echo(f"  {label:24}{_figure(getattr(wrong, field)):>17}{_figure(getattr(only, field)):>15}")
    click.echo(f"  guideline family match  {_figure(g.share)} ({g.matching} of {g.known} items"
               " citing a known family)")


def _print_topics(topics: dict[str, Agreement]) -> None:
    click.echo("Per topic (acc, bal, recalls: Undecided wrong; dec acc, dec bal: decided only)")
    width = max([len("topic"), *map(len, topics)])
    heads = ("n", "acc", "bal", "dec acc", "dec bal", "Upheld rec", "Overt rec", "decided", "guideline")
    click.echo(f"  {'topic':{width}}" + "".join(f"{h:>11}" for h in heads))
    for topic, a in topics.items():
        cells = (str(a.n), _figure(a.undecided_wrong.accuracy), _figure(a.undecided_wrong.balanced_accuracy),
                 _figure(a.decided_only.accuracy), _figure(a.decided_only.balanced_accuracy),
                 _figure(a.undecided_wrong.upheld_recall), _figure(a.undecided_wrong.overturned_recall),
                 _figure(a.decided_share), f"{a.guideline.matching}/{a.guideline.known}")
        click.echo(f"  {topic:{width}}" + "".join(f"{c:>11}" for c in cells))


def _print_confusion(overall: Agreement) -> None:
    click.echo("Confusion (rows: expected; columns: predicted)")
    columns = ("Upheld", "Overturned", "Undecided", "Dropped")
    click.echo(f"  {'':12}" + "".join(f"{c:>12}" for c in columns))
    for label, row in (("Upheld", overall.confusion.upheld), ("Overturned", overall.confusion.overturned)):
        click.echo(f"  {label:12}" + "".join(f"{getattr(row, c.lower()):>12}" for c in columns))


def _print_disagreement(item: ItemResult) -> None:
    ref = f", ref {item.ref}" if item.ref else ""
    click.echo("")
    click.echo(f"  {item.case} ({item.file}, items[{item.index}]{ref}): {item.item}")
    click.echo(f"    expected {item.expected}, predicted {item.predicted}")
    if item.error:
        click.echo(f"    not decided: {item.error}")
    if item.table:
        click.echo(f"    decided by table {item.table}")
    for row in item.fired_rows:
        click.echo(f"    fired: {row.table} rule {row.rule}" + (f": {row.citation}" if row.citation else ""))
    if item.expected_guideline:
        predicted = ", ".join(item.predicted_families) or "none"
        click.echo(f"    guideline: expected {', '.join(item.expected_families)} ({item.expected_guideline});"
                   f" the deciding rows cite {predicted}")
    if item.missing_facts:
        click.echo("    missing: " + ", ".join(fact.name for fact in item.missing_facts))
