"""Small workbooks for the validator's tests: a glossary, tables written from rows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from engine.authoring.spec import FactSpec, GuidelineSpec, RuleSpec, TableSpec, TestSpec, WorkbookSpec
from engine.authoring.writer import write_workbook
from engine.validation.findings import Finding, Report
from engine.validation.runner import validate

# A rule row of a table spec: (input cells, output cells)
Row = tuple[tuple[Any, ...], tuple[Any, ...]]

# Every fact declares its absence rule, as the shipped workbooks must (check ``absence``).
_DOC = "must be documented"
FACTS = (
    FactSpec(name="n", type="number", when_not_documented=_DOC),
    FactSpec(name="k", type="integer", when_not_documented=_DOC),
    FactSpec(name="t", type="text", when_not_documented=_DOC),
    FactSpec(name="e", type="enumeration", allowed_values='"a","b","c"', when_not_documented=_DOC),
    FactSpec(name="flag", type="boolean", when_not_documented=_DOC),
    FactSpec(name="d", type="date", when_not_documented=_DOC),
    FactSpec(name="dur", type="days and time duration", when_not_documented=_DOC),
    FactSpec(name="limit", type="number", when_not_documented=_DOC),
    FactSpec(name="out", type="enumeration", allowed_values='"yes","no"', when_not_documented=_DOC),
    FactSpec(name="x.outcome", type="enumeration", allowed_values='"Overturned","Upheld"'),
)
GUIDELINE = GuidelineSpec(id="g", title="Demo", citation="Demo 1", edition="1", effective_from="2010-01-01")
FIRST_RULE_ROW = 7  # rows 1-3 key/value, 4 blank, kind row 5, name row 6


def table(name: str, inputs: Sequence[str], outputs: Sequence[str], rows: Sequence[Row],
          policy: str = "U", **options: Any) -> TableSpec:
    return TableSpec(
        name=name, hit_policy=policy, inputs=tuple(inputs), outputs=tuple(outputs),
        rules=tuple(RuleSpec(inputs=tuple(i), outputs=tuple(o), citation="Demo 1(a)", rationale="because")
                    for i, o in rows),
        **options,
    )


def book(tmp_path: Path, *tables: TableSpec, name: str = "g.xlsx", facts: Sequence[FactSpec] = FACTS,
         guideline: GuidelineSpec = GUIDELINE, tests: Sequence[TestSpec] | None = None) -> Path:
    """A workbook of ``tables`` (with one passing Tests row unless ``tests`` is given)."""
    if tests is None:
        tests = (TestSpec(id="T1", as_of="2015-01-01", inputs={}, expected={}),)
    spec = WorkbookSpec(guideline=guideline, facts=tuple(facts), tables=tables, tests=tuple(tests))
    return write_workbook(spec, tmp_path / name)


def run(*paths: Path, **options: Any) -> Report:
    return validate(list(paths), **options)


def only(report: Report, check: str) -> list[Finding]:
    return [f for f in report.findings if f.check == check]
