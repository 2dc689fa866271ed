"""A small valid workbook to start from, and a way to break one cell of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from engine.authoring.spec import FactSpec, GuidelineSpec, RuleSpec, TableSpec, TestSpec, WorkbookSpec
from engine.authoring.writer import write_workbook

SPEC = WorkbookSpec(
    guideline=GuidelineSpec(id="demo", title="Demo guideline", citation="Demo 1.2", edition="2016"),
    facts=(
        FactSpec(name="sessions", type="integer", question="How many sessions?",
                 when_not_documented="must be documented"),
        FactSpec(name="region", type="enumeration", allowed_values='"lumbar","cervical"',
                 when_not_documented="must be documented"),
        FactSpec(name="improved", type="boolean", when_not_documented="taken as false"),
        FactSpec(name="outcome", type="enumeration", allowed_values='"Overturned","Upheld"'),
    ),
    tables=(
        TableSpec(
            name="demo_table", hit_policy="FIRST", inputs=("sessions", "region", "improved"),
            outputs=("outcome",),
            rules=(
                RuleSpec(inputs=("[1..6]", '"lumbar","cervical"', "-"), outputs=('"Overturned"',),
                         citation="Demo 1.2(a)", rationale="{sessions} sessions are within the trial."),
                RuleSpec(inputs=("> 6", "-", "true"), outputs=('"Overturned"',), citation="Demo 1.2(b)"),
                RuleSpec(inputs=("> 6", "-", "false"), outputs=('"Upheld"',), citation="Demo 1.2(b)"),
            ),
        ),
    ),
    tests=(
        TestSpec(id="T1", as_of="2016-01-01", inputs={"sessions": 6, "region": '"lumbar"'},
                 expected={"outcome": '"Overturned"'}),
    ),
)

# Where the writer puts things in SPEC's table sheet (docs/tables.md layout).
RULES_SHEET = "demo_table"
FIRST_RULE_ROW = 7  # header block (3 rows), blank, kind row 5, name row 6


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    return write_workbook(SPEC, tmp_path / "demo.xlsx")


@pytest.fixture
def break_cell(demo_path: Path) -> Callable[[str, str, Any], Path]:
    """Set one cell of the demo workbook and return the file."""

    def _break(sheet: str, cell: str, value: Any) -> Path:
        book = openpyxl.load_workbook(demo_path)
        book[sheet][cell] = value
        book.save(demo_path)
        return demo_path

    return _break
