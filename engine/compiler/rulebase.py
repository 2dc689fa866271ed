"""A rule base: every loaded workbook, checked as a whole and compiled once.

Checks that need all workbooks at once live here: one glossary across workbooks (a
fact means the same everywhere), unknown fact names, one producer per fact, table
names unique except between editions of one guideline, editions that do not overlap,
and no cycle between tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.compiler.compiled_table import CompiledTable, compile_table
from engine.compiler.graph import evaluation_order
from engine.compiler.network import LazyNetwork
from engine.errors import CompileError, Location, WorkbookError, did_you_mean
from engine.model import DecisionTable, FactDef, Guideline, Workbook
from engine.rete import TableSpec

if TYPE_CHECKING:
    from engine.compiler.agenda import Agenda


@dataclass
class Rulebase:
    workbooks: list[Workbook]
    facts: dict[str, FactDef]
    tables: dict[str, list[CompiledTable]]  # table name -> one compiled table per edition
    order: list[str]  # table names, producers before readers
    producers: dict[str, str]  # fact -> the table name writing it
    network: LazyNetwork  # safe to call from any thread; a table's rulesets are made on its first match

    def editions(self, as_of: dt.date) -> dict[str, Guideline]:
        """Per guideline id, the edition in effect on ``as_of`` (absent if none)."""
        chosen: dict[str, Guideline] = {}
        for wb in self.workbooks:
            if wb.guideline.in_effect(as_of):
                chosen[wb.guideline.id] = wb.guideline
        return chosen

    def active_tables(self, as_of: dt.date) -> list[CompiledTable]:
        """The tables in effect on ``as_of``, in evaluation order."""
        editions = self.editions(as_of)
        active = []
        for name in self.order:
            for compiled in self.tables[name]:
                guideline = editions.get(compiled.table.guideline_id)
                if guideline is not None and guideline.edition == compiled.table.edition:
                    active.append(compiled)
                    break
        return active

    def table(self, name: str) -> DecisionTable:
        return self.tables[name][0].table

    @cached_property
    def absence_values(self) -> dict[str, Any]:
        """Fact -> the value its absence is taken as: root facts whose rule is ``taken as``.

        A table's output never takes an absence value: it follows from its table.
        """
        return {
            name: fact.absence.value for name, fact in self.facts.items()
            if fact.absence is not None and fact.absence.taken and name not in self.producers
        }

    @cached_property
    def writes(self) -> dict[str, frozenset[str]]:
        """Table name -> every fact some edition of it writes (what the agenda settles for it)."""
        return {name: frozenset(f for c in group for f in c.writes) for name, group in self.tables.items()}

    @cached_property
    def agenda(self) -> Agenda:
        """The chaining between tables as a durable-rules ruleset, made on first use."""
        from engine.compiler.agenda import build_agenda

        return build_agenda(self)

    def close(self) -> None:
        if "agenda" in self.__dict__:
            self.agenda.close()
        self.network.close()


def workbook_paths(paths: Path | str | Iterable[Path | str]) -> list[Path]:
    """Expand files and folders into the .xlsx files to load, in a stable order."""
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    found: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found.extend(
                p for p in sorted(path.glob("*.xlsx")) if not p.name.startswith("~$")
            )
        else:
            found.append(path)
    if not found:
        raise WorkbookError(
            "no workbooks to load", location=Location(", ".join(str(i) for i in items)),
            expected="an .xlsx file or a folder holding some", found="none",
        )
    return found


def display_path(path: Path) -> str:
    """How messages and traces name a file: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_rulebase(paths: Path | str | Iterable[Path | str]) -> Rulebase:
    """Read and compile workbooks (files or folders of .xlsx); a workbook read before comes from the cache."""
    from engine.cache import read_workbook_cached

    return compile_rulebase([read_workbook_cached(p, display_path(p)) for p in workbook_paths(paths)])


