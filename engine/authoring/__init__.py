"""Authoring workbooks (docs/authoring.md).

``spec`` + ``writer``: build a workbook from a spec (tests, fixtures); ``scaffold`` (with
``guidance``): the ready-to-fill workbook of ``imr tables new``; ``canonical``: the text of
``imr tables show`` and the git textconv driver; ``diff`` (with ``rowmatch``, ``coverage``,
``outcomes``, ``compare``, ``diff_text``): ``imr tables diff``; ``sources``: a file or
``REV:path`` in git.  The pytest plugin that runs Tests rows is ``engine.pytest_plugin``.
"""

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
