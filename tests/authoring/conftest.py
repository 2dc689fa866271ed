"""Two small workbooks that chain: a screen (``request.screen``) read by a knee table.

Fixed here, like the runtime fixtures, so that authoring tests do not move when the
shipped tables are revised.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.authoring.spec import FactSpec, GuidelineSpec, RuleSpec, TableSpec, TestSpec, WorkbookSpec
from engine.authoring.writer import write_workbook

SCREEN = WorkbookSpec(
    guideline=GuidelineSpec(id="demo-conventions", title="Demo conventions", citation="Demo 1", edition="1"),
    facts=(
        FactSpec(name="request.duplicate", type="boolean", question="Was this already authorized?"),
        FactSpec(name="request.screen", type="enumeration", allowed_values='"duplicate","reviewable"'),
    ),
    tables=(
        TableSpec(
            name="request_screen", hit_policy="FIRST", inputs=("request.duplicate",),
            outputs=("request.screen",),
            rules=(
                RuleSpec(inputs=("true",), outputs=('"duplicate"',), citation="Demo 1(a)"),
                RuleSpec(inputs=("false",), outputs=('"reviewable"',), citation="Demo 1(b)"),
            ),
        ),
    ),
    tests=(TestSpec(id="S1", as_of="2016-01-01", inputs={"request.duplicate": True},
                    expected={"request.screen": '"duplicate"'}),),
)

KNEE_RULES = (
    RuleSpec(inputs=('"duplicate"', "-", "-"), outputs=('"Upheld"',), citation="Knee 2(a)",
             rationale="A duplicate request is not reviewed."),
    RuleSpec(inputs=('"reviewable"', "[1..6]", "-"), outputs=('"Overturned"',), citation="Knee 2(b)",
             rationale="{knee.sessions} sessions are within the trial."),
    RuleSpec(inputs=('"reviewable"', "> 6", "true"), outputs=('"Overturned"',), citation="Knee 2(c)",
             rationale="More sessions after documented improvement."),
    RuleSpec(inputs=('"reviewable"', "> 6", "false"), outputs=('"Upheld"',), citation="Knee 2(c)",
             rationale="No improvement documented after the trial."),
)

KNEE = WorkbookSpec(
    guideline=GuidelineSpec(id="demo-knee", title="Demo knee guideline", citation="Knee 2", edition="2016"),
    facts=(
        FactSpec(name="knee.sessions", type="integer", unit="sessions", question="How many sessions?"),
        FactSpec(name="knee.improved", type="boolean", question="Did the trial improve function?"),
        FactSpec(name="knee.outcome", type="enumeration", allowed_values='"Overturned","Upheld"'),
    ),
    tables=(
        TableSpec(
            name="knee_determination", hit_policy="FIRST",
            inputs=("request.screen", "knee.sessions", "knee.improved"), outputs=("knee.outcome",),
            rules=KNEE_RULES,
        ),
    ),
    tests=(
        TestSpec(id="K1", as_of="2016-01-01", inputs={"request.duplicate": False, "knee.sessions": 6},
                 expected={"knee.outcome": '"Overturned"'}, description="within the trial"),
        TestSpec(id="K2", as_of="2016-01-01", inputs={"request.duplicate": True, "knee.sessions": 6},
                 expected={"knee.outcome": '"Upheld"'}, description="duplicate"),
        TestSpec(id="K3", as_of="2016-01-01",
                 inputs={"request.duplicate": False, "knee.sessions": 8, "knee.improved": False},
                 expected={"knee.outcome": '"Upheld"'}, description="past the trial, no improvement"),
    ),
)


def write_chain(folder: Path, knee: WorkbookSpec = KNEE) -> Path:
    """The two workbooks in ``folder``; returns the knee workbook's path."""
    write_workbook(SCREEN, folder / "screen.xlsx")
    return write_workbook(knee, folder / "knee.xlsx")


def with_rules(*rules: RuleSpec, policy: str = "FIRST") -> WorkbookSpec:
    """The knee workbook with other rules (and hit policy)."""
    table = KNEE.tables[0].model_copy(update={"rules": rules, "hit_policy": policy})
    return KNEE.model_copy(update={"tables": (table,)})


@pytest.fixture
def chain(tmp_path: Path) -> Path:
    """A tables folder with the two workbooks; returns the folder."""
    folder = tmp_path / "tables"
    write_chain(folder)
    return folder


needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
