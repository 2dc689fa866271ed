"""``validate``: every check over a set of workbooks, one report.

Order of work: read each workbook (a workbook that does not read is one ``read``
finding and the others go on); merge the glossaries; per workbook its content, per
table its types and its static analysis; then the checks over all workbooks (editions,
chaining, with the case corpus when given); then compile and run every Tests row; then
the coverage of the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from engine.compiler.rulebase import workbook_paths
from engine.errors import WorkbookError
from engine.model import Workbook
from engine.reader import read_workbook
from engine.validation.chaining import check_absence, check_chaining, merged_glossary
from engine.validation.content import check_editions, check_workbook_content
from engine.validation.corpus import Corpus, coverage, load_corpus, supplied_facts
from engine.validation.dependencies import load_dependencies
from engine.validation.examples import compile_workbooks, run_tests
from engine.validation.findings import ExampleRun, Finding, Report, Summary, from_error
from engine.validation.locate import CellLocator
from engine.validation.table_checks import analyse_table
from engine.validation.typecheck import check_glossary, check_table_types

Progress = Callable[[str], None]
_TYPE_CHECKS = frozenset({"type", "allowed-value", "unknown-fact"})


def validate(
    paths: Path | str | Sequence[Path | str],
    *,
    cases: Path | None = None,
    coverage_of: Path | None = None,
    max_gaps: int = 3,
    static: bool = False,
    progress: Progress | None = None,
    context: Sequence[Path | str] | None = None,
) -> Report:
    """Validate workbooks (files or folders of .xlsx); raises WorkbookError when there are none.

    ``static``: the checks of the workbooks alone; nothing is compiled or run (no Tests
    rows, no coverage).  ``context``: where the workbooks the given ones depend on are
    found (default: the folder of each workbook file given); they are loaded beside them
    (glossaries, chaining, compiling) and reported on neither in findings nor in Tests rows.
    """
    given = [Path(p) for p in ([paths] if isinstance(paths, Path | str) else paths)]
    files = workbook_paths(paths)
    say = progress or (lambda _: None)
    summary = Summary(workbooks=len(files))
    findings: list[Finding] = []
    workbooks: list[Workbook] = []
    for n, path in enumerate(files, start=1):
        say(f"reading {path} ({n}/{len(files)})")
        try:
            workbooks.append(read_workbook(path))
        except WorkbookError as exc:
            findings.append(from_error("read", exc, str(path)))
            summary.unreadable += 1
    targets = list(workbooks)
    deps = load_dependencies(targets, given, context, say)
    workbooks += deps
    summary.context = len(deps)
    glossary, clashes = merged_glossary(workbooks)
    findings += clashes
    locator = CellLocator({wb.path: Path(wb.path) for wb in workbooks})
    for wb in targets:
        say(f"checking {wb.path}")
        findings += check_workbook_content(wb, glossary, locator)
        findings += check_glossary(wb.facts, wb.path)
        for table in wb.tables:
            summary.tables += 1
            summary.rules += len(table.rules)
            typed = check_table_types(table, glossary)
            flagged = {(f.sheet, f.cell) for f in typed if f.check in _TYPE_CHECKS}
            findings += typed
            findings += [  # a cell of the wrong type is reported once, as a type error
                f for f in analyse_table(table, glossary, max_gaps)
                if f.check != "unmatchable" or (f.sheet, f.cell) not in flagged
            ]
    findings += check_editions(workbooks, locator)
    corpora: dict[Path, Corpus] = {}
    for folder in {f for f in (cases, coverage_of) if f is not None}:
        say(f"reading the cases of {folder}")
        corpora[folder] = load_corpus(folder)
    supply = cases or coverage_of
    supplied = supplied_facts(corpora[supply], glossary) if supply is not None else None
    tables = [table for wb in workbooks for table in wb.tables]
    findings += check_chaining(tables, supplied, str(supply) if supply is not None else "")
    findings += check_absence(workbooks)
    rulebase, notes = (None, []) if static else compile_workbooks(workbooks, findings)
    findings += notes
    runs: list[ExampleRun] = []
    if rulebase is not None:
        try:
            failures, runs = run_tests(rulebase, say)
            findings += failures
            own = {wb.path for wb in targets}
            runs = [r for r in runs if r.file in own]
            summary.examples_run = True
            summary.examples = len(runs)
            summary.examples_failed = sum(not r.passed for r in runs)
            if coverage_of is not None:
                findings += coverage(corpora[coverage_of], rulebase, say)
        finally:
            rulebase.close()
    if not static:  # the Tests rows of a workbook its errors keep from compiling still count, as not run
        compiled = {wb.path for wb in rulebase.workbooks} if rulebase is not None else set()
        summary.examples_not_run = sum(len(wb.tests) for wb in targets if wb.path not in compiled)
        summary.examples_run = summary.examples_run or summary.examples_not_run > 0
    for corpus in corpora.values():
        findings += _unique(corpus.findings)
        summary.cases = max(summary.cases, len(corpus.cases))
    if deps:  # what the dependencies hold is theirs to report
        theirs = {wb.path for wb in deps}
        findings = [f for f in findings if f.file not in theirs]
    names = [str(f) for f in files]
    report = Report(findings=_in_file_order(findings, names), summary=summary, files=names, examples=runs)
    report.count()
    return report


def _unique(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))


def _in_file_order(findings: list[Finding], files: list[str]) -> list[Finding]:
    """Findings grouped by workbook, in the order the workbooks were given (others last)."""
    rank = {file: n for n, file in enumerate(files)}
    return sorted(findings, key=lambda f: rank.get(f.file, len(rank)))

