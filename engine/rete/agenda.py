"""Chaining between decision tables as a durable-rules ruleset: the agenda.

Each table is one rule that waits for the facts it reads from other tables.  Deciding a
case asserts a ``start`` fact; every table whose inputs are all case facts is then ready
and durable-rules hands out one action per ready table.  The adapter takes every ready
table (completing each action), then the caller decides them one by one and the adapter
asserts one ``settled`` fact per output each wrote, which readies the tables that read
those outputs; and so on, wave after wave, until the engine readies nothing more.  So a
table's outputs are what activate the tables reading them, through the engine's join
network, not a loop over tables in a sorted order.  Nothing is decided or asserted while
an action is open: deciding uses other rulesets of the same C engine.

Within a wave, actions come in rule order (measured on 2.0.28: the engine hands out the
pending action of the lowest rule first); the rules are defined in an order where
producers come before readers, so the order is deterministic.

A fact is ``{"id": "f<k>", "f": <k>}`` for the ``k``-th produced fact, the start fact
``{"id": "s", "start": 1}``.  After a run every stored fact is retracted, once every
action has been completed (see the crash notes in :mod:`engine.rete.durable_adapter`):
the ruleset holds nothing between runs.  A run whose decide raises stops there (the
tables after it are not decided) and cleans up before raising; if the engine itself
failed, the ruleset is abandoned and a fresh one made.
"""

from __future__ import annotations

import itertools
import json
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress

import durable_rules_engine as dre

from engine.rete.durable_adapter import _checked, _delete_rulesets, _prime
from engine.rete.errors import RuleEngineError
from engine.rete.facts import PRIMER_CONDITION, PRIMER_RULE

__all__ = ["Agenda"]

_ENGINE_ERRORS = (dre.error, MemoryError)
_START = '{"id":"s","start":1}'
_START_ID = '{"id":"s"}'
_SERIAL = itertools.count(1)

# A table's decide: given the table's name, decide it and return the facts it settled.
Decide = Callable[[str], Iterable[str]]


class Agenda:
    """Tables ordered by durable-rules from what they read and write.

    ``tables``: each table's name with the facts it reads, in an order where every
    table comes after the tables producing what it reads; ``produced``: every fact some
    table writes.  A fact that no table writes is a case fact: it never makes a table wait.
    """

    def __init__(self, tables: Sequence[tuple[str, frozenset[str]]], produced: frozenset[str]) -> None:
        self._lock = threading.Lock()
        self._names = [name for name, _ in tables]
        self._fact_ids = {fact: k for k, fact in enumerate(sorted(produced))}
        rules: dict[str, object] = {}
        for index, (_, reads) in enumerate(tables):
            waits = sorted(self._fact_ids[f] for f in reads if f in self._fact_ids)
            terms = [{"s": {"start": 1}}] + [{f"a{j}": {"f": k}} for j, k in enumerate(waits)]
            rules[f"t{index}"] = {"all": terms}
        rules[PRIMER_RULE] = {"all": [{"m": PRIMER_CONDITION}]}
        self._definition = json.dumps(rules, separators=(",", ":"))
        self._handles: list[int] = []
        self._finalizer = weakref.finalize(self, _delete_rulesets, self._handles)
        self._handle = self._create()

    @property
    def tables(self) -> list[str]:
        return list(self._names)

    def run(self, decide: Decide) -> list[str]:
        """Hand every table to ``decide`` once its inputs have settled; the order used.

        ``decide(name)`` returns the facts the table settled (its outputs, whether or not
        they got a value).  An exception from ``decide`` stops the run (the rest is not
        decided) and is raised once the engine is clean again.
        """
        with self._lock:
            if not self._finalizer.alive:
                raise RuleEngineError("the agenda is closed")
            handle = self._handle
            stored: list[str] = []
            order: list[str] = []
            failure: BaseException | None = None
            try:
                code, state = _checked(dre.assert_fact(handle, _START))
                if code == 0:
                    stored.append(_START_ID)
                ready = self._ready(handle, state)
                while ready and failure is None:
                    for name in ready:
                        order.append(name)
                        try:
                            settled = decide(name)
                        except BaseException as exc:  # raised after cleaning up
                            failure = exc
                            break
                        for fact in settled:
                            self._settle(handle, fact, stored)
                    ready = self._ready(handle, state)  # after a failure: drained, not decided
                for fact_id in stored:
                    dre.retract_fact(handle, fact_id)
            except _ENGINE_ERRORS as exc:
                self._replace()
                raise RuleEngineError(f"durable-rules failed while chaining tables: {exc}") from exc
            if failure is not None:
                raise failure
            return order

    def close(self) -> None:
        with self._lock:
            self._finalizer()

    # -- internals ----------------------------------------------------------------

    def _ready(self, handle: int, state: int) -> list[str]:
        """The tables the engine has readied, in rule order; every action completed.

        Tables are decided only after this, with no action in flight: deciding matches
        cases in other rulesets, and settling asserts facts here, neither of which should
        happen while the engine holds this ruleset's action open.
        """
        ready: list[str] = []
        action = dre.start_action_for_state(handle, state)
        message = action[1] if action else None
        while message:
            ready.append(self._names[int(message[3 : message.index('"', 3)])])
            message = dre.complete_and_start_action(handle, state)
        return ready

    def _settle(self, handle: int, fact: str, stored: list[str]) -> None:
        k = self._fact_ids.get(fact)
        if k is None:
            return  # no table waits for it
        code, _ = _checked(dre.assert_fact(handle, f'{{"id":"f{k}","f":{k}}}'))
        if code == 0:
            stored.append(f'{{"id":"f{k}"}}')

    def _create(self) -> int:
        name = f"agenda#{next(_SERIAL)}"
        try:
            handle: int = dre.create_ruleset(name, self._definition)
        except _ENGINE_ERRORS as exc:
            raise RuleEngineError(f"durable-rules could not create the agenda ruleset: {exc}") from exc
        self._handles.append(handle)
        try:
            _prime(handle)
        except _ENGINE_ERRORS as exc:
            raise RuleEngineError(f"durable-rules could not prime the agenda ruleset: {exc}") from exc
        return handle

    def _replace(self) -> None:
        """Abandon the ruleset (its state may be half dispatched) for a fresh one."""
        with suppress(ValueError):
            self._handles.remove(self._handle)
        self._handle = self._create()
