"""What the validator reports: one finding per problem, each one line naming its cell.

A finding has a stable check id (``overlap``, ``gap``, ...; ``CHECKS`` lists them all),
a severity and a place: the workbook, and where known the sheet and the cell (or, for a
case file, the field).  ``Finding.line()`` is the form the command prints::

    tables/x.xlsx, sheet 'T', cell C7: error: rules 2 and 5 both match ... [overlap]
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, computed_field

from engine.errors import ImrError, Location


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}[self]


# check id -> what it checks (docs/validation.md explains each one).
CHECKS: dict[str, str] = {
    "read": "the workbook reads: sheets, headers, cell syntax (a workbook that does not read gives one finding)",
    "hidden": "hidden sheets and rows, which reviewers of the workbook do not see",
    "macros": "a workbook that carries macros (.xlsm): never run by imr, but Excel may run them",
    "no-tests": "every workbook has worked examples on a Tests sheet",
    "unknown-fact": "every fact a column, cell, output or Tests column names is in a Facts glossary",
    "fact-type": "a fact has one type in every glossary that defines it",
    "type": "tests and outputs have the type of their fact (a number against a text, a date against a duration)",
    "allowed-value": "values within the fact's allowed values and the column's output values",
    "hit-policy": "the hit policy's prerequisites (P and O need output values; aggregations one output)",
    "duplicate-table": "table names are unique, except between editions of one guideline",
    "two-producers": "one table writes each fact",
    "unmatchable": "a row whose own cells match no value of their fact",
    "duplicate": "two rows with the same inputs",
    "overlap": "two rows that match one input where the hit policy forbids it (U; A with different outputs)",
    "shadowed": "FIRST: a row every input of which an earlier row takes",
    "masked": "PRIORITY: a row every input of which a row with a higher-priority output takes",
    "subsumed": "a row inside another row with the same outputs",
    "gap": "inputs of documented values that no row matches",
    "gap-undocumented": "no row matches while an input is not documented (the table is then undecided)",
    "cycle": "tables that read each other's outputs in a cycle",
    "unsupplied": "facts that no table produces and no case documents (--cases)",
    "unread-output": "outputs no table reads and no rationale shows (a determination <topic>.outcome is read by "
    "the case)",
    "citation": "every row cites the guideline",
    "absence": "every fact a table reads and no table writes declares what its absence means (taken as a value, "
    "or must be documented)",
    "effective-dates": "an edition's effective dates",
    "edition-overlap": "editions of one guideline in effect on the same day",
    "edition-gap": "days between editions of one guideline when none is in effect",
    "placeholder": "rationale {placeholders} name known facts",
    "compile": "the workbooks compile into a rule base (Tests rows need it)",
    "example": "each Tests row: expected against actual",
    "case": "a case file of --cases or --coverage reads and decides",
    "coverage": "rows no case of the --coverage corpus fires",
}

_LINE_BREAKS = str.maketrans({c: repr(c)[1:-1] for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"})


def one_line(text: str) -> str:
    """Line breaks from cell text shown escaped, so that a finding stays on one line."""
    return text.translate(_LINE_BREAKS)


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    check: str
    severity: Severity
    message: str
    file: str
    sheet: str | None = None
    cell: str | None = None
    field: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def location(self) -> str:
        return str(Location(self.file, self.sheet, self.cell, self.field))

    def line(self) -> str:
        return one_line(f"{self.location}: {self.severity.value}: {self.message} [{self.check}]")


def split_address(address: str | None) -> tuple[str | None, str | None]:
    """``"Sheet!C7"`` -> ``("Sheet", "C7")``; a bare sheet name -> ``(sheet, None)``."""
    if not address:
        return None, None
    sheet, sep, cell = address.rpartition("!")
    return (sheet, cell) if sep else (address, None)


def at(check: str, severity: Severity, message: str, file: str, address: str | None = None) -> Finding:
    """A finding at ``address`` (``sheet!cell``) of ``file``."""
    if check not in CHECKS:
        raise ValueError(f"unknown check id {check!r}")
    sheet, cell = split_address(address)
    return Finding(check=check, severity=severity, message=one_line(message), file=file, sheet=sheet, cell=cell)


def from_error(check: str, error: ImrError, file: str, severity: Severity = Severity.ERROR) -> Finding:
    """A finding from an error the engine raised: its location, its text without it."""
    where = error.location
    text = str(error)
    if where is not None:
        text = text.removeprefix(f"{where}: ")
    return Finding(
        check=check, severity=severity, message=one_line(text),
        file=where.file if where is not None and where.file else file,
        sheet=where.sheet if where is not None else None,
        cell=where.cell if where is not None else None,
        field=where.field if where is not None else None,
    )


class Summary(BaseModel):
    workbooks: int = 0
    unreadable: int = 0
    tables: int = 0
    rules: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    examples: int = 0
    examples_failed: int = 0
    examples_run: bool = False  # whether the Tests rows were run at all
    examples_not_run: int = 0  # Tests rows of a workbook its errors kept from compiling
    context: int = 0  # workbooks the given ones depend on, loaded beside them and not reported on
    cases: int = 0

    def line(self) -> str:
        parts = [
            _count(self.workbooks, "workbook") + (f" ({self.unreadable} unreadable)" if self.unreadable else "")
            + (f" (with {_count(self.context, 'workbook')} it depends on)" if self.context else ""),
            f"{_count(self.tables, 'table')}, {_count(self.rules, 'row')}",
            self._examples(),
        ]
        if self.cases:
            parts.append(_count(self.cases, "case"))
        counts = ", ".join(_count(n, word) for n, word in
                           ((self.errors, "error"), (self.warnings, "warning"), (self.infos, "info")))
        return f"{counts}: " + ", ".join(parts)


    def _examples(self) -> str:
        if not self.examples_run:
            return "Tests rows not run"
        total = self.examples + self.examples_not_run
        passed = self.examples - self.examples_failed
        text = f"Tests rows: {passed} of {total} pass"
        if self.examples_not_run:
            text += f", {self.examples_not_run} not run (their workbook's errors stop it from compiling)"
        return text


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class ExampleRun(BaseModel):
    """One Tests row that was run."""

    file: str
    test: str  # its id, T1 ...
    sheet: str
    cell: str  # column A of its row
    passed: bool


class Report(BaseModel):
    findings: list[Finding]
    summary: Summary
    files: list[str] = []  # the workbooks validated
    examples: list[ExampleRun] = []

    @property
    def exit_code(self) -> int:
        return 1 if self.summary.errors else 0

    def count(self) -> None:
        """Fill the summary's severity counts from the findings."""
        self.summary.errors = sum(f.severity is Severity.ERROR for f in self.findings)
        self.summary.warnings = sum(f.severity is Severity.WARNING for f in self.findings)
        self.summary.infos = sum(f.severity is Severity.INFO for f in self.findings)
