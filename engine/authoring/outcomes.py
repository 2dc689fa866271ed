"""Which Tests rows and which cases decide differently under the new workbook.

Tables chain across workbooks, so each version is compiled with the rest of its folder
(the *context*): the OLD rule base is the context plus OLD, the NEW one the context plus
NEW.  A context workbook is left out when it is the workbook being compared: the same
file name, or the same guideline id and edition as OLD or NEW.

A Tests row (of NEW, and those only OLD has) is evaluated with both rule bases; it is
listed when a fact it expects or a fact the compared tables write differs, or when it
passes under one and fails under the other.  Each item of each case is determined with
both; it is listed when its outcome or hit-policy violation differs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from engine.authoring.canonical import value_text
from engine.authoring.diff import FieldChange, OutcomeChange
from engine.compiler.rulebase import Rulebase, compile_rulebase
from engine.errors import ImrError
from engine.model import Workbook, WorkbookTest
from engine.reader import read_workbook
from engine.runtime.evaluate import evaluate
from engine.runtime.worked_examples import run_example

__all__ = ["case_outcomes", "context_workbooks", "example_outcomes", "rulebase_or_note"]


def context_workbooks(
    folders: Iterable[Path], compared: Sequence[tuple[Workbook, str]]
) -> tuple[list[Workbook], list[str]]:
    """The other workbooks of ``folders``; ``compared`` holds (workbook, its file name)."""
    names = {name for _, name in compared}
    editions = {(wb.guideline.id, wb.guideline.edition) for wb, _ in compared}
    found: list[Workbook] = []
    notes: list[str] = []
    for folder in folders:
        paths = [folder] if folder.is_file() else sorted(folder.glob("*.xlsx"))
        for path in (p for p in paths if not p.name.startswith("~$")):
            if path.name in names:
                continue
            try:
                workbook = read_workbook(path)
            except ImrError as error:
                notes.append(f"left out of the rule bases (does not read): {error}")
                continue
            if (workbook.guideline.id, workbook.guideline.edition) not in editions:
                found.append(workbook)
    return found, notes


def rulebase_or_note(label: str, workbooks: list[Workbook], notes: list[str]) -> Rulebase | None:
    try:
        return compile_rulebase(workbooks)
    except ImrError as error:
        notes.append(f"the {label} rule base does not compile, so nothing was evaluated with it: {error}")
        return None


def example_outcomes(old_rb: Rulebase, new_rb: Rulebase, old: Workbook, new: Workbook) -> list[OutcomeChange]:
    watched = [c.fact for wb in (new, old) for t in wb.tables for c in t.outputs]
    new_ids = {t.id for t in new.tests}
    rows: list[tuple[Workbook, WorkbookTest]] = [(new, t) for t in new.tests]
    rows += [(old, t) for t in old.tests if t.id not in new_ids]
    changes = []
    for workbook, test in rows:
        facts = list(dict.fromkeys([*test.expected, *watched]))
        before = _test_run(old_rb, workbook, test, facts)
        after = _test_run(new_rb, workbook, test, facts)
        fields = [FieldChange(field=k, old=before[k], new=after[k]) for k in after if before[k] != after[k]]
        if fields:
            changes.append(OutcomeChange(
                source=f"{workbook.path}, sheet 'Tests', row {test.row}", label=test.id, changes=fields,
            ))
    return changes


def _test_run(rulebase: Rulebase, workbook: Workbook, test: WorkbookTest, facts: list[str]) -> dict[str, str]:
    shown: dict[str, str] = {}
    try:
        result = evaluate(rulebase, test.inputs, test.as_of, source=f"{workbook.path} {test.id}")
    except ImrError as error:
        shown = dict.fromkeys(facts, f"error: {error}")
    else:
        for fact in facts:
            shown[fact] = _shown(result.facts.get(fact)) if fact in result.facts else "not decided"
    shown["passes"] = "yes" if run_example(rulebase, workbook, test).passed else "no"
    return shown


def case_outcomes(old_rb: Rulebase, new_rb: Rulebase, cases: Path, notes: list[str]) -> list[OutcomeChange]:
    from engine.cases.loader import case_files, load_case

    paths = case_files(cases) if cases.is_dir() else [cases]
    changes = []
    for path in paths:
        try:
            case = load_case(path)
        except ImrError as error:
            notes.append(f"case left out: {error}")
            continue
        for index, item in enumerate(case.items):
            before = _item(old_rb, case, index, str(path))
            after = _item(new_rb, case, index, str(path))
            fields = [FieldChange(field=k, old=before.get(k), new=after.get(k))
                      for k in ("outcome", "violation") if before.get(k) != after.get(k)]
            if fields:
                changes.append(OutcomeChange(source=f"{path}: items[{index}]", label=item.request, changes=fields))
    return changes


def _item(rulebase: Rulebase, case: Any, index: int, source: str) -> dict[str, str | None]:
    from engine.cases.determination import determine_item

    try:
        determination, _ = determine_item(rulebase, case, index, source)
    except ImrError as error:
        return {"outcome": f"error: {error}", "violation": None}
    return {"outcome": determination.outcome, "violation": determination.violation}


def _shown(value: Any) -> str:
    try:
        return value_text(value)
    except TypeError:
        return repr(value)
