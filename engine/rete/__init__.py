"""The rule engine: decision tables matched by durable-rules' Rete network.

API (see :mod:`engine.rete.durable_adapter`)::

    network = RuleNetwork([TableSpec(name, columns, rows, class_counts), ...])
    network.match(name, classes)                    # all matching rows, ascending
    network.match_many(name, cases)                 # the same for many cases, batched
    network.match_many(name, cases, first_only=True)  # first matching row only (FIRST)
    network.close()                                 # or use it as a context manager

    agenda = Agenda([(table, facts_it_reads), ...], produced_facts)  # tables, producers first
    agenda.run(decide)      # decide(table) -> facts it settled; each table once its inputs settled

For the compiler (what costs what, measured on durable-rules 2.0.28):

* A cell is cheapest as one contiguous run of class ids (one or two comparisons, any
  number of classes).  Columns of at most 400 classes are renumbered automatically to make
  cells runs (:mod:`engine.rete.relabel`); larger columns keep their numbering, so number
  their classes in value order.  A scattered set costs one test per member (or per hole).
* There is no limit on classes per column; at most 251 columns per table (a fact holds
  254 properties).  Rows are any number (slices of 128 rows per ruleset).
* A case costs about 1-2 us to hand over, ~0.1 us per alpha node it passes or test it
  evaluates, and ~1 us per row that fires; ``match_many`` is several times cheaper per
  case than ``match``, and ``first_only`` stops at the first slice of rows that fires.
* A row with an empty cell can never fire and is left out; a ``None`` cell is no test.
* Errors: a malformed spec or case is a ``ValueError``; anything the engine reports is a
  :class:`RuleEngineError` (a ``RuntimeError``) naming the table.

Only :mod:`engine.rete.durable_adapter` (matching) and :mod:`engine.rete.agenda` (chaining,
with the adapter's guards) import durable-rules; the rest of the package (spec, encoding,
layout, shadow, costmodel, facts, relabel) is plain Python.
"""

from engine.rete.agenda import Agenda
from engine.rete.durable_adapter import RuleNetwork
from engine.rete.errors import RuleEngineError
from engine.rete.spec import TableSpec

__all__ = ["Agenda", "RuleEngineError", "RuleNetwork", "TableSpec"]
