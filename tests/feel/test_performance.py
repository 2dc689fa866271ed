"""Parsing a 1,000-row workbook (about 6,000 cells) must stay well under a second.

The bound asserted here is loose (shared CI machines vary); it catches a parser rebuilt
per cell or a lost cache, which cost orders of magnitude, not a few percent.
"""

from __future__ import annotations

import time
from decimal import Decimal

from engine.feel import parse_expression, parse_unary_tests
from engine.feel.parser import _lark, _parse

ROWS = 1000


def typical_cells(rows: int) -> list[str]:
    """Six input cells per row, in the mix a guideline workbook has (mostly distinct)."""
    cells: list[str] = []
    for i in range(rows):
        n = i % 500
        cells += [
            "-",
            f'"initial {i}"' if i % 3 else '"initial","extension"',
            f"[{n}..{n + 6}]",
            f">= {n}.5",
            f'< date("20{i % 100:02d}-0{i % 9 + 1}-1{i % 10}")',
            f'not("lumbar {i}", "cervical")' if i % 2 else "> prior sessions",
        ]
    return cells


def test_the_lark_parser_is_built_once() -> None:
    assert _lark() is _lark()


def test_six_thousand_cells_parse_fast() -> None:
    cells = typical_cells(ROWS)
    _lark()
    _parse.cache_clear()
    start = time.perf_counter()
    parsed = [parse_unary_tests(c) for c in cells]
    elapsed = time.perf_counter() - start
    assert len(parsed) == 6 * ROWS
    assert elapsed < 3.0, f"{len(cells)} cells took {elapsed:.2f} s"


def test_matching_is_plain_and_fast() -> None:
    tests = [parse_unary_tests(c) for c in typical_cells(200)]
    env = {"prior sessions": Decimal(3)}
    start = time.perf_counter()
    for _ in range(10):
        for t in tests:
            t.matches(Decimal(42), env)
    per_call = (time.perf_counter() - start) / (10 * len(tests))
    assert per_call < 100e-6


def test_outputs_parse_fast() -> None:
    start = time.perf_counter()
    for i in range(1000):
        parse_expression(f'"Overturned {i}"')
    assert time.perf_counter() - start < 1.0
