"""The box algebra: uncovered regions, overlaps and containment, against brute force."""

from __future__ import annotations

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.validation.grid import RowGrid, bits, runs


def _points(box):
    return set(product(*(list(bits(m)) for m in box)))


def _inside(point, box) -> bool:
    return all(m >> k & 1 for k, m in zip(point, box, strict=True))


boxes = st.integers(1, 4).flatmap(lambda columns: st.tuples(
    st.lists(st.integers(2, 5), min_size=columns, max_size=columns),
    st.integers(0, 40),
)).flatmap(lambda shape: st.tuples(
    st.just(shape[0]),
    st.lists(st.tuples(*(st.integers(0, (1 << n) - 1) for n in shape[0])), max_size=shape[1] % 12),
))


@settings(max_examples=300)
@given(boxes, st.booleans())
def test_uncovered_regions_are_exactly_the_points_no_row_matches(shape, split_null):
    sizes, rows = shape
    grid = RowGrid(sizes, [1 << (n - 1) for n in sizes], rows)
    full = grid.full
    regions = grid.uncovered(full, (1 << len(rows)) - 1, split_null=split_null)
    found = set()
    for region in regions:
        points = _points(region)
        assert not points & found  # regions do not overlap
        found |= points
    expected = {p for p in _points(full) if not any(_inside(p, r) for r in rows)}
    assert found == expected
    assert grid.covered(full, (1 << len(rows)) - 1) == (not expected)


@settings(max_examples=200)
@given(boxes)
def test_overlapping_and_containing_rows(shape):
    sizes, rows = shape
    grid = RowGrid(sizes, [0] * len(sizes), rows)
    for i, box in enumerate(rows):
        meets = {j for j, other in enumerate(rows) if all(a & b for a, b in zip(box, other, strict=True))}
        holds = {j for j, other in enumerate(rows) if all(a & ~b == 0 for a, b in zip(box, other, strict=True))}
        assert set(bits(grid.overlapping(box))) == meets
        assert set(bits(grid.containing(box))) == holds, i


def test_split_null_keeps_null_apart():
    grid = RowGrid([3], [0b100], [(0b001,)])
    assert sorted(grid.uncovered((0b111,), 1, split_null=True)) == [(0b010,), (0b100,)]
    assert grid.uncovered((0b111,), 1) == [(0b110,)]


def test_limit_stops_the_search():
    grid = RowGrid([4, 4], [0, 0], [])
    assert len(grid.uncovered((0b1111, 0b1111), 0, limit=1)) == 1


def test_runs_of_a_mask():
    assert list(runs(0b1110011)) == [(0, 2), (4, 7)]
