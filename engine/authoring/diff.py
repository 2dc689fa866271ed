"""What changed between two versions of a workbook, by meaning (``imr tables diff``).

``diff_workbooks`` compares what the reader understood (``engine.authoring.canonical``
gives every cell one text), so a cell that Excel stores differently, a style, or a rule
that merely moves down a row does not show.  Tables are paired by name, facts by name,
Tests rows by id, and rules by content (``engine.authoring.rowmatch``).  Changes in what
the tables decide (Tests rows, cases) are ``engine.authoring.outcomes``; overlaps and
gaps come from the validator (``engine.authoring.coverage``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from engine.authoring.canonical import fact_summary, hit_policy_text, input_text, output_text, rule_line, value_text
from engine.authoring.rowmatch import RowContent, match_rows
from engine.model import DecisionTable, FactDef, Rule, Workbook, WorkbookTest

__all__ = [
    "CellChange", "CoverageChange", "FactChange", "FieldChange", "OutcomeChange", "RowChange",
    "TableDiff", "TestChange", "WorkbookDiff", "diff_tables", "diff_workbooks", "rule_pairs",
]

Status = Literal["added", "removed", "changed"]
PROSE = ("citation", "rationale", "annotation")


class FieldChange(BaseModel):
    field: str
    old: str | None
    new: str | None


class CellChange(BaseModel):
    column: str  # the column's fact, or citation / rationale / annotation
    old: str | None
    new: str | None
    address: str | None  # sheet!cell in NEW (in OLD when the column is gone)


class RowChange(BaseModel):
    status: Literal["added", "removed", "changed", "moved"]
    old_rule: int | None = None
    new_rule: int | None = None
    old_row: int | None = None
    new_row: int | None = None
    text: str  # the rule as canonical text (the old one when removed)
    moved: bool = False
    similarity: float | None = None
    cells: list[CellChange] = Field(default_factory=list)


class CoverageChange(BaseModel):
    """Overlaps, gaps and rows never selected that appear or disappear (validator findings)."""

    appeared: list[str] = Field(default_factory=list)
    disappeared: list[str] = Field(default_factory=list)


class TableDiff(BaseModel):
    name: str
    status: Status
    sheet: str
    fields: list[FieldChange] = Field(default_factory=list)
    columns_added: list[str] = Field(default_factory=list)
    columns_removed: list[str] = Field(default_factory=list)
    rows: list[RowChange] = Field(default_factory=list)
    coverage: CoverageChange | None = None

    @property
    def empty(self) -> bool:
        coverage = self.coverage is None or not (self.coverage.appeared or self.coverage.disappeared)
        return not (self.fields or self.columns_added or self.columns_removed or self.rows) and coverage


class FactChange(BaseModel):
    name: str
    status: Status
    summary: str  # type, allowed values, unit (NEW's unless removed)
    changes: list[FieldChange] = Field(default_factory=list)


class TestChange(BaseModel):
    __test__ = False  # not a pytest class, despite the name

    id: str
    status: Status
    changes: list[FieldChange] = Field(default_factory=list)


class OutcomeChange(BaseModel):
    """A Tests row or a case item that decides differently under NEW."""

    source: str  # where it is: the Tests row's cell, or the case file and item
    label: str  # the test id, or the item's request
    changes: list[FieldChange]  # per fact (or "outcome", "passes"): OLD -> NEW


class WorkbookDiff(BaseModel):
    old: str
    new: str
    guideline: list[FieldChange] = Field(default_factory=list)
    facts: list[FactChange] = Field(default_factory=list)
    tables: list[TableDiff] = Field(default_factory=list)
    tests: list[TestChange] = Field(default_factory=list)
    test_outcomes: list[OutcomeChange] | None = None  # None: not evaluated (see notes)
    case_outcomes: list[OutcomeChange] | None = None
    notes: list[str] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.guideline or self.facts or self.tables or self.tests
                    or self.test_outcomes or self.case_outcomes)


def diff_workbooks(old: Workbook, new: Workbook) -> WorkbookDiff:
    """The structural differences (the outcome sections are filled by ``outcomes``)."""
    result = WorkbookDiff(old=old.path, new=new.path)
    g_old, g_new = old.guideline, new.guideline
    for name in ("id", "title", "citation", "edition", "effective_from", "effective_to", "owner"):
        _compare(result.guideline, name.replace("_", " "), getattr(g_old, name), getattr(g_new, name))
    result.facts = _diff_facts(old.facts, new.facts)
    old_tables = {t.name: t for t in old.tables}
    new_tables = {t.name: t for t in new.tables}
    for name, table in new_tables.items():
        if name not in old_tables:
            result.tables.append(TableDiff(name=name, status="added", sheet=table.sheet, rows=[
                _whole_row("added", table, r) for r in table.rules]))
        elif not (changed := diff_tables(old_tables[name], table)).empty:
            result.tables.append(changed)
    for name, table in old_tables.items():
        if name not in new_tables:
            result.tables.append(TableDiff(name=name, status="removed", sheet=table.sheet))
    result.tests = _diff_tests(old.tests, new.tests)
    return result


def diff_tables(old: DecisionTable, new: DecisionTable) -> TableDiff:
    result = TableDiff(name=new.name, status="changed", sheet=new.sheet)
    _compare(result.fields, "hit policy", hit_policy_text(old), hit_policy_text(new))
    _compare(result.fields, "description", old.description, new.description)
    _compare(result.fields, "inputs", _columns(old, "inputs"), _columns(new, "inputs"))
    _compare(result.fields, "outputs", _columns(old, "outputs"), _columns(new, "outputs"))
    for column in {c.fact: c for c in (*old.inputs, *new.inputs)}:
        _compare(result.fields, f"input values of {column}", _input_values(old, column), _input_values(new, column))
    for column in {c.fact: c for c in (*old.outputs, *new.outputs)}:
        before, after = _output_column(old, column), _output_column(new, column)
        _compare(result.fields, f"output values of {column}", before[0], after[0])
        _compare(result.fields, f"default of {column}", before[1], after[1])
    old_facts = [c.fact for c in old.inputs] + [c.fact for c in old.outputs]
    new_facts = [c.fact for c in new.inputs] + [c.fact for c in new.outputs]
    result.columns_added = [f for f in new_facts if f not in old_facts]
    result.columns_removed = [f for f in old_facts if f not in new_facts]
    result.rows = _diff_rules(old, new)
    return result


# --- rules ------------------------------------------------------------------------------


def rule_pairs(old: DecisionTable, new: DecisionTable) -> dict[int, int]:
    """Old rule number -> new rule number, for the rules paired by content."""
    match = match_rows([_content(old, r) for r in old.rules], [_content(new, r) for r in new.rules])
    return {old.rules[i].number: new.rules[j].number for i, j, _ in match.pairs}


def _content(table: DecisionTable, rule: Rule) -> RowContent:
    cells = {c.fact: input_text(e.tests) for c, e in zip(table.inputs, rule.inputs, strict=True)}
    cells.update({c.fact: output_text(e.expression) for c, e in zip(table.outputs, rule.outputs, strict=True)})
    return RowContent(cells, tuple(getattr(rule, p) or "" for p in PROSE))


def _addresses(table: DecisionTable, rule: Rule) -> dict[str, str]:
    found = {c.fact: e.address for c, e in zip(table.inputs, rule.inputs, strict=True)}
    found.update({c.fact: e.address for c, e in zip(table.outputs, rule.outputs, strict=True)})
    return found


def _whole_row(status: Literal["added", "removed"], table: DecisionTable, rule: Rule) -> RowChange:
    new = status == "added"
    return RowChange(
        status=status, text=rule_line(table, rule),
        old_rule=None if new else rule.number, old_row=None if new else rule.row,
        new_rule=rule.number if new else None, new_row=rule.row if new else None,
    )


def _diff_rules(old: DecisionTable, new: DecisionTable) -> list[RowChange]:
    before = [_content(old, r) for r in old.rules]
    after = [_content(new, r) for r in new.rules]
    match = match_rows(before, after)
    ordered: list[tuple[float, RowChange]] = []
    for i, j, score in match.pairs:
        cells = _cell_changes(old, old.rules[i], new, new.rules[j], before[i], after[j])
        moved = (i, j) in match.moved
        if not cells and not moved:
            continue
        rule_o, rule_n = old.rules[i], new.rules[j]
        ordered.append((j, RowChange(
            status="changed" if cells else "moved", old_rule=rule_o.number, new_rule=rule_n.number,
            old_row=rule_o.row, new_row=rule_n.row, text=rule_line(new, rule_n), moved=moved,
            similarity=round(score, 3), cells=cells,
        )))
    for j in match.added:
        ordered.append((j, _whole_row("added", new, new.rules[j])))
    after_old = {i: j for i, j, _ in match.pairs}
    for i in match.removed:
        earlier = [after_old[k] for k in range(i) if k in after_old]
        ordered.append(((earlier[-1] if earlier else -1) + 0.5, _whole_row("removed", old, old.rules[i])))
    return [change for _, change in sorted(ordered, key=lambda item: item[0])]


def _cell_changes(
    old: DecisionTable, rule_o: Rule, new: DecisionTable, rule_n: Rule, before: RowContent, after: RowContent,
) -> list[CellChange]:
    where_new, where_old = _addresses(new, rule_n), _addresses(old, rule_o)
    changes: list[CellChange] = []
    for column in dict.fromkeys([*after.cells, *before.cells]):
        a, b = before.cells.get(column), after.cells.get(column)
        if a == b or (a is None and b == "-") or (b is None and a == "-"):
            continue  # a column added or removed with "-" in this row says nothing about it
        changes.append(CellChange(column=column, old=a, new=b, address=where_new.get(column, where_old.get(column))))
    for k, name in enumerate(PROSE):
        if before.prose[k] != after.prose[k]:
            address = rule_n.citation_address if name == "citation" else None
            changes.append(CellChange(column=name, old=before.prose[k] or None, new=after.prose[k] or None,
                                      address=address))
    return changes


# --- columns, facts, tests --------------------------------------------------------------


def _columns(table: DecisionTable, side: str) -> str:
    return " | ".join(c.fact for c in getattr(table, side))


def _input_values(table: DecisionTable, fact: str) -> str | None:
    column = next((c for c in table.inputs if c.fact == fact), None)
    return input_text(column.input_values) if column is not None and column.input_values is not None else None


def _output_column(table: DecisionTable, fact: str) -> tuple[str | None, str | None]:
    column = next((c for c in table.outputs if c.fact == fact), None)
    if column is None:
        return None, None
    values = ",".join(value_text(v) for v in column.output_values) if column.output_values is not None else None
    default = output_text(column.default.expression) if column.default is not None else None
    return values, default


def _diff_facts(old: dict[str, FactDef], new: dict[str, FactDef]) -> list[FactChange]:
    changes: list[FactChange] = []
    for name in sorted(set(old) | set(new)):
        if name not in old:
            changes.append(FactChange(name=name, status="added", summary=fact_summary(new[name])))
        elif name not in new:
            changes.append(FactChange(name=name, status="removed", summary=fact_summary(old[name])))
        else:
            fields: list[FieldChange] = []
            a, b = old[name], new[name]
            _compare(fields, "type", ("list of " if a.is_list else "") + a.type.value,
                     ("list of " if b.is_list else "") + b.type.value)
            _compare(fields, "allowed values", _allowed(a), _allowed(b))
            for key in ("unit", "description", "question"):
                _compare(fields, key, getattr(a, key), getattr(b, key))
            _compare(fields, "when not documented", a.absence and a.absence.text, b.absence and b.absence.text)
            _compare(fields, "absence basis", a.absence and a.absence.basis, b.absence and b.absence.basis)
            if fields:
                changes.append(FactChange(name=name, status="changed", summary=fact_summary(b), changes=fields))
    return changes


def _allowed(fact: FactDef) -> str | None:
    return ",".join(value_text(v) for v in fact.allowed_values) if fact.allowed_values else None


def _diff_tests(old: tuple[WorkbookTest, ...], new: tuple[WorkbookTest, ...]) -> list[TestChange]:
    before = {t.id: t for t in old}
    after = {t.id: t for t in new}
    changes = [TestChange(id=i, status="added") for i in after if i not in before]
    changes += [TestChange(id=i, status="removed") for i in before if i not in after]
    for test_id, b in after.items():
        if (a := before.get(test_id)) is None:
            continue
        fields: list[FieldChange] = []
        _compare(fields, "as of", a.as_of, b.as_of)
        for label, x, y in (("given", a.inputs, b.inputs), ("expect", a.expected, b.expected)):
            for fact in dict.fromkeys([*y, *x]):
                _compare(fields, f"{label} {fact}", _literal(x, fact), _literal(y, fact))
        _compare(fields, "expect error", a.expected_error, b.expected_error)
        _compare(fields, "description", a.description, b.description)
        if fields:
            changes.append(TestChange(id=test_id, status="changed", changes=fields))
    return changes


def _literal(values: dict[str, object], fact: str) -> str | None:
    return value_text(values[fact]) if fact in values else None


def _compare(into: list[FieldChange], name: str, old: object, new: object) -> None:
    a = None if old is None else str(old)
    b = None if new is None else str(new)
    if a != b:
        into.append(FieldChange(field=name, old=a, new=b))
