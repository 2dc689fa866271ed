"""Match cases against decision tables with durable-rules' Rete network.

This is the only module of the project that imports durable-rules.  It drives the C
extension ``durable_rules_engine`` directly instead of the stock ``durable.engine.Host``:

* the Host starts two timer threads that call into the same C engine and may run an
  action on a thread other than the caller's; here every call happens on the caller's
  thread, under the network's lock, so no action is ever delivered elsewhere;
* the Host wraps each action in Python objects and JSON round trips; here an action's
  message is only read for the rule name (``r<row>``) and the case ids in its frames;
* a fact that matches no rule is not an exception, just a return code.

Each case is one fact (``{"id", "g": 0, "<column>": class, ...}``, a small column as
``"<name of its class>": 1`` instead, see :func:`engine.rete.layout.compile_table`) in the
ruleset's default state ``"0"``.  ``match`` asserts it, completes one action per matching rule
(actions come in rule order, which is row order) and retracts it.  ``match_many`` asserts
a chunk of cases at once: rules carry ``cap`` so that one action hands over every case a
rule matched; for ``first_only`` the cases are asserted as *events*, which the engine
consumes with the first (lowest-row) rule that fires, so each event yields exactly one
action frame and nothing is left to retract; first_only batches have a layout of
their own, in rulesets of :data:`FIRST_RULES` rows, so that a case stops early.
See :mod:`engine.rete.layout` for how rows become rules and why.

**Cleaning up is delicate** (all measured on 2.0.28, each a crash, not an exception):
``delete_state`` while action frames are pending corrupts the heap; ``delete_state`` on a
state in which no action ever ran frees uninitialised pointers (the engine never sets a
new state's action context); retracting after ``abandon_action`` segfaults.  So every new
ruleset is *primed* (one action run through its state, see ``facts.PRIMER_PROP``), every
call drains all actions before it retracts or deletes anything, and after a failure half
way (an engine error, or an exception such as ``KeyboardInterrupt`` between two engine
calls) the table's rulesets are *replaced* by fresh ones built from the same definition;
the old ones are abandoned, never touched again (a few hundred KB each).  ``close`` frees
a ruleset's state before the ruleset, since ``delete_ruleset`` does not.
"""

from __future__ import annotations

import itertools
import re
import threading
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from types import TracebackType

import durable_rules_engine as dre

from engine.collector import collector_paused
from engine.rete.errors import RuleEngineError
from engine.rete.facts import (
    PRIMER_FACT,
    PRIMER_RETRACT,
    PRIMER_RULE,
    Pieces,
    join_pieces,
    piece_renderer,
    value_strings,
)
from engine.rete.layout import CompiledRuleset, CompiledTable, compile_table
from engine.rete.spec import TableSpec, validate_case, validate_spec

__all__ = ["RuleEngineError", "RuleNetwork", "TableSpec"]

_ENGINE_ERRORS = (dre.error, MemoryError)
_SERIAL = itertools.count(1)
_FRAME_ID = re.compile(r'"id":(\d+)')  # a case's position in its chunk, in action frames
_STATE = "0"  # the default state id, used by facts without a "sid"
_OBSERVED = 2  # an assert's code for a message whose id the state already holds
_RETRACT_0 = '{"id":0}'
BATCH = 512  # cases asserted per call in match_many (stored facts cost ~8 KB each)
# Rows per ruleset in first_only batches.  A case goes on to the next ruleset only if no
# row of the earlier ones fired, so small rulesets stop early, and each ruleset a case
# visits costs about 2 us whatever its size (parsing the fact, rendering it, the events'
# frames): on the anchor table of bench/batch.py (a row fires for ~3% of cases) 25 to 50
# rows were best, 128 (the layout of match and of all-match batches) 1.2x to 1.4x slower.
FIRST_RULES = 40
_ID_TEXT = [str(i) for i in range(BATCH)]  # ids as frames spell them (cheaper than int())
_ID_OF = {text: i for i, text in enumerate(_ID_TEXT)}