def compile_rulebase(workbooks: Sequence[Workbook]) -> Rulebase:
    _check_editions(workbooks)
    facts = _merge_glossaries(workbooks)
    tables: dict[str, list[CompiledTable]] = {}
    owner: dict[str, DecisionTable] = {}
    producers: dict[str, str] = {}
    for wb in workbooks:
        for table in wb.tables:
            first = owner.setdefault(table.name, table)
            if first is not table and (
                first.guideline_id != table.guideline_id or first.edition == table.edition
            ):
                raise CompileError(
                    f"table name {table.name!r} is used twice",
                    location=Location(table.workbook, table.sheet, _cell(table.address)),
                    expected="a name unique across the loaded workbooks (or another edition of one guideline)",
                    found=f"the same name at {first.workbook}, sheet {first.sheet!r}",
                )
            _check_names(table, facts)
            for column in table.outputs:
                other = producers.setdefault(column.fact, table.name)
                if other != table.name:
                    raise CompileError(
                        f"fact {column.fact!r} is written by two tables",
                        location=Location(table.workbook, table.sheet, _cell(column.address)),
                        expected="one table per output fact", found=f"also table {other!r}",
                    )
            key = f"{table.name}@{table.guideline_id}:{table.edition}"
            tables.setdefault(table.name, []).append(compile_table(table, key))
    reads = {name: frozenset().union(*(c.reads for c in group)) for name, group in tables.items()}
    where = {name: group[0].table.workbook for name, group in tables.items()}
    order = evaluation_order(reads, producers, where)
    network = LazyNetwork({c.key: _spec_of(c) for group in tables.values() for c in group})
    return Rulebase(
        workbooks=list(workbooks), facts=facts, tables=tables, order=order,
        producers=producers, network=network,
    )


def _cell(address: str) -> str | None:
    return address.split("!", 1)[1] if "!" in address else None


def _check_editions(workbooks: Sequence[Workbook]) -> None:
    seen: dict[str, list[Workbook]] = {}
    for wb in workbooks:
        for other in seen.get(wb.guideline.id, []):
            a, b = other.guideline, wb.guideline
            if a.edition == b.edition:
                raise CompileError(
                    f"guideline {a.id!r} edition {a.edition!r} is loaded twice",
                    location=Location(wb.path, "Guideline"),
                    expected="each edition once", found=f"also in {other.path}",
                )
            starts_before_end = a.effective_to is None or b.effective_from is None or b.effective_from <= a.effective_to
            ends_after_start = b.effective_to is None or a.effective_from is None or a.effective_from <= b.effective_to
            if starts_before_end and ends_after_start:
                raise CompileError(
                    f"editions {a.edition!r} and {b.edition!r} of guideline {a.id!r} overlap",
                    location=Location(wb.path, "Guideline"),
                    expected="effective dates that do not overlap",
                    found=f"{_span(a)} ({other.path}) and {_span(b)}",
                )
        seen.setdefault(wb.guideline.id, []).append(wb)


def _span(g: Guideline) -> str:
    return f"{g.effective_from or 'the start'} to {g.effective_to or 'now'}"


def _merge_glossaries(workbooks: Sequence[Workbook]) -> dict[str, FactDef]:
    facts: dict[str, FactDef] = {}
    for wb in workbooks:
        for name, fact in wb.facts.items():
            first = facts.setdefault(name, fact)
            if first is not fact and (first.type, first.is_list) != (fact.type, fact.is_list):
                sheet, cell = fact.address.split("!", 1)
                raise CompileError(
                    f"fact {name!r} has two types", location=Location(wb.path, sheet, cell),
                    expected=f"{first.type} as at {first.address}", found=str(fact.type),
                )
            if first is not fact and fact.absence is not None:
                if first.absence is None:
                    facts[name] = first.model_copy(update={"absence": fact.absence})
                elif (first.absence.kind, first.absence.value) != (fact.absence.kind, fact.absence.value):
                    sheet, cell = fact.absence.address.split("!", 1)
                    raise CompileError(
                        f"fact {name!r} has two absence rules", location=Location(wb.path, sheet, cell),
                        expected=f"{first.absence.text!r} as at {first.absence.address}",
                        found=repr(fact.absence.text), hint="declare it in one glossary only",
                    )
    return facts


def _check_names(table: DecisionTable, facts: dict[str, FactDef]) -> None:
    def check(name: str, address: str, what: str) -> None:
        if name in facts:
            return
        sheet, cell = address.split("!", 1)
        raise CompileError(
            f"unknown fact {name!r} in {what}", location=Location(table.workbook, sheet, cell),
            expected="a fact from a Facts glossary", found=repr(name),
            hint=did_you_mean(name, facts),
        )

    for column in table.inputs:
        check(column.fact, column.address, "an input column")
    for out in table.outputs:
        check(out.fact, out.address, "an output column")
    for rule in table.rules:
        for entry in rule.inputs:
            for name in entry.tests.names():
                check(name, entry.address, "a test")
        for out_entry in rule.outputs:
            for name in out_entry.expression.names():
                check(name, out_entry.address, "an output")


def _spec_of(compiled: CompiledTable) -> Callable[[], TableSpec]:
    return lambda: compiled.spec
