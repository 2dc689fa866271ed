"""Checks over every loaded workbook at once: the glossary, the tables and how they chain.

A table *reads* the facts of its input columns and every fact named in its cells,
outputs and defaults; it *produces* the facts of its output columns.  Over all tables
(every edition together, as the compiler does):

- a fact has one type in every glossary (``fact-type``);
- table names are unique, except between editions of one guideline (``duplicate-table``);
- one table produces each fact (``two-producers``);
- no tables read each other's outputs in a cycle (``cycle``, every cycle with its path);
- an output no table reads and no rationale shows, unless it is a determination
  ``<topic>.outcome``, which the case reads (``unread-output``, info);
- with a case corpus: a fact read that no table produces and no case documents
  (``unsupplied``);
- every fact a table reads and no table produces declares what its absence means when a
  determination is made, ``taken as <value>`` or ``must be documented`` (``absence``);
  a table's output declares none (it follows from its table).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from engine.model import DecisionTable, FactDef, Workbook
from engine.validation.content import placeholders
from engine.validation.findings import Finding, Severity, at

OUTCOME_SUFFIX = ".outcome"


@dataclass
class Reads:
    """Where each fact is read and written."""

    read_at: dict[str, list[tuple[DecisionTable, str]]] = field(default_factory=dict)  # fact -> (table, address)
    producers: dict[str, list[tuple[DecisionTable, str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, tables: Sequence[DecisionTable]) -> Reads:
        reads = cls()
        for table in tables:
            for column in table.inputs:
                reads.read_at.setdefault(column.fact, []).append((table, column.address))
            for rule in table.rules:
                for entry in rule.inputs:
                    for name in sorted(entry.tests.names()):
                        reads.read_at.setdefault(name, []).append((table, entry.address))
                for out in rule.outputs:
                    for name in sorted(out.expression.names()):
                        reads.read_at.setdefault(name, []).append((table, out.address))
            for output in table.outputs:
                reads.producers.setdefault(output.fact, []).append((table, output.address))
                if output.default is not None:
                    for name in sorted(output.default.expression.names()):
                        reads.read_at.setdefault(name, []).append((table, output.default.address))
        return reads


def merged_glossary(workbooks: Sequence[Workbook]) -> tuple[dict[str, FactDef], list[Finding]]:
    """Every workbook's Facts in one glossary (the first definition wins) and the clashes."""
    facts: dict[str, FactDef] = {}
    findings: list[Finding] = []
    owner: dict[str, str] = {}
    for wb in workbooks:
        for name, fact in wb.facts.items():
            first = facts.setdefault(name, fact)
            owner.setdefault(name, wb.path)
            if first is not fact and (first.type, first.is_list) != (fact.type, fact.is_list):
                findings.append(at("fact-type", Severity.ERROR,
                                   f"fact {name!r} is {_type(fact)} here but {_type(first)} in {owner[name]} "
                                   f"({first.address}); a fact has one type", wb.path, fact.address))
    return facts, findings


def _type(fact: FactDef) -> str:
    return f"'list of {fact.type.value}'" if fact.is_list else repr(fact.type.value)


def check_chaining(tables: Sequence[DecisionTable], supplied: Collection[str] | None = None,
                   supplied_by: str = "") -> list[Finding]:
    findings: list[Finding] = []
    findings += _table_names(tables)
    reads = Reads.of(tables)
    for fact, producers in reads.producers.items():
        first = producers[0][0]
        for table, address in producers[1:]:
            if table.name != first.name:
                findings.append(at("two-producers", Severity.ERROR,
                                   f"fact {fact!r} is written by table {table.name!r} and by table {first.name!r} "
                                   f"({first.workbook}); one table writes each fact", table.workbook, address))
    findings += _cycles(tables, reads)
    shown = {name for table in tables for rule in table.rules for name in placeholders(rule.rationale)}
    for fact, producers in reads.producers.items():
        readers = {t.name for t, _ in reads.read_at.get(fact, [])}
        if fact.endswith(OUTCOME_SUFFIX) or fact in shown or readers - {producers[0][0].name}:
            continue
        seen: set[str] = set()
        for table, address in producers:
            if table.name not in seen:
                seen.add(table.name)
                findings.append(at("unread-output", Severity.INFO,
                                   f"output {fact!r} of table {table.name!r} is read by no table and shown in "
                                   "no rationale",
                                   table.workbook, address))
    if supplied is not None:
        for fact, places in reads.read_at.items():
            if fact in reads.producers or fact in supplied:
                continue
            table, address = places[0]
            names = sorted({t.name for t, _ in places})
            findings.append(at("unsupplied", Severity.WARNING,
                               f"fact {fact!r} (read by {', '.join(names)}) is produced by no table and "
                               f"documented by no case in {supplied_by}", table.workbook, address))
    return findings


