"""Running a workbook's Tests sheet: each worked example, expected against actual."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.compiler.rulebase import Rulebase
from engine.errors import ImrError
from engine.feel import values as feel_values
from engine.feel.values import to_feel_literal
from engine.model import Workbook, WorkbookTest
from engine.runtime.evaluate import evaluate


@dataclass
class ExampleOutcome:
    workbook: str
    test: WorkbookTest
    failures: list[str] = field(default_factory=list)  # one line each, naming the cell

    @property
    def passed(self) -> bool:
        return not self.failures


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, list | tuple) or isinstance(actual, list | tuple):
        if not isinstance(expected, list | tuple):
            expected = [expected]
        if not isinstance(actual, list | tuple):
            return False
        return len(expected) == len(actual) and all(_same(e, a) for e, a in zip(expected, actual, strict=True))
    return feel_values.equal(expected, actual) is True


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v) for v in value)
    return to_feel_literal(value)


def run_example(rulebase: Rulebase, workbook: Workbook, test: WorkbookTest) -> ExampleOutcome:
    outcome = ExampleOutcome(workbook.path, test)
    where = f"{workbook.path}, sheet 'Tests', row {test.row} ({test.id})"
    try:
        result = evaluate(rulebase, test.inputs, test.as_of, source=where, trace=False)
    except ImrError as exc:
        if test.expected_error and test.expected_error in str(exc):
            return outcome
        outcome.failures.append(f"{where}: evaluation failed: {exc}")
        return outcome
    if test.expected_error:
        problems = [t.violation for t in result.tables.values() if t.violation]
        if not any(test.expected_error in p for p in problems):
            outcome.failures.append(
                f"{where}: expected an error containing {test.expected_error!r}, found "
                + (", ".join(repr(p) for p in problems) or "none")
            )
    for name, expected in test.expected.items():
        actual = result.facts.get(name)
        if not _same(expected, actual):
            address = test.expected_addresses.get(name, "")
            sheet, _, cell = address.partition("!")
            outcome.failures.append(
                f"{workbook.path}, sheet {sheet!r}, cell {cell}: {name}: "
                f"expected {_shown(expected)}, found {_shown(actual)}"
            )
    return outcome
