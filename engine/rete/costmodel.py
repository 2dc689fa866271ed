"""Expected matching cost of a shadow network, to choose between candidate layouts.

Measured on the C engine (durable-rules 2.0.28, 2 cores, noisy): matching one fact costs
roughly 40 ns per alpha node it passes, 7 ns per child-table slot read at those nodes
(every fact property probes the table, see :meth:`Node.probe`), and 60 ns per child test
evaluated, on top of about 1-2 us to parse the fact and 1 us to store it if any rule
fires (the same for every layout, so left out).

The estimate assumes each column's class is drawn uniformly and independently; along a
path the classes still possible for a column shrink with every test on it, so ``>= 5``
then ``<= 9`` is counted as the interval it is.  It is a ranking device for layouts of
one table, not a prediction of wall time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from engine.rete.shadow import Key, Node, Shadow, fnv1a, post_order

VISIT_NS = 40.0
PROBE_NS = 7.0
EVAL_NS = 60.0


@dataclass
class _Flow:
    weight: float  # probability that the walk reaches the node
    masks: dict[str, int]  # per property: classes still possible (bitset), when narrowed


def _test_mask(key: Key, n: int) -> int:
    _, op, v = key
    full = (1 << n) - 1
    if op == "$eq":
        return (1 << v) & full if 0 <= v < n else 0
    if op == "$neq":
        return full & ~(1 << v) if 0 <= v < n else full
    if op == "$gte":
        return full & ~((1 << max(v, 0)) - 1) if v < n else 0
    if op == "$lte":
        return (1 << (min(v, n - 1) + 1)) - 1 if v >= 0 else 0
    return full  # $ex


def expected_cost_ns(
    shadow: Shadow,
    domains: Mapping[str, int],
    others: Sequence[str] = ("id", "sid"),
    aliases: Mapping[str, tuple[str, int]] | None = None,
) -> float:
    """Expected nanoseconds of alpha work per fact (see the module docstring).

    ``aliases`` maps the class names of a named column to ``(column property, class)``:
    the test that the fact has the name is counted as the column's class being that
    one; the column property is not itself on the fact, its first class name is.
    """
    aliases = aliases or {}
    carried = {prop: name for name, (prop, _) in reversed(list(aliases.items()))}
    starts = [fnv1a(carried.get(name, name)) & 31 for name in (*domains, *others)]
    order = _topological(shadow.root)
    flows: dict[int, _Flow] = {id(shadow.root): _Flow(1.0, {})}
    total = 0.0
    for node in order:
        flow = flows.pop(id(node), None)
        if flow is None or flow.weight <= 0.0:
            continue
        cost = VISIT_NS
        if node.children:
            cost += PROBE_NS * sum(node.probe(s) for s in starts)
        for forward in node.forwards:
            _merge(flows, forward, flow.weight, flow.masks)
        for key, child in node.children.items():
            named = key[0] in aliases
            if named:
                column, k = aliases[key[0]]
                key = (column, "$eq", k)
            else:
                cost += EVAL_NS  # every child on a property the fact has is evaluated
            prop = key[0]
            n = domains.get(prop, 1)
            before = flow.masks.get(prop, (1 << n) - 1)
            after = before & _test_mask(key, n)
            possible = before.bit_count()
            if not after or not possible:
                continue
            if named:  # evaluated only when the fact has the name, and then it passes
                cost += EVAL_NS * after.bit_count() / possible
            masks = dict(flow.masks)
            masks[prop] = after
            _merge(flows, child, flow.weight * after.bit_count() / possible, masks)
        total += flow.weight * cost
    return total


def _merge(flows: dict[int, _Flow], node: Node, weight: float, masks: dict[str, int]) -> None:
    """Add a way into ``node`` (forward nodes are reached from several alternatives)."""
    seen = flows.get(id(node))
    if seen is None:
        flows[id(node)] = _Flow(weight, masks)
        return
    for prop in set(seen.masks) | set(masks):
        if prop in seen.masks and prop in masks:
            seen.masks[prop] |= masks[prop]
        else:
            seen.masks.pop(prop, None)  # one way does not narrow it: anything goes
    seen.weight += weight


def _topological(root: Node) -> list[Node]:
    """Nodes with every parent before its children (the network is a DAG)."""
    return post_order(root)[::-1]