def _table_names(tables: Sequence[DecisionTable]) -> list[Finding]:
    findings: list[Finding] = []
    first: dict[str, DecisionTable] = {}
    for table in tables:
        other = first.setdefault(table.name, table)
        if other is not table and (other.guideline_id != table.guideline_id or other.edition == table.edition):
            findings.append(at("duplicate-table", Severity.ERROR,
                               f"table name {table.name!r} is also used in {other.workbook}, sheet {other.sheet!r}; "
                               "names are unique except between editions of one guideline",
                               table.workbook, table.address))
    return findings


def _cycles(tables: Sequence[DecisionTable], reads: Reads) -> list[Finding]:
    """Every strongly connected group of tables that read each other, with one path."""
    producer = {fact: places[0][0].name for fact, places in reads.producers.items()}
    edges: dict[str, dict[str, str]] = {t.name: {} for t in tables}  # reader -> producer -> fact
    for fact, places in sorted(reads.read_at.items()):
        if fact in producer:
            for table, _ in places:
                edges[table.name].setdefault(producer[fact], fact)
    where: dict[str, DecisionTable] = {}
    for table in tables:
        where.setdefault(table.name, table)
    findings = []
    for group in _components(edges):
        start = min(group)
        if len(group) == 1 and start not in edges[start]:
            continue
        path = _cycle_path(start, edges, set(group))
        steps = "; ".join(f"{a!r} reads {edges[a][b]!r} from {b!r}" for a, b in path)
        table = where[start]
        findings.append(at("cycle", Severity.ERROR, f"tables read each other's outputs in a cycle: {steps}",
                           table.workbook, table.address))
    return findings


def _components(edges: Mapping[str, Mapping[str, str]]) -> list[list[str]]:
    """Tarjan's strongly connected components."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, {})):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def _cycle_path(start: str, edges: Mapping[str, Mapping[str, str]], group: set[str]) -> list[tuple[str, str]]:
    """A shortest way from ``start`` back to itself inside ``group``, as (reader, producer) steps."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        grown = []
        for node in frontier:
            for nxt in sorted(edges[node]):
                if nxt not in group:
                    continue
                if nxt == start:
                    path = [(node, start)]
                    while node != start:
                        path.append((previous[node], node))
                        node = previous[node]
                    return list(reversed(path))
                if nxt not in previous:
                    previous[nxt] = node
                    grown.append(nxt)
        frontier = grown
    return []


def check_absence(workbooks: Sequence[Workbook]) -> list[Finding]:
    """Every root fact a table reads declares its absence rule in some glossary; no output uses one."""
    findings: list[Finding] = []
    tables = [table for wb in workbooks for table in wb.tables]
    reads = Reads.of(tables)
    for fact, places in reads.read_at.items():
        if fact in reads.producers:
            continue
        defined = [(wb, wb.facts[fact]) for wb in workbooks if fact in wb.facts]
        if not defined or any(d.absence is not None for _, d in defined):
            continue
        wb, definition = defined[0]
        names = sorted({t.name for t, _ in places})
        findings.append(at("absence", Severity.ERROR,
                           f"fact {fact!r} (read by {', '.join(names)}) declares no absence rule: write 'taken as "
                           "<value>' or 'must be documented' in its 'when not documented' cell",
                           wb.path, definition.address))
    for fact, producers in reads.producers.items():
        for wb in workbooks:
            produced = wb.facts.get(fact)
            if produced is not None and produced.absence is not None and produced.absence.taken:
                findings.append(at("absence", Severity.WARNING,
                                   f"fact {fact!r} is the output of table {producers[0][0].name!r}: its absence rule "
                                   f"{produced.absence.text!r} is never used", wb.path, produced.absence.address))
    return findings
