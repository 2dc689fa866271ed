"""The numpy value-class bitset: the yardstick of bench/batch.py (issue 15: ours >= 0.1x of it).

Built from the same compiled table as ours (its value classes and, per row, the classes
each cell accepts), it decides every case at once with array operations:

1. per input column, the plain values of all cases as one array; ``np.unique`` gives the
   distinct values, each converted (``to_feel``) and classified once;
2. per column, a table ``[class, word]`` of 64-bit words whose bit ``r`` says that row
   ``r``'s cell accepts the class; a case's matching rows are the AND over its columns'
   rows of those tables (one fancy-indexing gather per column);
3. FIRST: the lowest set bit; COLLECT: every set bit, in row order.

No rule network, no hit policy beyond those two: it is a reference for speed only (the
plain-Python reference in bench/batch.py checks its results like everyone else's).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from typing import Any

import numpy as np

from engine.compiler.compiled_table import CompiledTable
from engine.model import FactDef
from engine.runtime.facts import to_feel

CHUNK = 8_192  # cases per array pass (COLLECT unpacks cases x rows bits)


class NumpyBitset:
    """``run(cases)``: per case, the output of the first matching row (FIRST) or the
    outputs of all matching rows (COLLECT), from plain Python values."""

    def __init__(self, compiled: CompiledTable, facts: dict[str, FactDef], outputs: Sequence[Any],
                 collect: bool) -> None:
        if compiled.dynamic:
            raise ValueError("the bitset reference takes tables without dynamic cells only")
        self.collect = collect
        self.columns = compiled.columns
        self.glossary = [facts[c.fact] for c in compiled.columns]
        rows = compiled.spec.rows
        self.rows = len(rows)
        words = (self.rows + 63) // 64
        self.masks = []
        for c, column in enumerate(compiled.columns):
            accepts = np.zeros((column.classes.count, words * 64), dtype=bool)
            for r, row in enumerate(rows):
                cell = row[c]
                if cell is None:
                    accepts[:, r] = True
                else:
                    accepts[sorted(cell), r] = True
            packed = np.packbits(accepts, axis=1, bitorder="little")
            self.masks.append(np.ascontiguousarray(packed).view(np.uint64))
        self.outputs = np.array(list(outputs), dtype=object)

    def run(self, cases: Sequence[dict[str, Any]]) -> list[Any]:
        ids = [self._class_ids(cases, c) for c in range(len(self.columns))]
        results: list[Any] = []
        for start in range(0, len(cases), CHUNK):
            acc = self.masks[0][ids[0][start:start + CHUNK]]
            for mask, column in zip(self.masks[1:], ids[1:], strict=True):
                acc &= mask[column[start:start + CHUNK]]
            results.extend(self._all(acc) if self.collect else self._first(acc))
        return results

    def _class_ids(self, cases: Sequence[dict[str, Any]], c: int) -> np.ndarray:
        column, fact = self.columns[c], self.glossary[c]
        values = np.array(list(map(dict.get, cases, repeat(column.fact))))
        distinct, inverse = np.unique(values, return_inverse=True)
        where = f"bench: {column.fact}"
        classes = np.fromiter(
            (column.classes.classify(to_feel(v, fact, where)) for v in distinct.tolist()),
            dtype=np.intp, count=len(distinct),
        )
        return classes[inverse.reshape(-1)]

    def _first(self, acc: np.ndarray) -> list[Any]:
        nonzero = acc != 0
        word = nonzero.argmax(axis=1)
        hit = nonzero.any(axis=1)
        bits = acc[np.arange(len(acc)), word]
        lowest = bits & (~bits + np.uint64(1))
        row = word * 64 + np.bitwise_count(lowest - np.uint64(1)).astype(np.intp)
        out = np.asarray(np.where(hit, self.outputs[np.minimum(row, self.rows - 1)], None))
        return out.tolist()

    def _all(self, acc: np.ndarray) -> list[Any]:
        bits = np.unpackbits(acc.view(np.uint8), axis=1, bitorder="little")[:, :self.rows]
        case, row = np.nonzero(bits)
        counts = np.bincount(case, minlength=len(acc))
        found = self.outputs[row].tolist()
        out, at = [], 0
        for n in counts.tolist():
            out.append(found[at:at + n])
            at += n
        return out
