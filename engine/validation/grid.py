"""Rows as boxes over the column classes, and the questions static analysis asks of them.

A row matches, per input column, a set of classes (``domains.ColumnDomain.mask``); the
inputs it matches are the product of those sets, a *box*.  The grid of every input is
finite but its size is the product of the class counts, far too many to list for a
large table.  So:

- sets of rows are Python ints used as bit sets, and per column and class the rows that
  accept the class are precomputed; the rows overlapping a row, or containing it, are
  then a few ``&``/``|`` per column;
- "which inputs of this box does no row in this set match" is answered by splitting
  over the columns one at a time: the classes of a column are grouped by which of the
  still-alive rows accept them (classes alike for every alive row need one visit), a
  branch stops as soon as no row is alive (an uncovered region) or an alive row accepts
  everything left (covered), and branches already shown covered are remembered.
  Columns with few classes are split first, and the last column needs no split: the
  union of the alive rows' sets says what is left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

Box = tuple[int, ...]  # per column, a bit mask over the column's classes


def runs(mask: int) -> Iterator[tuple[int, int]]:
    """The runs of consecutive set bits of ``mask`` as ``(start, stop)`` pairs."""
    edges = bits(mask ^ (mask << 1))
    for start in edges:
        yield start, next(edges)


def bits(mask: int) -> Iterator[int]:
    """The indexes of the set bits of ``mask``, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


