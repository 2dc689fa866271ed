"""The chaining graph: which table's output another table reads, in what order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise

from engine.errors import CompileError, Location


def evaluation_order(
    reads: Mapping[str, frozenset[str]],
    producers: Mapping[str, str],
    where: Mapping[str, str],
) -> list[str]:
    """Tables in an order where every table comes after the tables it reads from.

    ``reads``: table -> facts it reads; ``producers``: fact -> the table writing it;
    ``where``: table -> its address, for the error.  A cycle raises CompileError with
    the path, tables and the facts that link them.
    """
    upstream: dict[str, list[tuple[str, str]]] = {
        table: sorted((producers[f], f) for f in facts if f in producers)
        for table, facts in reads.items()
    }
    order: list[str] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[tuple[str, str]] = []

    def visit(table: str, via: str) -> None:
        if state.get(table) == 2:
            return
        if state.get(table) == 1:
            start = next(i for i, (t, _) in enumerate(path) if t == table)
            cycle = [*path[start:], (table, via)]
            raise CompileError(
                "tables read each other's outputs in a cycle",
                location=Location(where.get(table, table)),
                expected="tables that chain in one direction",
                found=_describe(cycle),
            )
        state[table] = 1
        path.append((table, via))
        for producer, fact in upstream.get(table, []):
            visit(producer, fact)
        path.pop()
        state[table] = 2
        order.append(table)

    for table in sorted(reads):
        visit(table, "")
    return order


def _describe(cycle: Sequence[tuple[str, str]]) -> str:
    """``a reads x from b, b reads y from a``: each step with its fact."""
    steps = []
    for (table, _), (producer, fact) in pairwise(cycle):
        steps.append(f"{table!r} reads {fact!r} from {producer!r}")
    return "; ".join(steps)
