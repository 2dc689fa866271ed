"""``imr tables new|show|diff``: the rule author's tools (docs/authoring.md).

``new`` writes a ready-to-fill workbook, ``show`` prints a workbook's canonical text
(also the git textconv driver for ``*.xlsx``), ``diff`` compares two versions of a
workbook by meaning: rows, columns, glossary, and the Tests rows and cases that decide
differently.
"""

from __future__ import annotations

from pathlib import Path

import click

from engine import ImrError, Location, WorkbookError
from imr.app import DEFAULT_TABLES, fail, main

NEW_EXAMPLES = """
\b
Examples:
  imr tables new knee_injections        # tables/knee_injections.xlsx; then: pytest tables/knee_injections.xlsx
  imr tables new knee_injections --out drafts/knee.xlsx # elsewhere (the folder is created)
  imr validate drafts/knee.xlsx --tables tables/        # a draft, with the shared facts of tables/
"""
SHOW_EXAMPLES = """
\b
Examples:
  imr tables show tables/acupuncture.xlsx               # the workbook as canonical text
  imr tables show HEAD~1:tables/acupuncture.xlsx        # a version in git
  git config diff.xlsx.textconv 'imr tables show'       # git diff shows workbook changes as text
"""
DIFF_EXAMPLES = """
\b
Examples:
  imr tables diff HEAD~1:tables/acupuncture.xlsx tables/acupuncture.xlsx
  imr tables diff old.xlsx tables/acupuncture.xlsx --cases cases/   # and the case items that decide differently
  imr tables diff HEAD:tables/massage.xlsx tables/massage.xlsx --json
"""
GROUP_EXAMPLES = """
\b
Examples:
  imr tables new knee_injections
  imr tables show tables/acupuncture.xlsx
  imr tables diff HEAD~1:tables/acupuncture.xlsx tables/acupuncture.xlsx
"""


@main.group(epilog=GROUP_EXAMPLES)
def tables() -> None:
    """Write, show and compare decision-table workbooks."""


@tables.command(epilog=NEW_EXAMPLES)
@click.argument("name")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the workbook.  [default: tables/NAME.xlsx, beside the conventions workbook]")
@click.option("--tables", "folder", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Where imr_conventions.xlsx and the other workbooks are, when not beside the new one.  "
              "[default: tables/]")
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
def new(name: str, out: Path | None, folder: Path | None, force: bool) -> None:
    """Write a ready-to-fill workbook for the topic NAME (knee_injections), in the shape of the shipped topics.

    It holds a Guideline sheet (mtus-NAME, dated inside the 2009-2017 MTUS era) with the
    title and citation to fill in, the topic's own facts with their absence rules, the table
    NAME_determination (the screen row, the guideline's Upheld reasons, the request that
    states no quantity, the Overturned rows; every citation to fill in is marked) and worked
    examples at the boundaries.  It reads the shared facts (request.screen, request.course,
    ...) of imr_conventions.xlsx, so it is written and checked beside it.  Drop-down lists
    and cell comments explain what goes where.  It compiles and passes its examples as written.
    """
    from engine.authoring import check_name, check_scaffold, find_conventions, topic_spec, write_scaffold

    target = out or DEFAULT_TABLES / f"{name}.xlsx"
    try:
        check_name(name, str(target))
        if target.exists() and not force:
            raise WorkbookError("the workbook exists", location=Location(str(target)),
                                expected="a new file (or --force to overwrite it)", found="a file")
        conventions = find_conventions(target, [folder or DEFAULT_TABLES])
        write_scaffold(name, target, conventions)
        context = conventions.parent
        warnings = check_scaffold(target, [] if context.resolve() == target.parent.resolve() else [context])
    except ImrError as error:
        fail(error)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    spec = topic_spec(name)
    click.echo(f"wrote {target}: table {name}_determination ({len(spec.tables[0].rules)} rows), "
               f"{len(spec.facts)} facts of its own, {len(spec.tests)} worked examples (they pass)")
    if context.resolve() == target.parent.resolve():
        click.echo(f"next: fill in the sheets (every '(fill in)'), then check them: imr validate {target}")
        click.echo(f"and run its worked examples: pytest {target}")
    else:
        click.echo(f"next: fill in the sheets (every '(fill in)'), then check them and run its worked examples: "
                   f"imr validate {target} --tables {context}/")
        click.echo(f"then move it beside {conventions.name} ({context}/) for pytest and imr decide")


@tables.command(epilog=SHOW_EXAMPLES)
@click.argument("workbook")
@click.option("--numbered", is_flag=True, help="Number the rules (off by default: diffs stay small).")
def show(workbook: str, numbered: bool) -> None:
    """Print WORKBOOK as canonical text: guideline, glossary, tables, tests.

    WORKBOOK is an .xlsx file or REV:path in git.  The text depends on what the cells
    mean, not on styles or how Excel stored a value.  A workbook the reader rejects is
    printed cell by cell after a line naming the problem (so that it still diffs).
    """
    from engine import read_workbook
    from engine.authoring import raw_text, show_workbook, workbook_file

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



