"""Compiling the workbooks and running every Tests row, expected against actual.

The worked examples run on a rule base, so the workbooks must compile.  When the
checks before have found what stops them compiling (an unknown fact, a cycle, ...),
the workbooks holding those errors are left out and the rest compiled; when the
compiler refuses for a reason no check named, that is a ``compile`` error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from engine.compiler.rulebase import Rulebase, compile_rulebase
from engine.errors import ImrError
from engine.model import Workbook, WorkbookTest
from engine.runtime.worked_examples import run_example
from engine.validation.findings import ExampleRun, Finding, Severity, at, from_error

# Errors that stop a rule base from compiling; each has a check of its own.
BLOCKING = frozenset({"unknown-fact", "fact-type", "duplicate-table", "two-producers", "cycle", "edition-overlap"})
_FAILURE = re.compile(
    r"^(?P<file>.*?), sheet '(?P<sheet>[^']*)', (?:cell (?P<cell>[A-Z]+\d+)|row (?P<row>\d+) \([^)]*\)): (?P<text>.*)$"
)


def compile_workbooks(
    workbooks: Sequence[Workbook], findings: Sequence[Finding]
) -> tuple[Rulebase | None, list[Finding]]:
    """A rule base of the workbooks that can form one, and what stopped the others."""
    if not workbooks:
        return None, []
    blocked = {f.file for f in findings if f.severity is Severity.ERROR and f.check in BLOCKING}
    attempts = [list(workbooks)]
    if blocked:
        attempts.append([wb for wb in workbooks if wb.path not in blocked])
    error: ImrError | None = None
    for chosen in attempts:
        if not chosen:
            continue
        try:
            rulebase = compile_rulebase(chosen)
        except ImrError as exc:
            error = error or exc
            continue
        left_out = [wb.path for wb in workbooks if wb not in chosen]
        notes = [at("compile", Severity.INFO, "the Tests rows of this workbook were not run: its errors above "
                    "stop it from compiling", path) for path in left_out]
        return rulebase, notes
    assert error is not None
    if blocked:
        return None, [at("compile", Severity.INFO, "no Tests rows were run: the errors above stop the workbooks "
                         f"from compiling ({error})", sorted(blocked)[0])]
    return None, [from_error("compile", error, workbooks[0].path if workbooks else "")]


def run_tests(
    rulebase: Rulebase, progress: Callable[[str], None] | None = None
) -> tuple[list[Finding], list[ExampleRun]]:
    """Findings for the failing Tests rows, and every row run."""
    findings: list[Finding] = []
    runs: list[ExampleRun] = []
    for wb in rulebase.workbooks:
        if progress is not None and wb.tests:
            progress(f"Tests rows of {wb.path}")
        for test in wb.tests:
            outcome = run_example(rulebase, wb, test)
            sheet, _, cell = test.address.rpartition("!")
            runs.append(ExampleRun(file=wb.path, test=test.id, sheet=sheet, cell=cell, passed=outcome.passed))
            findings.extend(_finding(wb, test, line) for line in outcome.failures)
    return findings, runs


def _finding(wb: Workbook, test: WorkbookTest, line: str) -> Finding:
    """A failure line of ``run_example`` (``file, sheet 'Tests', cell E3: ...``) as a finding."""
    match = _FAILURE.match(line)
    if match is None:
        return at("example", Severity.ERROR, f"Tests row {test.id}: {line}", wb.path, test.address)
    cell = match["cell"] or f"A{match['row']}"
    return at("example", Severity.ERROR, f"Tests row {test.id}: {match['text']}", match["file"],
              f"{match['sheet']}!{cell}")
