"""A shadow of the alpha network durable-rules will build, to check its limits before.

durable-rules 2.0.28 builds one alpha node per distinct test under a given parent
(``findAlpha`` merges identical tests), chains the terms of an ``$and``, and compiles an
``$or`` into its alternatives (children of the ``$or``'s parent) that all link to a new
*forward* node, from which the rule continues.  When a fact is matched, a node is popped
from a 64-entry stack and every child test it passes, plus every forward node it links
to, is pushed.  This module rebuilds that graph from the rule JSON and bounds, for the
worst case over all class assignments, the stack depth and the per-node tables whose
overflow is an error (or, for the 512-slot child table, an endless loop).

The stack bound is conservative: at each node it takes the largest number of children
any single case can pass (tests on different properties are independent, tests on one
property are intervals of class ids, counted with a sweep), plus the deepest subtree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

CHILD_SLOTS = 512  # children per alpha node (the 513th makes rule creation loop forever)
NEXT_LIST = 128  # forward nodes linked from one node (error 107 beyond)
BETA_LIST = 256  # rule ends on one node
STACK = 64  # alpha stack entries while matching one fact (error 303 beyond)

Key = tuple[str, str, int]  # (property, operator, value)


def fnv1a(name: str) -> int:
    """The engine's property-name hash (32-bit FNV-1a)."""
    h = 2166136261
    for byte in name.encode():
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


@cache
def _slot(name: str) -> int:
    return fnv1a(name) & 31


@dataclass(eq=False)
class Node:
    key: Key | None  # None for the root and forward nodes
    children: dict[Key, Node] = field(default_factory=dict)
    forwards: list[Node] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)  # rules whose condition ends here
    _runs: dict[int, int] | None = field(default=None, repr=False)

    def probe(self, start: int) -> int:
        """Slots the engine reads looking for children of a property hashed to ``start``.

        Children sit in a 512-slot table, placed by linear probing from their property
        hash's low 5 bits in the order they were created; a lookup reads every occupied
        slot from its start up to the first empty one.
        """
        if self._runs is None:
            slots: set[int] = set()
            for key in self.children:
                slot = _slot(key[0])
                while slot in slots:
                    slot = (slot + 1) % CHILD_SLOTS
                slots.add(slot)
            runs: dict[int, int] = {}
            for slot in sorted(slots, reverse=True):  # fewer than 512: no wrap-around
                runs[slot] = runs.get(slot + 1, 0) + 1
            self._runs = runs
        return self._runs.get(start, 0)


@dataclass(frozen=True)
class ShadowStats:
    nodes: int
    max_children: int
    max_forwards: int
    max_ends: int
    stack_bound: int

    def within_limits(self, stack_limit: int = STACK) -> bool:
        return (
            self.max_children <= CHILD_SLOTS
            and self.max_forwards < NEXT_LIST
            and self.max_ends < BETA_LIST
            and self.stack_bound <= stack_limit
        )


def _test_key(term: Mapping[str, Any]) -> Key:
    (name, value), = term.items()
    if name.startswith("$"):
        (prop, operand), = value.items()
        return (prop, name, operand)
    return (name, "$eq", value)


@dataclass(frozen=True)
class Walk:
    rules: list[str]  # rules the fact reached, in the order the walk found them
    visited: int  # nodes popped from the stack
    evaluated: int  # child tests evaluated at those nodes
    deepest: int  # most stack entries at once
    probed: int = 0  # child-table slots read while looking for tests to evaluate


