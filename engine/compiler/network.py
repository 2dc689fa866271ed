"""The rule base's network, built a table at a time when the table is first matched.

Creating a table's durable-rules rulesets is the largest part of loading a rule base once
the workbooks come from the cache (``engine.cache``), and deciding one case needs only the
tables of its items' topics.  ``LazyNetwork`` keeps, per table, how to get its
``TableSpec`` (``CompiledTable.spec``, itself built on first use) and builds that table's
``RuleNetwork`` on its first match; the spec is checked then, as ``RuleNetwork`` checks it.

Contract: the same calls and answers as ``engine.rete.RuleNetwork`` (``tables``, ``match``,
``match_many``, ``close``, ``closed``); safe from any thread (one lock guards the building,
each table's network serialises its own calls); a table's network is built at most once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType

from engine.rete import RuleEngineError, RuleNetwork, TableSpec

__all__ = ["LazyNetwork"]


class LazyNetwork:
    """One ``RuleNetwork`` per table, each made on first use."""

    def __init__(self, tables: Mapping[str, Callable[[], TableSpec]]) -> None:
        """``tables``: per table name, a function returning its spec (named by that name)."""
        self._specs = dict(tables)
        self._built: dict[str, RuleNetwork] = {}
        self._lock = threading.Lock()
        self._closed = False

    @property
    def tables(self) -> list[str]:
        return list(self._specs)

    def network(self, table: str) -> RuleNetwork:
        """The network of ``table``, built now if it is the first call for it."""
        with self._lock:
            if self._closed:
                raise RuleEngineError(f"table {table!r}: the rule network is closed")
            built = self._built.get(table)
            if built is None:
                spec = self._specs.get(table)
                if spec is None:
                    raise ValueError(f"table {table!r}: no such table in this rule network")
                built = self._built[table] = RuleNetwork([spec()])
            return built

    def match(self, table: str, classes: Sequence[int]) -> list[int]:
        """0-based indexes of every row whose cells all accept the case, ascending."""
        return self.network(table).match(table, classes)

    def match_many(
        self, table: str, cases: Sequence[Sequence[int]], *, first_only: bool = False
    ) -> list[list[int]]:
        """Rows matched by each case; ``first_only`` keeps the first matching row of each (DMN FIRST)."""
        return self.network(table).match_many(table, cases, first_only=first_only)

    def build_all(self) -> None:
        """Build every table's network now (a load that must find every engine error at once)."""
        for table in self._specs:
            self.network(table)

    def close(self) -> None:
        """Free every built network; later calls raise ``RuleEngineError``."""
        with self._lock:
            self._closed = True
            built, self._built = list(self._built.values()), {}
        for network in built:
            network.close()

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> LazyNetwork:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
