"""The case as a durable-rules fact: property names, and fast JSON rendering of batches.

**Names.**  An alpha node keeps its children in a 512-slot table, each child placed by
linear probing from the low 5 bits of its property name's FNV-1a hash, and the engine
looks a fact up by reading, for *every* property of the fact, the occupied slots from
that property's start slot to the first empty one.  Children of properties whose start
slots are close run into each other and every lookup reads the merged run.  So the
column properties get short names whose start slots are spread evenly over the 32,
away from ``id`` (slot 0) and ``sid`` (slot 15, added by the engine when absent).

A *named* column (few classes, see :func:`engine.rete.layout.compile_table`) is
carried as one property per case whose name says the class (``,"<name>":1``); its class
names come from the same pool, after the column names.

**Rendering.**  A batch is one JSON array string, joined from one piece per fact (so
that a later ruleset of a FIRST batch gets the unmatched cases' pieces, not a new
rendering).  Each column's possible values are
rendered once (``,"a":12``) in a dict keyed by class id (after renumbering, see
:mod:`engine.rete.relabel`); a case is then a handful of dict lookups, which also reject
any id that is not a class of the column (``KeyError``) or a case of the wrong length
(``ValueError``), so the batch needs no separate validation pass.  No code is generated:
the renderer is a plain closure (a generated per-arity loop was about twice as fast, but
nothing here may exec).
"""

from __future__ import annotations

import string
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from itertools import chain, product

from engine.rete.shadow import fnv1a

ID_PROP = "id"
GROUP_PROP = "g"
# The primer: one extra rule per ruleset that only the primer fact (never a case) passes.
# A fresh state's action context is uninitialised memory in the C engine, and deleting
# such a state frees it (a crash, measured); running one action through the state right
# after the ruleset is created sets the context, and completing it clears it for good.
PRIMER_PROP = "primer"
PRIMER_RULE = "primer"
PRIMER_CONDITION = {"$ex": {PRIMER_PROP: 1}}
PRIMER_FACT = '{"id":"primer","' + PRIMER_PROP + '":1}'
PRIMER_RETRACT = '{"id":"primer"}'
_FIXED_SLOTS = {fnv1a(ID_PROP) & 31, fnv1a("sid") & 31}

Render = Callable[[Iterable[tuple[int, Sequence[int]]], Sequence[dict[int, str]]], str]


class _NamePool:
    """Short property names (1 to 3 characters) by their start slot, made as far as asked.

    The candidates come in one fixed order (``a`` .. ``z``, ``a0`` .. ``zz``, ``a00`` ..),
    so the ``k``-th name of a slot is always the same; hashing all 34,658 of them up front
    cost about 16 ms of every ``imr decide`` (5% of a warm run), where a table needs a few.
    """

    def __init__(self) -> None:
        letters = string.ascii_lowercase
        tails = letters + string.digits
        self._candidates = chain(
            letters,
            ("".join(p) for p in product(letters, tails)),
            ("".join(p) for p in product(letters, tails, tails)),
        )
        self._by_slot: dict[int, list[str]] = {slot: [] for slot in range(32)}
        self._lock = threading.Lock()  # tables may be compiled on several threads

    def name(self, slot: int, index: int) -> str:
        """The ``index``-th name (from 0) whose start slot is ``slot``."""
        with self._lock:
            names = self._by_slot[slot]
            while len(names) <= index:
                candidate = next(self._candidates, None)
                if candidate is None:
                    raise ValueError(f"no short property name left for slot {slot} (asked for {index + 1})")
                if candidate not in (ID_PROP, GROUP_PROP, PRIMER_PROP, "sid"):
                    self._by_slot[fnv1a(candidate) & 31].append(candidate)
            return names[index]


_NAMES = _NamePool()