@dataclass
class _Table:
    spec: TableSpec
    compiled: CompiledTable
    handles: list[int]  # one per compiled ruleset, same order
    values: list[dict[int, str]]  # per column: class id -> rendered property (facts.py)
    pieces: Pieces
    broken: str | None = None  # why the table cannot be used any more
    # the layout of first_only batches (rulesets of FIRST_RULES rows), built on first
    # use; the same list object as ``handles`` when both layouts are one ruleset alike
    first: CompiledTable | None = None
    first_handles: list[int] = field(default_factory=list)

    def facts(self, pairs: Iterable[tuple[int, Sequence[int]]]) -> list[str]:
        """The facts for ``(id, case)`` pairs, as pieces for :func:`join_pieces`.

        Raises ``ValueError`` (one line, naming the table) for a case that does not fit
        the table: rendering looks each class id up, so a bad one cannot slip through.
        """
        pairs = list(pairs)
        try:
            return self.pieces(pairs, self.values)
        except (KeyError, TypeError, ValueError):
            for _, case in pairs:
                validate_case(self.spec, case)
            raise


def _without_shadows(compiled: CompiledTable) -> CompiledTable:
    """The compiled table without its shadow networks (~4 MB per 1,000 rows)."""
    return replace(compiled, rulesets=tuple(replace(r, shadow=None) for r in compiled.rulesets))


def _definitions(rulesets: Sequence[CompiledRuleset]) -> list[str]:
    return [ruleset.definition for ruleset in rulesets]


def _rule_row(message: str) -> int:
    """The row of the rule an action message belongs to: ``{"r12":[...]}`` -> 12."""
    return int(message[3 : message.index('"', 3)])


def _checked(result: tuple[int, int]) -> tuple[int, int]:
    """An assert's ``(code, state)``: 0 fired, 1 fired nothing (not stored), 2 "already
    observed": a fact with that id is still in the state, which cleaning up rules out."""
    if result[0] == _OBSERVED:
        raise dre.error("a case id was still in the engine (error code 2)")
    return result


def _prime(handle: int) -> None:
    """Run the primer action through the ruleset's state (see ``facts.PRIMER_PROP``)."""
    _, state = dre.assert_fact(handle, PRIMER_FACT)
    action = dre.start_action_for_state(handle, state)
    if action is None or f'"{PRIMER_RULE}"' not in action[1]:
        raise dre.error(f"the primer fact fired {action!r}")
    while dre.complete_and_start_action(handle, state):
        pass
    dre.retract_fact(handle, PRIMER_RETRACT)


def _delete_rulesets(handles: list[int]) -> None:
    """Free rulesets in the C engine (also run by the finalizer of a dropped network).

    ``delete_ruleset`` does not free the ruleset's states (about 1.3 MB for a 100-rule
    ruleset, measured), so the state goes first; it is primed and drained, so that is
    safe.  What the engine still keeps of a deleted ruleset is a few tens of KB.
    """
    while handles:
        handle = handles.pop()
        with suppress(*_ENGINE_ERRORS):
            dre.delete_state(handle, _STATE)
        with suppress(*_ENGINE_ERRORS):
            dre.delete_ruleset(handle)


