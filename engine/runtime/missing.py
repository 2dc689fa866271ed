"""Which undocumented facts would change an outcome, and what to ask about them.

For one table and one undocumented fact, the fact is tried at a value of every class
its column distinguishes (the value classes already name every stretch of values the
table treats alike), with every other fact as it is.  If any trial changes the table's
value, the fact matters.  Facts are first tried one at a time; then each undecided
row is completed with values that pass its cells, and if that changes the value, every
fact the row lacks matters (they matter together).  An undocumented fact that matters
to a table whose output another table reads matters to that table too.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from engine.runtime.hit_policy import PolicyResult
from engine.runtime.trace import MissingFact, RowState, RowTrace, TableResult, json_value

if TYPE_CHECKING:
    from engine.compiler.compiled_table import CompiledTable
    from engine.compiler.rulebase import Rulebase
    from engine.model import DecisionTable

Decide = Callable[["DecisionTable", list[int], dict[str, Any]], PolicyResult]


def _trial_values(compiled: CompiledTable, fact: str, env: dict[str, Any], skip_null: bool = False) -> list[Any]:
    """Values to try ``fact`` at: one per value class of its columns, and for a fact a cell names
    (``<= trial_limit`` in a quantity column) the value it is compared with and its neighbours."""
    values: list[Any] = [] if skip_null else [None]
    for column in compiled.columns:
        if column.fact == fact:
            values.extend(column.classes.representatives)
    table = compiled.table
    for rule in table.rules:
        for input_col, entry in zip(table.inputs, rule.inputs, strict=True):
            if fact in entry.tests.names():
                other = env.get(input_col.fact)
                around = [other - 1, other, other + 1] if isinstance(other, Decimal) else [other]
                values.extend(v for v in around if v is not None and v not in values)
    return values


def missing_that_matter(
    compiled: CompiledTable,
    rows: list[RowTrace],
    env: dict[str, Any],
    current: PolicyResult,
    decide: Decide,
    tentative: Collection[str] = (),
) -> list[str]:
    """Undocumented facts whose value would change this table's result.

    ``tentative`` facts have a value that rests on an absence rule (taken as its value, or
    the output of a table that such a fact could change); those this table reads are tried
    at the other values its columns distinguish.
    """
    table = compiled.table
    candidates: list[str] = []
    for row in rows:
        if row.state is RowState.UNDECIDED:
            candidates.extend(f for f in row.missing if f not in candidates)
    if tentative:
        read = {c.fact for c in table.inputs} | {n for r in table.rules for e in r.inputs for n in e.tests.names()}
        candidates.extend(f for f in sorted(read) if f in tentative and f not in candidates)
    if not candidates:
        return []
    baseline = (json_value(current.value), current.violation)
    matter: list[str] = []
    for fact in candidates:
        # Rows that pass every cell not involving this fact are the only ones it can move.
        reachable = [
            i for i, row in enumerate(rows)
            if all(
                check.passed or check.fact == fact or fact in _names(table, i, c)
                for c, check in enumerate(row.cells)
            )
        ]
        seen: set[tuple[int, ...]] = set()
        for value in _trial_values(compiled, fact, env, skip_null=fact in tentative):
            trial_env = {**env, fact: value}
            matched = tuple(i for i in reachable if _row_passes(table, i, trial_env))
            if matched in seen:
                continue
            seen.add(matched)
            outcome = decide(table, list(matched), trial_env)
            if (json_value(outcome.value), outcome.violation) != baseline:
                matter.append(fact)
                break
    # Facts that matter only together: complete each undecided row with values that
    # pass its cells; if that changes the result, every fact the row lacks matters.
    for i, row in enumerate(rows):
        if row.state is not RowState.UNDECIDED or all(f in matter for f in row.missing):
            continue
        completed = _completing(compiled, i, row, env)
        if completed is None:
            continue
        hits = [j for j in range(len(rows)) if _row_passes(table, j, completed)]
        outcome = decide(table, hits, completed)
        if (json_value(outcome.value), outcome.violation) != baseline:
            matter.extend(f for f in row.missing if f not in matter)
    return matter


def _completing(
    compiled: CompiledTable, index: int, row: RowTrace, env: dict[str, Any]
) -> dict[str, Any] | None:
    """The case with values for the row's missing facts that pass its cells, if any."""
    table = compiled.table
    pairs = list(zip(table.inputs, table.rules[index].inputs, strict=True))
    trial_env = dict(env)
    for fact in row.missing:
        involved = [(c, e) for c, e in pairs if c.fact == fact or fact in e.tests.names()]
        for value in _trial_values(compiled, fact, trial_env):
            trial_env[fact] = value
            if all(e.tests.is_dont_care or e.tests.matches(trial_env.get(c.fact), trial_env) for c, e in involved):
                break
        else:
            return None
    return trial_env if _row_passes(table, index, trial_env) else None


def _names(table: DecisionTable, row: int, column: int) -> frozenset[str]:
    return table.rules[row].inputs[column].tests.names()


def _row_passes(table: DecisionTable, index: int, env: dict[str, Any]) -> bool:
    rule = table.rules[index]
    for column, entry in zip(table.inputs, rule.inputs, strict=True):
        tests = entry.tests
        if not tests.is_dont_care and not tests.matches(env.get(column.fact), env):
            return False
    return True


def summarise_missing(
    rulebase: Rulebase, results: dict[str, TableResult], documented: frozenset[str]
) -> list[MissingFact]:
    """Root undocumented facts (never a table's output) with the tables they affect."""
    roots: dict[str, list[str]] = {}

    def root_facts(table: str, trail: frozenset[str]) -> list[str]:
        found: list[str] = []
        for fact in results[table].missing_facts:
            producer = rulebase.producers.get(fact)
            if producer is not None and producer in results and producer not in trail:
                found.extend(f for f in root_facts(producer, trail | {producer}) if f not in found)
            elif fact not in documented and fact not in found:
                found.append(fact)
        return found

    for name in results:
        expanded = root_facts(name, frozenset({name}))
        results[name].missing_facts = expanded
        for fact in expanded:
            roots.setdefault(fact, []).append(name)
    return [
        MissingFact(name=f, question=rulebase.facts[f].question if f in rulebase.facts else None, tables=t)
        for f, t in roots.items()
    ]
