"""The text form of a ``WorkbookDiff``: ``+`` added, ``-`` removed, ``~`` changed.

```
table knee_determination (sheet 'knee_determination')
  hit policy: FIRST -> UNIQUE
  ~ rule 2 -> rule 3 (row 9): "reviewable" | [1..8] | - => "Overturned"
      knee.sessions: [1..6] -> [1..8]  (knee_determination!C9)
  + rule 5 (row 11): "reviewable" | > 8 | - => "Upheld"
  - rule 4 (was row 10): "reviewable" | > 6 | false => "Upheld"
  overlaps and gaps
    + tables/knee.xlsx, sheet 'knee_determination', cell B1: warning: no row matches ... [gap]
```
"""

from __future__ import annotations

from engine.authoring.diff import FieldChange, OutcomeChange, RowChange, TableDiff, WorkbookDiff

__all__ = ["render_diff"]

_MARK = {"added": "+", "removed": "-", "changed": "~", "moved": "~"}


def render_diff(diff: WorkbookDiff) -> str:
    lines = [f"--- {diff.old}", f"+++ {diff.new}"]
    if diff.guideline:
        lines += ["", "guideline", *(_field(c, 1) for c in diff.guideline)]
    if diff.facts:
        lines += ["", "facts"]
        for fact in diff.facts:
            lines.append(f"  {_MARK[fact.status]} {fact.name}: {fact.summary}")
            lines += [_field(c, 3) for c in fact.changes]
    for table in diff.tables:
        lines += ["", *_table(table)]
    if diff.tests:
        lines += ["", "Tests sheet"]
        for test in diff.tests:
            lines.append(f"  {_MARK[test.status]} {test.id}")
            lines += [_field(c, 3) for c in test.changes]
    lines += _outcomes("Tests rows that decide differently", diff.test_outcomes)
    lines += _outcomes("cases that decide differently", diff.case_outcomes)
    if diff.notes:
        lines += ["", "notes", *(f"  {note}" for note in diff.notes)]
    if diff.empty:
        lines += ["", "no differences in meaning"]
    return "\n".join(lines) + "\n"


def _table(table: TableDiff) -> list[str]:
    head = f"table {table.name} (sheet {table.sheet!r})"
    if table.status != "changed":
        head = f"{_MARK[table.status]} {head}"
    lines = [head, *(_field(c, 1) for c in table.fields)]
    lines += [f"  + column {c}" for c in table.columns_added]
    lines += [f"  - column {c}" for c in table.columns_removed]
    for row in table.rows:
        lines += _row(row)
    coverage = table.coverage
    if coverage is not None and (coverage.appeared or coverage.disappeared):
        lines.append("  overlaps and gaps")
        lines += [f"    + {line}" for line in coverage.appeared]
        lines += [f"    - {line}" for line in coverage.disappeared]
    return lines


def _row(row: RowChange) -> list[str]:
    if row.status == "added":
        return [f"  + rule {row.new_rule} (row {row.new_row}): {row.text}"]
    if row.status == "removed":
        return [f"  - rule {row.old_rule} (was row {row.old_row}): {row.text}"]
    moved = ", moved" if row.moved else ""
    lines = [f"  ~ rule {row.old_rule} -> rule {row.new_rule} (row {row.new_row}{moved}): {row.text}"]
    for cell in row.cells:
        where = f"  ({cell.address})" if cell.address else ""
        lines.append(f"      {cell.column}: {_value(cell.old)} -> {_value(cell.new)}{where}")
    return lines


def _outcomes(title: str, changes: list[OutcomeChange] | None) -> list[str]:
    if changes is None:
        return []
    if not changes:
        return ["", f"{title}: none"]
    lines = ["", title]
    for change in changes:
        lines.append(f"  {change.label} ({change.source})")
        lines += [_field(c, 3) for c in change.changes]
    return lines


def _field(change: FieldChange, depth: int) -> str:
    return f"{'  ' * depth}{change.field}: {_value(change.old)} -> {_value(change.new)}"


def _value(text: str | None) -> str:
    if text is None:
        return "(none)"
    return text.replace("\n", "\\n")