class RuleNetwork:
    """Decision tables compiled into durable-rules rulesets, one network per load.

    Rulesets are created under unique names and freed by :meth:`close` (or when the
    network is garbage collected), so several networks can live in one process and a
    reloaded table simply gets a new network.  Every public method takes the network's
    lock, so a network can be used from any thread; calls are serialised (the C engine
    never releases the GIL, so threads would not run in parallel anyway).
    """

    def __init__(self, tables: Sequence[TableSpec], *, batch: int = BATCH) -> None:
        self._lock = threading.Lock()
        self._serial = next(_SERIAL)
        self._batch = max(1, min(batch, BATCH))
        self._tables: dict[str, _Table] = {}
        self._handles: list[int] = []  # live rulesets of this network, freed on close
        self._abandoned: list[int] = []  # rulesets left behind after a failure
        self._generation = itertools.count()
        self._finalizer = weakref.finalize(self, _delete_rulesets, self._handles)
        try:
            for spec in tables:
                self._add(spec)
        except BaseException:
            self._finalizer()
            raise

    def _add(self, spec: TableSpec) -> None:
        validate_spec(spec)
        if spec.name in self._tables:
            raise ValueError(f"table {spec.name!r}: the name is used twice in one network")
        compiled = _without_shadows(compile_table(spec))
        handles = [self._create(spec.name, ruleset.definition) for ruleset in compiled.rulesets]
        ranks = [
            range(n) if rank is None else rank
            for rank, n in zip(compiled.ranks, spec.class_counts, strict=True)
        ]
        values = value_strings(compiled.names, ranks, compiled.named)
        self._tables[spec.name] = _Table(
            spec, compiled, handles, values, piece_renderer(spec.columns)
        )

    def _first_handles(self, entry: _Table) -> list[int]:
        """The rulesets of the first_only layout (built now if this is their first use)."""
        if entry.first is None:
            c = entry.compiled
            first = _without_shadows(compile_table(entry.spec, max_rules=FIRST_RULES))
            if (first.ranks, first.names, first.named) != (c.ranks, c.names, c.named):
                raise AssertionError(f"table {entry.spec.name!r}: the layouts number classes apart")
            if _definitions(first.rulesets) == _definitions(entry.compiled.rulesets):
                entry.first, entry.first_handles = entry.compiled, entry.handles
            else:
                handles: list[int] = []
                for ruleset in first.rulesets:
                    handles.append(self._create(entry.spec.name, ruleset.definition))
                entry.first, entry.first_handles = first, handles
        return entry.first_handles

    def _create(self, table: str, definition: str) -> int:
        """A new ruleset in the C engine, under a name no other ruleset has."""
        name = f"{table}#{self._serial}.{next(self._generation)}"
        try:
            handle: int = dre.create_ruleset(name, definition)
        except _ENGINE_ERRORS as exc:
            raise RuleEngineError(
                f"table {table!r}: durable-rules could not create a ruleset: {exc}"
            ) from exc
        self._handles.append(handle)
        try:
            _prime(handle)
        except _ENGINE_ERRORS as exc:
            raise RuleEngineError(
                f"table {table!r}: durable-rules could not prime a new ruleset: {exc}"
            ) from exc
        return handle

    # -- public API ---------------------------------------------------------------

    @property
    def tables(self) -> list[str]:
        return list(self._tables)

    def match(self, table: str, classes: Sequence[int]) -> list[int]:
        """0-based indexes of every row whose cells all accept the case, ascending."""
        with self._lock:
            entry = self._entry(table)
            if len(classes) != entry.spec.columns:
                validate_case(entry.spec, classes)
            fact = entry.facts([(0, classes)])[0] + "}"
            rows: list[int] = []
            with self._engine_guard(entry):
                for handle in entry.handles:
                    code, state = _checked(dre.assert_fact(handle, fact))
                    if code != 0:
                        continue  # matched no rule here: nothing was stored
                    action = dre.start_action_for_state(handle, state)
                    message = action[1] if action else None
                    while message:
                        rows.append(_rule_row(message))
                        message = dre.complete_and_start_action(handle, state)
                    dre.retract_fact(handle, _RETRACT_0)
            return rows

    def match_many(
        self, table: str, cases: Sequence[Sequence[int]], *, first_only: bool = False
    ) -> list[list[int]]:
        """Rows matched by each case (each list ascending); ``first_only`` keeps only the
        first matching row of each case (DMN FIRST).

        Python's cyclic garbage collector is paused for the call: it allocates a list
        per case and no cycles, and full collections walking the caller's whole heap
        cost 10% of a 100,000-case call (measured, bench/batch.py)."""
        with self._lock, collector_paused():
            entry = self._entry(table)
            results: list[list[int]] = [[] for _ in cases]
            if first_only and cases:
                with self._engine_guard(entry):
                    handles = self._first_handles(entry)
            for start in range(0, len(cases), self._batch):
                chunk = cases[start : start + self._batch]
                facts = entry.facts(enumerate(chunk))  # ids: positions in the chunk
                out = results[start : start + self._batch]  # the same list objects
                with self._engine_guard(entry):
                    if first_only:
                        self._first_chunk(handles, facts, out)
                    else:
                        self._all_chunk(entry, join_pieces(facts), out)
            return results

    def close(self) -> None:
        """Free the network's rulesets; later calls raise :class:`RuleEngineError`."""
        with self._lock:
            self._finalizer()
            self._tables.clear()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def __enter__(self) -> RuleNetwork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------

    def _entry(self, table: str) -> _Table:
        if not self._finalizer.alive:
            raise RuleEngineError(f"table {table!r}: the rule network is closed")
        try:
            entry = self._tables[table]
        except KeyError:
            raise ValueError(f"table {table!r}: no such table in this rule network") from None
        if entry.broken is not None:
            raise RuleEngineError(f"table {table!r}: unusable after an engine failure: {entry.broken}")
        return entry

    @staticmethod
    def _all_chunk(entry: _Table, facts: str, out: list[list[int]]) -> None:
        """All matches of a chunk: one action per matched rule, carrying every case."""
        appends = {_ID_TEXT[i]: rows.append for i, rows in enumerate(out)}  # id in frames
        for handle in entry.handles:
            _, state = _checked(dre.assert_facts(handle, facts))
            action = dre.start_action_for_state(handle, state)
            message = action[1] if action else None
            while message:
                row = _rule_row(message)
                for append in map(appends.__getitem__, _FRAME_ID.findall(message)):
                    append(row)
                message = dre.complete_and_start_action(handle, state)
            dre.delete_state(handle, _STATE)  # safe: every action has been completed
            _prime(handle)  # the next state starts with uninitialised memory

    @staticmethod
    def _first_chunk(handles: list[int], pieces: list[str], out: list[list[int]]) -> None:
        """First matches of a chunk: events are consumed by their lowest-row rule."""
        facts = join_pieces(pieces)
        for index, handle in enumerate(handles):
            if index:  # a later slice of rows: only the cases still unmatched
                pending = [piece for piece, rows in zip(pieces, out, strict=True) if not rows]
                if not pending:
                    break
                facts = join_pieces(pending)
            _, state = _checked(dre.assert_events(handle, facts))
            action = dre.start_action_for_state(handle, state)
            message = action[1] if action else None
            while message:
                row = _rule_row(message)
                for i in map(_ID_OF.__getitem__, _FRAME_ID.findall(message)):
                    out[i].append(row)
                message = dre.complete_and_start_action(handle, state)

    @contextmanager
    def _engine_guard(self, entry: _Table) -> Iterator[None]:
        """Wrap engine errors; after any failure swap in fresh rulesets (see module doc)."""
        try:
            yield
        except BaseException as exc:
            self._replace(entry)
            if isinstance(exc, _ENGINE_ERRORS):
                raise RuleEngineError(
                    f"table {entry.spec.name!r}: durable-rules failed while matching: {exc}"
                ) from exc
            raise

    def _replace(self, entry: _Table) -> None:
        """Abandon the table's rulesets (their state may be half dispatched) for new ones."""
        layouts = [(entry.handles, entry.compiled)]
        if entry.first is not None and entry.first_handles is not entry.handles:
            layouts.append((entry.first_handles, entry.first))
        for handles, _ in layouts:
            for handle in handles:
                self._handles.remove(handle)
                self._abandoned.append(handle)
        try:
            for handles, compiled in layouts:
                handles[:] = []
                for ruleset in compiled.rulesets:
                    handles.append(self._create(entry.spec.name, ruleset.definition))
        except BaseException as exc:
            entry.broken = str(exc)
            for handles, _ in layouts:
                handles.clear()
