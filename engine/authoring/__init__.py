"""Authoring workbooks: build a decision-table workbook from a spec (``imr tables new``)."""

from engine.authoring.spec import (
    Cell,
    FactSpec,
    GuidelineSpec,
    RuleSpec,
    TableSpec,
    TestSpec,
    WorkbookSpec,
)
from engine.authoring.writer import write_workbook

__all__ = [
    "Cell",
    "FactSpec",
    "GuidelineSpec",
    "RuleSpec",
    "TableSpec",
    "TestSpec",
    "WorkbookSpec",
    "write_workbook",
]