class Shadow:
    """Rules added one by one; :meth:`stats` measures the resulting network."""

    def __init__(self, domains: Mapping[str, int], exclusive: Mapping[str, str] | None = None) -> None:
        self.root = Node(None)
        self.domains = dict(domains)  # property -> number of values it can take (0..n-1)
        # property -> its group: a fact has at most one property of a group (the class
        # names of a named column, see engine.rete.encoding.encode_named_cell)
        self.exclusive = dict(exclusive or {})
        self.count = 1

    def add_rule(self, name: str, condition: Mapping[str, Any]) -> None:
        self._add(condition, self.root).ends.append(name)

    def _add(self, term: Mapping[str, Any], parent: Node) -> Node:
        if "$and" in term:
            node = parent
            for sub in term["$and"]:
                node = self._add(sub, node)
            return node
        if "$or" in term:
            forward = Node(None)
            self.count += 1
            for sub in term["$or"]:
                self._add(sub, parent).forwards.append(forward)
            return forward
        key = _test_key(term)
        child = parent.children.get(key)
        if child is None:
            child = parent.children[key] = Node(key)
            self.count += 1
        return child

    def walk(self, fact: Mapping[str, int], others: Sequence[str] = ("id", "sid")) -> Walk:
        """Match one fact the way the engine does, counting the work (a cost model).

        ``others`` are the fact's properties that no test reads (they are probed too).
        """
        starts = [fnv1a(name) & 31 for name in (*fact, *others)]
        ended: list[str] = []
        visited = evaluated = deepest = probed = 0
        stack = [self.root]
        while stack:
            node = stack.pop()
            visited += 1
            ended.extend(node.ends)
            stack.extend(node.forwards)
            if node.children:
                probed += sum(node.probe(start) for start in starts)
            for key, child in node.children.items():
                value = fact.get(key[0])
                if value is None:  # the fact lacks the property: never evaluated
                    continue
                evaluated += 1
                if _holds(key, value):
                    stack.append(child)
            deepest = max(deepest, len(stack))
        return Walk(ended, visited, evaluated, deepest, probed)

    def stats(self) -> ShadowStats:
        max_children = max_forwards = max_ends = 0
        bound: dict[int, int] = {}
        for node in post_order(self.root):
            children, forwards = node.children, node.forwards
            if len(children) > max_children:
                max_children = len(children)
            if len(forwards) > max_forwards:
                max_forwards = len(forwards)
            if len(node.ends) > max_ends:
                max_ends = len(node.ends)
            if not children and not forwards:
                bound[id(node)] = 0
                continue
            pushed = len(forwards) + (
                1 if len(children) == 1 else self._max_passing(children.keys())
            )
            deepest = 0
            for nxt in (*children.values(), *forwards):
                below = bound[id(nxt)]
                if below > deepest:
                    deepest = below
            bound[id(node)] = pushed - 1 + deepest if deepest else pushed
        return ShadowStats(self.count, max_children, max_forwards, max_ends, bound[id(self.root)])

    def _max_passing(self, keys: Iterable[Key]) -> int:
        """Most child tests one case can pass: per property, the deepest interval overlap."""
        by_prop: dict[str, list[Key]] = {}
        for key in keys:
            by_prop.setdefault(key[0], []).append(key)
        total = 0
        groups: dict[str, int] = {}
        for prop, tests in by_prop.items():
            passing = len(tests) if len(tests) <= 1 else _overlap(tests, self.domains[prop])
            group = self.exclusive.get(prop)
            if group is None:
                total += passing
            elif passing > groups.get(group, 0):
                groups[group] = passing
        return total + sum(groups.values())


def _holds(key: Key, value: int | None) -> bool:
    if value is None:
        return False
    _, op, v = key
    if op == "$eq":
        return value == v
    if op == "$neq":
        return value != v
    if op == "$gte":
        return value >= v
    if op == "$lte":
        return value <= v
    return True  # $ex


def _overlap(tests: Sequence[Key], n: int) -> int:
    """Largest number of ``tests`` true for one value in 0..n-1 (sweep over intervals)."""
    always = 0
    events: list[tuple[int, int]] = []  # (value, +1 opens / -1 closes after value - 1)
    for _, op, v in tests:
        if op == "$ex":
            always += 1
            continue
        if op == "$neq":  # true everywhere but v: count it, and a hole at v
            always += 1
            if 0 <= v < n:
                events.append((v, -1))
                events.append((v + 1, 1))
            continue
        lo, hi = {"$eq": (v, v), "$gte": (v, n - 1), "$lte": (0, v)}[op]
        lo, hi = max(lo, 0), min(hi, n - 1)
        if lo <= hi:
            events.append((lo, 1))
            events.append((hi + 1, -1))
    events.sort()
    best, running, i = 0, always, 0
    for x in sorted({0, *(v for v, _ in events if 0 < v < n)}):
        while i < len(events) and events[i][0] <= x:
            running += events[i][1]
            i += 1
        best = max(best, running)
    return best


def post_order(root: Node) -> list[Node]:
    """Every node once, children before parents (iterative: forward nodes make it a DAG
    whose nodes can be reached from several parents)."""
    order: list[Node] = []
    seen: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for nxt in (*node.children.values(), *node.forwards):
            if id(nxt) not in seen:
                stack.append((nxt, False))
    return order
