"""Renumber a column's value classes so that the cells' sets become contiguous runs.

A cell whose set is one run of class ids costs at most two comparisons; a set of two runs
costs an ``$or`` of two ranges (markers, fan-out, four nodes).  The compiler numbers a
numeric column's thresholds first and the gaps between them after, so ``>= t`` is two
runs (the points from ``t`` up, and the gaps from ``t`` up).  Any order in which every
row's set is an interval works as well as the value order, and one can be found from the
sets alone: put classes in a row so that neighbours belong to nearly the same sets.

The number of runs of a set is half the number of its boundaries, and a boundary lies
between two neighbours that differ on the set; so the total number of runs is half of
(the Hamming distances between neighbouring membership vectors, plus the vectors at
both ends).  That is a shortest Hamiltonian path: a nearest-neighbour tour improved by
2-opt finds the consecutive order whenever one exists in the tables seen so far, in a
few milliseconds per column.  The renumbering is only used if it lowers the total.

The adapter translates each case's class ids with the same map before matching; nothing
else changes (the match is still done by the rule network).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

MAX_CLASSES = 400  # larger columns keep their numbering (2-opt is quadratic per pass)
MAX_PASSES = 20


def total_runs(sets: Iterable[frozenset[int]], rank: Sequence[int]) -> int:
    """Runs of consecutive ids over all ``sets`` once class ``k`` is renumbered ``rank[k]``."""
    total = 0
    for s in sets:
        ordered = sorted(rank[k] for k in s)
        total += 1 + sum(1 for a, b in pairwise(ordered) if b != a + 1)
    return total


def better_numbering(sets: Sequence[frozenset[int]], n: int) -> list[int] | None:
    """``rank`` (old class id -> new id) giving fewer runs in total, or None to keep ids."""
    distinct = list(dict.fromkeys(s for s in sets if 0 < len(s) < n))
    identity = list(range(n))
    if n < 3 or n > MAX_CLASSES or total_runs(distinct, identity) == len(distinct):
        return None
    bits = [0] * n
    for j, s in enumerate(distinct):
        for k in s:
            bits[k] |= 1 << j
    order = _two_opt(_nearest_neighbour(bits), bits)
    rank = [0] * n
    for position, k in enumerate(order):
        rank[k] = position
    if total_runs(distinct, rank) >= total_runs(distinct, identity):
        return None
    return rank


def _nearest_neighbour(bits: Sequence[int]) -> list[int]:
    n = len(bits)
    far = max(range(n), key=lambda k: ((bits[0] ^ bits[k]).bit_count(), -k))
    start = max(range(n), key=lambda k: ((bits[far] ^ bits[k]).bit_count(), -k))
    order = [start]
    left = set(range(n)) - {start}
    while left:
        here = bits[order[-1]]
        nearest = min(left, key=lambda k: ((here ^ bits[k]).bit_count(), k))
        order.append(nearest)
        left.remove(nearest)
    return order


def _two_opt(order: list[int], bits: Sequence[int]) -> list[int]:
    """Reverse stretches of the path while that shortens it (ends weigh their own bits)."""
    n = len(order)
    dist = [[(a ^ b).bit_count() for b in bits] for a in bits]
    end = [b.bit_count() for b in bits]
    for _ in range(MAX_PASSES):
        improved = False
        for i in range(n - 1):
            for j in range(i + 1, n):
                a, b = order[i], order[j]
                if i > 0:
                    before = order[i - 1]
                    old, new = dist[before][a], dist[before][b]
                else:
                    old, new = end[a], end[b]
                if j + 1 < n:
                    after = order[j + 1]
                    old += dist[b][after]
                    new += dist[a][after]
                else:
                    old += end[b]
                    new += end[a]
                if new < old:
                    order[i : j + 1] = order[i : j + 1][::-1]
                    improved = True
        if not improved:
            break
    return order
