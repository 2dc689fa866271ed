"""Validation of decision-table workbooks: every problem found, one line each.

``validate(paths)`` reads every workbook (one that does not read is one finding and the
rest go on), checks names and types against the Facts glossary, analyses each table
over the finite grid of its column classes (overlaps, gaps, rows never selected), checks
how the tables chain, citations and editions, then runs every Tests row.  Findings
carry a stable check id (``findings.CHECKS``) and the workbook, sheet and cell;
``FORMATS`` writes a report as text, JSON or JUnit XML.
``docs/validation.md`` describes each check.

Names load on first use, so that the static analysis alone does not start the rule engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "CHECKS": "engine.validation.findings",
    "Finding": "engine.validation.findings",
    "Report": "engine.validation.findings",
    "Severity": "engine.validation.findings",
    "Summary": "engine.validation.findings",
    "FORMATS": "engine.validation.report",
    "analyse_table": "engine.validation.table_checks",
    "validate": "engine.validation.runner",
}
__all__ = ["CHECKS", "FORMATS", "Finding", "Report", "Severity", "Summary", "analyse_table", "validate"]

if TYPE_CHECKING:
    from engine.validation.findings import CHECKS, Finding, Report, Severity, Summary
    from engine.validation.report import FORMATS
    from engine.validation.runner import validate
    from engine.validation.table_checks import analyse_table


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'engine.validation' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
