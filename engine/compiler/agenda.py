"""The rule base's chaining as an :class:`~engine.rete.agenda.Agenda`.

One rule per table name (every edition of a table reads through one rule: the edition in
effect is chosen when the table's turn comes), waiting for the facts the table reads that
another table writes.  Rules follow ``Rulebase.order``, producers before readers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.rete import Agenda

if TYPE_CHECKING:
    from engine.compiler.rulebase import Rulebase

__all__ = ["Agenda", "build_agenda"]


def build_agenda(rulebase: Rulebase) -> Agenda:
    """The agenda of every table in the rule base (a table reads what any of its editions reads)."""
    tables = [
        (name, frozenset().union(*(c.reads for c in rulebase.tables[name])))
        for name in rulebase.order
    ]
    return Agenda(tables, frozenset(rulebase.producers))
