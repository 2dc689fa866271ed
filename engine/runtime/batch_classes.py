"""A batch of cases folded onto value-class tuples, each raw value converted once per column.

:func:`engine.runtime.batch.decide_many` hands the rule network one class tuple per
*distinct* combination of value classes; this module produces those tuples.  Per input
column it keeps a memo from the raw value as the caller gave it (``(type, value)``, so
``1``, ``1.0`` and ``True`` stay apart) to its class id, so a value is converted to FEEL
(``normalize_facts``' ``to_feel``) and classified (``ColumnClasses.classify``) once per
batch, not once per case.  Measured on the anchor table (bench/batch.py, 6 inputs,
100,000 generated cases): about 1 us per case for names check, memo look-ups and the
dedupe, against about 25 us per case for ``normalize_facts`` and ``classes`` per case.

Contract: the class tuple of each case equals ``compiled.classes(normalize_facts(case))``
(``checked=True``) or ``compiled.classes(case)`` (``checked=False``), and a case that
``normalize_facts`` rejects (an unknown fact name, a value of the wrong type, a nested
mapping that flattens to unknown names) raises the same ``CaseError``.  Tables whose cells
name other facts (dynamic cells) need the whole case per case and take the slow path
for every case; so does any case whose names are not all glossary facts (nested facts).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from itertools import count, repeat
from typing import Any

from engine.compiler.compiled_table import CompiledTable
from engine.model import FactDef
from engine.runtime.facts import normalize_facts, to_feel

ClassTuple = tuple[int, ...]


class BatchClassifier:
    """Raw cases -> value-class tuples of one compiled table, memoised per column.

    One instance per batch: the memos hold every distinct raw value of the batch.
    """

    def __init__(self, compiled: CompiledTable, glossary: Mapping[str, FactDef], *, checked: bool) -> None:
        self._compiled = compiled
        self._glossary = glossary
        self._checked = checked
        self._facts = [column.fact for column in compiled.columns]
        # Per column: raw value -> class id.  Keyed by the value alone, which is safe
        # because values that are equal across types convert to equal FEEL values
        # (``3``, ``3.0``, ``Decimal(3)``), except booleans (``True == 1``): those have
        # a memo of their own.
        self._values: list[dict[Any, int]] = [{} for _ in compiled.columns]
        self._bools: list[dict[Any, int]] = [{} for _ in compiled.columns]  # keys: True, False
        self._column_facts = frozenset(self._facts)
        # Name tuples (``tuple(case)``) already checked: -> the names that are not
        # input columns, whose values are still checked (once per distinct value).
        self._names: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._seen: dict[str, set[tuple[type, Any]]] = {}  # per other fact: values checked
        self.static = not compiled.dynamic

    def tuples(self, cases: Sequence[Mapping[str, Any]]) -> tuple[list[int], list[ClassTuple]]:
        """``(which, distinct)``: the distinct class tuples in first-seen order, and per
        case the index of its tuple in ``distinct``."""
        found = self._by_column(cases)
        if found is None:
            found = [self._one(case) for case in cases]
        index = dict(zip(dict.fromkeys(found), count()))  # first-seen order, numbered
        return list(map(index.__getitem__, found)), list(index)

    def env(self, case: Mapping[str, Any]) -> dict[str, Any]:
        """The case as FEEL values (what output expressions that read facts need)."""
        return self._env(case)

    # -- internals ----------------------------------------------------------------

    def _by_column(self, cases: Sequence[Mapping[str, Any]]) -> list[ClassTuple] | None:
        """The common case, one column at a time in C-level loops: plain dicts that hold
        exactly the table's input facts (checked), or any names (unchecked); in each
        column no booleans mixed with other types.  None where that does not hold."""
        if not self.static or not cases or set(map(type, cases)) != {dict}:
            return None
        dicts: Sequence[dict[str, Any]] = cases  # type: ignore[assignment]
        if self._checked and set(map(len, dicts)) != {len(self._facts)}:
            return None
        pick = dict.__getitem__ if self._checked else dict.get  # a missing name: KeyError
        columns = []
        for c, fact in enumerate(self._facts):
            try:
                values = list(map(pick, dicts, repeat(fact)))
            except KeyError:
                return None
            kinds = set(map(type, values))
            memo: dict[Any, int]
            if bool not in kinds:
                memo = self._values[c]
            elif kinds == {bool}:
                memo = self._bools[c]
            else:
                return None
            try:
                columns.append(list(map(memo.__getitem__, values)))
                continue
            except TypeError:  # an unhashable value (a list): case by case
                return None
            except KeyError:
                pass
            try:
                missing = set(values).difference(memo)
            except TypeError:  # an unhashable value after the first miss
                return None
            if not self._learn_values(c, fact, missing, memo):
                return None
            columns.append(list(map(memo.__getitem__, values)))
        return list(zip(*columns, strict=True))

    def _learn_values(self, c: int, fact: str, values: set[Any], memo: dict[Any, int]) -> bool:
        """Convert and classify the values of column ``c`` not seen yet, one by one.

        Converting raises what ``normalize_facts`` raises for the value (the same
        ``to_feel``, the same field); the cases' names are known to be the table's facts
        here, so no other check of ``normalize_facts`` applies.  False (nothing learnt)
        for a fact the glossary lacks: the per-case path raises what it must.
        """
        classes = self._compiled.columns[c].classes
        if not self._checked:
            for value in values:
                memo[value] = classes.classify(value)
            return True
        definition = self._glossary.get(fact)
        if definition is None:
            return False
        where = f"facts: {fact}"
        for value in values:
            memo[value] = classes.classify(to_feel(value, definition, where))
        return True

    def _one(self, case: Mapping[str, Any]) -> ClassTuple:
        """One case's class tuple: memo look-ups, or the slow path."""
        if not self.static:
            return tuple(self._compiled.classes(self._env(case)))
        if self._checked:
            others = self._names.get(tuple(case))
            if others is None or (others and not self._others_known(case, others)):
                return self._learn(case)
        try:
            return tuple([
                (bools if type(v) is bool else values)[v]
                for values, bools, v in zip(self._values, self._bools, map(case.get, self._facts), strict=True)
            ])
        except (KeyError, TypeError):  # a value not seen yet, or unhashable
            return self._learn(case)

    def _env(self, case: Mapping[str, Any]) -> dict[str, Any]:
        if self._checked:
            return normalize_facts(case, self._glossary)
        return case if isinstance(case, dict) else dict(case)

    def _others_known(self, case: Mapping[str, Any], others: tuple[str, ...]) -> bool:
        """Whether every value of a non-column fact was checked before (memo hit)."""
        seen = self._seen
        try:
            return all((type(v), v) in seen[name] for name, v in zip(others, map(case.get, others), strict=True))
        except TypeError:  # unhashable: check it the slow way every time
            return False

    def _learn(self, case: Mapping[str, Any]) -> ClassTuple:
        """The slow path for one case: convert and check it whole (raising what
        ``normalize_facts`` raises), classify it, and remember what it taught."""
        env = self._env(case)
        result = tuple(self._compiled.classes(env))
        if not self.static:
            return result
        if self._checked:
            keys = tuple(case)
            if all(k in self._glossary for k in keys) and not any(isinstance(v, Mapping) for v in case.values()):
                self._names[keys] = tuple(k for k in keys if k not in self._column_facts)
                for name in self._names[keys]:
                    value = case[name]
                    with contextlib.suppress(TypeError):  # unhashable: checked per case
                        self._seen.setdefault(name, set()).add((type(value), value))
            else:
                return result  # nested or otherwise unusual names: always the slow path
        for values, bools, fact, class_id in zip(self._values, self._bools, self._facts, result, strict=False):
            raw = case.get(fact)
            with contextlib.suppress(TypeError):  # unhashable (a list): classified per case
                (bools if type(raw) is bool else values)[raw] = class_id
        return result