def column_names(columns: int) -> list[str]:
    """Distinct short property names for ``columns`` columns, start slots spread out.

    Asked for more names, the first ``columns`` stay the same (named classes take the
    next ones, see :func:`value_strings`)."""
    used = set(_FIXED_SLOTS) | {fnv1a(GROUP_PROP) & 31}
    count = dict.fromkeys(range(32), 0)
    for slot in used:
        count[slot] += 1
    next_name = dict.fromkeys(range(32), 0)
    names: list[str] = []

    def room(slot: int) -> tuple[int, int, int]:
        """Fewest properties on the slot first, then the widest gap to a used slot."""
        ahead = next((d for d in range(1, 33) if (slot + d) % 32 in used), 32)
        behind = next((d for d in range(1, 33) if (slot - d) % 32 in used), 32)
        return (-count[slot], min(ahead, behind), -slot)

    for _ in range(columns):
        slot = max(range(32), key=room)
        names.append(_NAMES.name(slot, next_name[slot]))
        next_name[slot] += 1
        count[slot] += 1
        used.add(slot)
    return names


def value_strings(
    names: Sequence[str],
    ranks: Sequence[Sequence[int]],
    named: Sequence[Sequence[str] | None] | None = None,
) -> list[dict[int, str]]:
    """Per column: class id as the case gives it -> ``,"<name>":<id in the rules>``, or
    for a *named* column (``named[c]``: a property name per class id in the rules)
    ``,"<name of the class>":1``."""
    named = named or [None] * len(names)
    return [
        {k: f',"{name}":{rank[k]}' for k in range(len(rank))}
        if props is None
        else {k: f',"{props[rank[k]]}":1' for k in range(len(rank))}
        for name, rank, props in zip(names, ranks, named, strict=True)
    ]


@cache
def renderer(columns: int) -> Render:
    """``render(pairs, values)``: the JSON array of facts for ``(id, case)`` pairs.

    ``values[c][k]`` is the ready-made ``,"<name>":<id>`` text of class ``k`` in column
    ``c``; a fact is its id, its group and those texts, joined without a JSON encoder
    (see :func:`piece_renderer`).  Raises ``KeyError`` for an id that is not a class of
    its column and ``ValueError`` for a case of the wrong length.
    """
    pieces = piece_renderer(columns)

    def render(pairs: Iterable[tuple[int, Sequence[int]]], values: Sequence[Mapping[int, str]]) -> str:
        return join_pieces(pieces(pairs, values))

    return render


Pieces = Callable[[Iterable[tuple[int, Sequence[int]]], Sequence[Mapping[int, str]]], list[str]]
_HEADS = 4096  # ids whose fact heads are rendered once per column count


@cache
def piece_renderer(columns: int) -> Pieces:
    """``pieces(pairs, values)``: each fact's JSON text without its closing brace, for
    ``(id, case)`` pairs; :func:`join_pieces` makes the array of any of them.

    The work is done a column at a time in C-level loops (``map`` over dict and list
    look-ups, one ``str.join`` per fact): about 0.5 us per 6-column case.  Raises
    ``KeyError`` for an id that is not a class of its column and ``ValueError`` for a
    case of the wrong length.
    """
    prefix = '{"' + ID_PROP + '":'
    group = ',"' + GROUP_PROP + '":0'
    heads = [f"{prefix}{i}{group}" for i in range(_HEADS)]  # never changed: thread-safe

    def pieces(pairs: Iterable[tuple[int, Sequence[int]]], values: Sequence[Mapping[int, str]]) -> list[str]:
        pairs = pairs if isinstance(pairs, list) else list(pairs)
        if not pairs:
            return []
        ids, cases = zip(*pairs, strict=True)
        if set(map(len, cases)) != {columns}:
            raise ValueError(f"a case has the wrong number of columns (the table has {columns})")
        head: Iterable[str]
        if type(min(ids)) is int and min(ids) >= 0 and max(ids) < _HEADS:
            head = map(heads.__getitem__, ids)
        else:
            head = (f"{prefix}{i}{group}" for i in ids)
        by_column = zip(*cases, strict=True)
        texts = [list(map(text.__getitem__, column)) for text, column in zip(values, by_column, strict=True)]
        return list(map("".join, zip(head, *texts, strict=True)))

    return pieces


def join_pieces(pieces: Sequence[str]) -> str:
    """The JSON array of the facts whose pieces (see :func:`piece_renderer`) are given."""
    return "[" + "},".join(pieces) + "}]" if pieces else "[]"