class RowGrid:
    def __init__(self, sizes: Sequence[int], null_masks: Sequence[int], boxes: Sequence[Box]) -> None:
        self.sizes = list(sizes)
        self.null_masks = list(null_masks)
        self.boxes = [tuple(b) for b in boxes]
        self.columns = len(self.sizes)
        # rows accepting class k of column c: where a row's mask switches on or off
        # between classes k - 1 and k, its bit toggles (a mask is a few runs of classes)
        self.accepting: list[list[int]] = []
        for c, n in enumerate(self.sizes):
            by_mask: dict[int, int] = {}
            for r, box in enumerate(self.boxes):
                by_mask[box[c]] = by_mask.get(box[c], 0) | (1 << r)
            toggles = [0] * (n + 1)
            for mask, rows in by_mask.items():
                for k in bits(mask ^ (mask << 1)):
                    toggles[k] ^= rows
            column, running = [], 0
            for k in range(n):
                running ^= toggles[k]
                column.append(running)
            self.accepting.append(column)
        self.order = sorted(range(self.columns), key=lambda c: (self.sizes[c], c))
        self._any: dict[tuple[int, int], int] = {}
        self._every: dict[tuple[int, int], int] = {}
        self._all_rows = (1 << len(self.boxes)) - 1
        # per column, ORs and ANDs of accepting[c] over spans of 2**j classes
        self._span_or = [_spans(column, int.__or__) for column in self.accepting]
        self._span_and = [_spans(column, int.__and__) for column in self.accepting]

    @property
    def full(self) -> Box:
        return tuple((1 << n) - 1 for n in self.sizes)

    def rows_meeting(self, c: int, mask: int) -> int:
        """Rows that accept at least one class of ``mask`` in column ``c``."""
        key = (c, mask)
        found = self._any.get(key)
        if found is None:
            found = 0
            for start, stop in runs(mask):
                found |= _span(self._span_or[c], start, stop, int.__or__)
            self._any[key] = found
        return found

    def rows_containing(self, c: int, mask: int) -> int:
        """Rows that accept every class of ``mask`` in column ``c``."""
        key = (c, mask)
        found = self._every.get(key)
        if found is None:
            found = self._all_rows
            for start, stop in runs(mask):
                found &= _span(self._span_and[c], start, stop, int.__and__)
            self._every[key] = found
        return found

    def overlapping(self, box: Box) -> int:
        """Rows whose box shares at least one input with ``box``."""
        found = -1
        for c, mask in enumerate(box):
            found &= self.rows_meeting(c, mask)
            if not found:
                return 0
        return found & self._all_rows

    def containing(self, box: Box) -> int:
        """Rows whose box holds all of ``box``."""
        found = self._all_rows
        for c, mask in enumerate(box):
            found &= self.rows_containing(c, mask)
        return found

    def uncovered(self, box: Box, rows: int, limit: int | None = None, split_null: bool = False) -> list[Box]:
        """Regions of ``box`` that no row of ``rows`` matches (at most ``limit`` of them).

        With ``split_null`` each region is, per split column, either only the null
        class or only documented classes, so that a region can be told apart as a gap
        of documented values or one that needs an input not documented.
        """
        order = self.order
        depth = len(order)
        covers_rest = [0] * (depth + 1)  # rows accepting all of box in columns order[d:]
        covers_rest[depth] = rows
        for d in range(depth - 1, -1, -1):
            c = order[d]
            covers_rest[d] = covers_rest[d + 1] & self.rows_containing(c, box[c])
        found: list[Box] = []
        covered: set[tuple[int, int]] = set()
        prefix = list(box)

        def emit(c: int, mask: int) -> None:
            region = list(prefix)
            region[c] = mask
            found.append(tuple(region))

        def walk(d: int, alive: int) -> bool:
            """Whether the region (prefix, box beyond d) is fully covered by ``alive``."""
            if limit is not None and len(found) >= limit:
                return False
            c = order[d]
            wanted = box[c]
            if d == depth - 1:
                if alive.bit_count() < wanted.bit_count():
                    union = 0
                    for r in bits(alive):
                        union |= self.boxes[r][c]
                    left = wanted & ~union
                else:
                    left = 0
                    for k in bits(wanted):
                        if not alive & self.accepting[c][k]:
                            left |= 1 << k
                if not left:
                    return True
                parts = [left & self.null_masks[c], left & ~self.null_masks[c]] if split_null else [left]
                for part in parts:
                    if part and (limit is None or len(found) < limit):
                        emit(c, part)
                return False
            groups = self._groups(c, wanted, alive, self.null_masks[c] if split_null else 0)
            whole = True
            for (sub, _), mask in groups.items():
                if limit is not None and len(found) >= limit:
                    return False
                if sub & covers_rest[d + 1] or (d + 1, sub) in covered:
                    continue
                if not sub:
                    emit(c, mask)
                    whole = False
                    continue
                prefix[c] = mask
                if walk(d + 1, sub):
                    covered.add((d + 1, sub))
                else:
                    whole = False
                prefix[c] = box[c]
            return whole

        if not rows:
            return [box]
        if not rows & covers_rest[0]:
            walk(0, rows)
        return found

    def _groups(self, c: int, wanted: int, alive: int, nulls: int) -> dict[tuple[int, bool], int]:
        """The classes of ``wanted`` grouped by which ``alive`` rows accept them (and null)."""
        groups: dict[tuple[int, bool], int] = {}
        accepting = self.accepting[c]
        if alive.bit_count() * 2 < wanted.bit_count():
            # few rows: classes change hands only where an alive row's mask starts or stops
            edges = wanted ^ (wanted << 1)
            for r in bits(alive):
                mask = self.boxes[r][c]
                edges |= mask ^ (mask << 1)
            cuts = bits(edges)
            start = next(cuts)
            for stop in cuts:
                segment = (((1 << stop) - 1) ^ ((1 << start) - 1)) & wanted
                if segment:
                    sub = alive & accepting[start]
                    for part, null in ((segment & ~nulls, False), (segment & nulls, True)):
                        if part:
                            groups[(sub, null)] = groups.get((sub, null), 0) | part
                start = stop
            return groups
        for k in bits(wanted):
            key = (alive & accepting[k], bool(nulls >> k & 1))
            groups[key] = groups.get(key, 0) | (1 << k)
        return groups

    def covered(self, box: Box, rows: int) -> bool:
        """Whether the rows of ``rows`` together match every input of ``box``."""
        return not self._corner_missed(box, rows) and not self.uncovered(box, rows, limit=1)

    def _corner_missed(self, box: Box, rows: int, tries: int = 32) -> bool:
        """A quick look before the search: is some corner of ``box`` matched by no row?"""
        if not all(box):
            return False
        ends = [(m & -m).bit_length() - 1 for m in box], [m.bit_length() - 1 for m in box]
        for t in range(min(tries, 1 << self.columns)):
            alive = rows
            for c in self.order:
                alive &= self.accepting[c][ends[t >> c & 1][c]]
                if not alive:
                    return True
        return False


def _spans(column: list[int], combine: Callable[[int, int], int]) -> list[list[int]]:
    """``table[j][k]``: ``column[k] .. column[k + 2**j - 1]`` combined (a sparse table)."""
    table = [column]
    width = 1
    while 2 * width <= len(column):
        below = table[-1]
        table.append([combine(below[k], below[k + width]) for k in range(len(column) - 2 * width + 1)])
        width *= 2
    return table


def _span(table: list[list[int]], start: int, stop: int, combine: Callable[[int, int], int]) -> int:
    j = (stop - start).bit_length() - 1
    return combine(table[j][start], table[j][stop - (1 << j)])
