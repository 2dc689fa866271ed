"""Which undocumented facts would change an outcome, and what to ask about them.

For one table and one undocumented fact, the fact is tried at a value of every class
its column distinguishes (the value classes already name every stretch of values the
table treats alike), with every other fact as it is; each trial is matched by the rule
network, as a decision is.  If any trial changes the table's value, the fact matters.
Facts are first tried one at a time; then each undecided row is completed with values
that pass its cells, and if that changes the value, every fact the row lacks matters
(they matter together).  An undocumented fact that matters to a table whose output
another table reads matters to that table too.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from engine.runtime.hit_policy import PolicyResult
from engine.runtime.trace import MissingFact, RowState, RowStatus, TableResult, json_value

if TYPE_CHECKING:
    from engine.compiler.compiled_table import CompiledTable
    from engine.compiler.rulebase import Rulebase
    from engine.model import DecisionTable

Decide = Callable[["DecisionTable", list[int], dict[str, Any]], PolicyResult]


class Matcher(Protocol):
    """What trials need of the rule network."""

    def match(self, table: str, classes: Sequence[int]) -> list[int]: ...


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
    network: Matcher,
    compiled: CompiledTable,
    statuses: Sequence[RowStatus],
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
    for status in statuses:
        if status.state is RowState.UNDECIDED:
            candidates.extend(f for f in status.missing if f not in candidates)
    if tentative:
        read = {c.fact for c in table.inputs} | {n for r in table.rules for e in r.inputs for n in e.tests.names()}
        candidates.extend(f for f in sorted(read) if f in tentative and f not in candidates)
    if not candidates:
        return []
    baseline = (json_value(current.value), current.violation)

    def rows_for(trial_env: dict[str, Any]) -> list[int]:
        return network.match(compiled.key, compiled.classes(trial_env))

    matter: list[str] = []
    for fact in candidates:
        seen: set[tuple[int, ...]] = set()
        for value in _trial_values(compiled, fact, env, skip_null=fact in tentative):
            trial_env = {**env, fact: value}
            matched = rows_for(trial_env)
            if tuple(matched) in seen:
                continue
            seen.add(tuple(matched))
            outcome = decide(table, matched, trial_env)
            if (json_value(outcome.value), outcome.violation) != baseline:
                matter.append(fact)
                break
    # Facts that matter only together: complete each undecided row with values that
    # pass its cells; if that changes the result, every fact the row lacks matters.
    for index, status in enumerate(statuses):
        if status.state is not RowState.UNDECIDED or all(f in matter for f in status.missing):
            continue
        completed = _completing(compiled, index, status.missing, env)
        if completed is None:
            continue
        outcome = decide(table, rows_for(completed), completed)
        if (json_value(outcome.value), outcome.violation) != baseline:
            matter.extend(f for f in status.missing if f not in matter)
    return matter


def _completing(
    compiled: CompiledTable, index: int, missing: Sequence[str], env: dict[str, Any]
) -> dict[str, Any] | None:
    """The case with values for the row's missing facts that pass its cells, if any."""
    cells = compiled.row_cells[index]
    trial_env = dict(env)
    for fact in missing:
        involved = [cell for cell in cells if fact in cell.facts]
        for value in _trial_values(compiled, fact, trial_env):
            trial_env[fact] = value
            classes = compiled.classes(trial_env)
            if all(classes[cell.spec_column] in cell.accepts for cell in involved):
                break
        else:
            return None
    classes = compiled.classes(trial_env)
    return trial_env if all(classes[cell.spec_column] in cell.accepts for cell in cells) else None


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
