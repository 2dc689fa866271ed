"""``imr tables diff OLD NEW``: read both versions, compare them, evaluate what changed.

OLD and NEW are files or ``REV:path`` in git.  The structural comparison is
``engine.authoring.diff``; overlaps and gaps come from the validator
(``engine.authoring.coverage``); the Tests rows and cases that decide differently from
``engine.authoring.outcomes``, on rule bases made of each version plus the other
workbooks of the tables folders.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from engine.authoring.coverage import coverage_change
from engine.authoring.diff import TableDiff, WorkbookDiff, diff_workbooks, rule_pairs
from engine.authoring.outcomes import case_outcomes, context_workbooks, example_outcomes, rulebase_or_note
from engine.authoring.sources import workbook_file
from engine.model import FactDef, Workbook
from engine.reader import read_workbook

__all__ = ["compare_workbooks"]


def compare_workbooks(old: str, new: str, tables: Sequence[Path] = (), cases: Path | None = None) -> WorkbookDiff:
    """Raises the reader's one-line error when OLD or NEW does not read; every other
    problem (a context workbook that does not read, a rule base that does not compile, a
    case that does not load) is a note of the result."""
    with workbook_file(old) as (old_path, old_name), workbook_file(new) as (new_path, new_name):
        before = read_workbook(old_path, old_name)
        after = read_workbook(new_path, new_name)
        compared = [(before, old_path.name), (after, new_path.name)]
    result = diff_workbooks(before, after)
    context, notes = context_workbooks(tables, compared)
    _coverage(result, before, after, context, notes)
    old_rb = rulebase_or_note("OLD", [*context, before], notes)
    new_rb = rulebase_or_note("NEW", [*context, after], notes)
    try:
        if old_rb is not None and new_rb is not None:
            result.test_outcomes = example_outcomes(old_rb, new_rb, before, after)
            if cases is not None:
                result.case_outcomes = case_outcomes(old_rb, new_rb, cases, notes)
    finally:
        for rulebase in (old_rb, new_rb):
            if rulebase is not None:
                rulebase.close()
    result.notes = notes
    return result


def _coverage(result: WorkbookDiff, old: Workbook, new: Workbook, context: list[Workbook], notes: list[str]) -> None:
    shared: dict[str, FactDef] = {}
    for workbook in context:
        shared.update(workbook.facts)
    old_tables = {t.name: t for t in old.tables}
    listed = {change.name: change for change in result.tables}
    for table in new.tables:  # unchanged tables too: a glossary change can open a gap
        before = old_tables.get(table.name)
        renumber = rule_pairs(before, table) if before is not None else {}
        try:
            coverage = coverage_change(before, {**shared, **old.facts}, table, {**shared, **new.facts}, renumber)
        except Exception as error:  # a bug of the validator must not cost the rest of the diff
            notes.append(f"overlaps and gaps of table {table.name!r} could not be compared: "
                         f"{type(error).__name__}: {error}")
            continue
        change = listed.get(table.name)
        if change is None and (coverage.appeared or coverage.disappeared):
            change = TableDiff(name=table.name, status="changed", sheet=table.sheet)
            result.tables.append(change)
        if change is not None:
            change.coverage = coverage
