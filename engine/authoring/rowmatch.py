"""Which rule of the old table became which rule of the new one.

Rules have no identity but their content, so they are paired by it:

1. identical rules (cells, citation, rationale, annotation) are paired first, in order,
   by a longest-common-subsequence alignment, so inserting or deleting rules pairs every
   other rule with itself;
2. the remaining rules are paired by similarity, best first: the share of equal cells
   over the columns both tables have, leaving out columns where both rules say ``-``
   (three quarters of the score), and how alike the citation, rationale and annotation
   read (one quarter).  A pair needs a score of at least ``THRESHOLD``; ties go to the
   pair closest in position.

What is left over was removed (old side) or added (new side).  A paired rule whose
position does not follow the others (outside the longest increasing run of new
positions) was *moved*.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["THRESHOLD", "RowContent", "RowMatch", "match_rows", "similarity"]

THRESHOLD = 0.6
DONT_CARE = "-"
_CELL_WEIGHT = 0.75


@dataclass(frozen=True)
class RowContent:
    """A rule as compared: canonical cell text per column fact, and its prose."""

    cells: dict[str, str]
    prose: tuple[str, ...] = ()  # citation, rationale, annotation ("" when blank)

    @property
    def key(self) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
        return tuple(sorted(self.cells.items())), self.prose


@dataclass
class RowMatch:
    pairs: list[tuple[int, int, float]] = field(default_factory=list)  # old, new (0-based), score
    removed: list[int] = field(default_factory=list)
    added: list[int] = field(default_factory=list)
    moved: set[tuple[int, int]] = field(default_factory=set)


def similarity(a: RowContent, b: RowContent) -> float:
    """1.0 for the same rule, 0.0 for nothing in common (see the module docstring)."""
    common = [c for c in a.cells if c in b.cells]
    telling = [c for c in common if not (a.cells[c] == b.cells[c] == DONT_CARE)] or common
    cells = sum(a.cells[c] == b.cells[c] for c in telling) / len(telling) if telling else 0.0
    texts = [(x, y) for x, y in zip(a.prose, b.prose, strict=False) if x or y]
    if not texts:
        return cells
    prose = sum(difflib.SequenceMatcher(None, x, y, autojunk=False).ratio() for x, y in texts) / len(texts)
    return _CELL_WEIGHT * cells + (1 - _CELL_WEIGHT) * prose


def match_rows(old: Sequence[RowContent], new: Sequence[RowContent]) -> RowMatch:
    result = RowMatch()
    paired: dict[int, tuple[int, float]] = {}
    aligner = difflib.SequenceMatcher(None, [r.key for r in old], [r.key for r in new], autojunk=False)
    for block in aligner.get_matching_blocks():
        for k in range(block.size):
            paired[block.a + k] = (block.b + k, 1.0)
    taken = {n for n, _ in paired.values()}
    candidates = [
        (-similarity(old[i], new[j]), abs(i - j), i, j)
        for i in range(len(old)) if i not in paired
        for j in range(len(new)) if j not in taken
    ]
    for negative, _, i, j in sorted(candidates):
        if -negative < THRESHOLD:
            break
        if i in paired or j in taken:
            continue
        paired[i] = (j, -negative)
        taken.add(j)
    result.pairs = sorted((i, j, score) for i, (j, score) in paired.items())
    result.removed = [i for i in range(len(old)) if i not in paired]
    result.added = [j for j in range(len(new)) if j not in taken]
    in_order = _increasing_run([j for _, j, _ in result.pairs])
    result.moved = {(i, j) for i, j, _ in result.pairs if j not in in_order}
    return result


def _increasing_run(values: list[int]) -> set[int]:
    """The values of one longest strictly increasing subsequence."""
    tails: list[int] = []  # smallest tail value of a run of each length
    tail_at: list[int] = []  # index in values of that tail
    previous = [-1] * len(values)
    for k, value in enumerate(values):
        pos = bisect_left(tails, value)
        if pos == len(tails):
            tails.append(value)
            tail_at.append(k)
        else:
            tails[pos] = value
            tail_at[pos] = k
        previous[k] = tail_at[pos - 1] if pos else -1
    run: set[int] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        run.add(values[k])
        k = previous[k]
    return run