@tables.command(epilog=DIFF_EXAMPLES)
@click.argument("old")
@click.argument("new")
@click.option("--tables", "folders", type=click.Path(exists=True, path_type=Path), multiple=True,
              help="The other workbooks OLD and NEW chain with (repeatable).  [default: tables/ if it exists]")
@click.option("--cases", type=click.Path(exists=True, path_type=Path), default=None,
              help="A case file or folder: list the items that decide differently.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def diff(old: str, new: str, folders: tuple[Path, ...], cases: Path | None, as_json: bool) -> None:
    """Compare two versions of a workbook by meaning.

    OLD and NEW are .xlsx files or REV:path in git (HEAD~1:tables/acupuncture.xlsx).
    Lists guideline, glossary and Tests-sheet changes; per table the hit policy, columns,
    and rows added, removed and changed cell by cell (rows are paired by content, not
    position); overlaps and gaps that appear or disappear; and the Tests rows (and with
    --cases the case items) whose outcome differs between OLD and NEW, each version
    evaluated with the other workbooks of the tables folder.
    """
    from engine.authoring import compare_workbooks, render_diff

    context = list(folders) or ([DEFAULT_TABLES] if DEFAULT_TABLES.is_dir() else [])
    try:
        result = compare_workbooks(old, new, context, cases)
    except ImrError as error:
        fail(error)
    if as_json:
        click.echo(result.model_dump_json(indent=2))
    else:
        click.echo(render_diff(result), nl=False)


GRAPH_EXAMPLES = """
\b
Examples:
  imr tables graph --out chaining.svg                   # every workbook of tables/
  imr tables graph tables/acupuncture.xlsx tables/imr_conventions.xlsx --out acupuncture.svg
  imr tables graph --dot > chaining.dot                 # the DOT text (no Graphviz needed)
"""
HTML_EXAMPLES = """
\b
Examples:
  imr tables html tables/acupuncture.xlsx --out acupuncture.html
  imr tables html HEAD~1:tables/acupuncture.xlsx --out before.html   # a version in git
  imr tables html tables/massage.xlsx > massage.html
"""


@tables.command(epilog=GRAPH_EXAMPLES)
@click.argument("paths", metavar="[TABLES]...", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the SVG here (folders are created).  [default: standard output]")
@click.option("--dot", "as_dot", is_flag=True, help="Print the graph as DOT text instead of drawing it.")
def graph(paths: tuple[Path, ...], out: Path | None, as_dot: bool) -> None:
    """Draw the chaining graph of TABLES (workbooks or folders; default tables/) as SVG.

    A box per table, grouped by workbook; an arrow from table A to table B, labelled with
    the facts, says A decides those facts for B; a determination no table reads points at
    the item.  Drawn by Graphviz (apt-get install graphviz).
    """
    from engine.authoring import chain_graph, dot_source, read_workbooks, render_svg

    try:
        drawn = chain_graph(read_workbooks(list(paths) or [DEFAULT_TABLES]))
        data = dot_source(drawn).encode("utf-8") if as_dot else render_svg(drawn)
        _write(data, out)
    except ImrError as error:
        fail(error)
    if out is not None:
        click.echo(f"wrote {out}: {len(drawn.table_names)} tables, {len(drawn.edges)} links", err=True)


@tables.command(epilog=HTML_EXAMPLES)
@click.argument("workbook")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the page here (folders are created).  [default: standard output]")
def html(workbook: str, out: Path | None) -> None:
    """Write WORKBOOK as one HTML page: guideline, facts, every table's rows, the worked examples.

    WORKBOOK is an .xlsx file or REV:path in git.  For clinicians who do not live in a
    terminal: open the page in a browser.  Every cell shows as written (escaped; the page
    runs no script).
    """
    from engine import read_workbook
    from engine.authoring import workbook_file, workbook_html

    try:
        with workbook_file(workbook) as (path, display):
            page = workbook_html(read_workbook(path, display))
        _write(page.encode("utf-8"), out)
    except ImrError as error:
        fail(error)
    if out is not None:
        click.echo(f"wrote {out}", err=True)


def _write(data: bytes, out: Path | None) -> None:
    """To the file (its folders created, written whole or not at all), else to standard output."""
    if out is None:
        click.echo(data, nl=False)  # bytes go to the binary stream as they are
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        partial.write_bytes(data)
        partial.replace(out)
    except OSError as error:
        raise ImrError("cannot write the file", location=Location(str(out)), expected="a writable path",
                       found=error.strerror or str(error)) from None
