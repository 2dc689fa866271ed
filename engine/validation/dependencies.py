"""The workbooks a workbook depends on, so that one workbook can be validated on its own.

``imr validate tables/acupuncture.xlsx`` reads the shared facts (``request.*``) from the
glossary of ``imr_conventions.xlsx`` and the request screen from its tables.  Validating
the file alone would report every shared fact as unknown; so the workbooks it depends on
are loaded beside it (from its folder, or ``--tables``): their glossaries, their tables
for chaining and compiling, but none of their findings and none of their Tests rows.

A workbook is a dependency when it defines (in its Facts glossary) a fact the chosen
workbooks mention and do not define, or writes a fact they read and do not write;
repeated until nothing is added.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from engine.compiler.rulebase import workbook_paths
from engine.errors import WorkbookError
from engine.model import Workbook
from engine.reader import read_workbook

_DOTTED = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+\b")


def mentioned(wb: Workbook) -> set[str]:
    """Every fact a workbook's tables and Tests rows name (column heads, cells, rationales, Tests columns)."""
    names: set[str] = set()
    for table in wb.tables:
        names.update(c.fact for c in table.inputs)
        names.update(c.fact for c in table.outputs)
        for rule in table.rules:
            for text in [e.text for e in rule.inputs] + [e.text for e in rule.outputs]:
                names.update(_DOTTED.findall(text))
            names.update(_DOTTED.findall(rule.rationale or ""))
    for test in wb.tests:
        names.update(test.inputs)
        names.update(test.expected)
    return names


def _produced(wb: Workbook) -> set[str]:
    return {c.fact for table in wb.tables for c in table.outputs}


def dependencies(targets: Sequence[Workbook], candidates: Sequence[Workbook]) -> list[Workbook]:
    """The candidates the targets depend on, directly or through another dependency, in candidate order."""
    selected = list(targets)
    added: list[Workbook] = []
    changed = True
    while changed:
        changed = False
        defined = {name for wb in selected for name in wb.facts}
        produced = {name for wb in selected for name in _produced(wb)}
        needed = {name for wb in selected for name in mentioned(wb)}
        for wb in candidates:
            if wb in selected:
                continue
            if set(wb.facts) & (needed - defined) or _produced(wb) & (needed - produced):
                selected.append(wb)
                added.append(wb)
                changed = True
    return [wb for wb in candidates if wb in added]


def load_dependencies(
    targets: Sequence[Workbook], given: Sequence[Path], context: Sequence[Path | str] | None,
    say: Callable[[str], None],
) -> list[Workbook]:
    """Read the workbooks of ``context`` (default: the folders of the workbook files given) the targets need.

    Only workbook files given on their own look beside them; a folder given is taken as
    complete.  A context workbook that does not read is skipped (it is not being validated).
    """
    if context is None:
        context = sorted({p.parent for p in given if p.is_file()})
    if not context:
        return []
    own = {Path(p).resolve() for p in given} | {Path(wb.path).resolve() for wb in targets}
    try:
        paths = [p for p in workbook_paths(list(context)) if p.resolve() not in own]
    except WorkbookError:
        return []
    candidates: list[Workbook] = []
    for path in paths:
        say(f"reading {path} (a workbook it may depend on)")
        try:
            candidates.append(read_workbook(path))
        except WorkbookError:
            continue
    return dependencies(targets, candidates)
