"""Overlaps and gaps that a change makes appear or disappear, from the validator's analysis.

The validator (``engine.validation.table_checks.analyse_table``) finds, per table, rows
that overlap where the hit policy forbids it, inputs no row matches, rows never selected,
duplicates and rows that cannot match.  Both versions of a table are analysed and their
findings compared: a finding of the old table is restated with the new rule numbers
(through the row pairing of ``engine.authoring.diff``) so that renumbering alone does
not count as a change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from engine.authoring.diff import CoverageChange
from engine.model import DecisionTable, FactDef
from engine.validation.findings import Finding
from engine.validation.table_checks import analyse_table

__all__ = ["COVERAGE_CHECKS", "coverage_change"]

COVERAGE_CHECKS = frozenset({
    "overlap", "gap", "gap-undocumented", "shadowed", "masked", "duplicate", "unmatchable", "subsumed",
})
MAX_GAPS = 20
_RULES = re.compile(r"\b(rules? )(\d+(?:(?:, | and )\d+)*)")
_NUMBER = re.compile(r"\d+")
_REGION = re.compile(r" \(region \d+ of [^)]*\)")

def coverage_change(
    old: DecisionTable | None, old_glossary: Mapping[str, FactDef],
    new: DecisionTable, new_glossary: Mapping[str, FactDef], renumber: Mapping[int, int],
) -> CoverageChange:
    """Findings of NEW not in OLD (appeared) and of OLD not in NEW (disappeared).

    ``renumber`` maps old rule numbers to new ones for the rules that were paired."""
    after = _findings(new, new_glossary)
    before = _findings(old, old_glossary) if old is not None else []
    old_keys = {_key(f, renumber) for f in before}
    new_keys = {_key(f, None) for f in after}
    return CoverageChange(
        appeared=[f.line() for f in after if _key(f, None) not in old_keys],
        disappeared=[f.line() for f in before if _key(f, renumber) not in new_keys],
    )


def _findings(table: DecisionTable, glossary: Mapping[str, FactDef]) -> list[Finding]:
    return [f for f in analyse_table(table, glossary, max_gaps=MAX_GAPS) if f.check in COVERAGE_CHECKS]


def _key(finding: Finding, renumber: Mapping[int, int] | None) -> tuple[str, str]:
    message = _REGION.sub("", finding.message)
    if renumber is not None:
        def restate(match: re.Match[str]) -> str:
            numbers = _NUMBER.sub(lambda n: _new_number(int(n.group()), renumber), match.group(2))
            return match.group(1) + numbers

        message = _RULES.sub(restate, message)
    return finding.check, message


def _new_number(number: int, renumber: Mapping[int, int]) -> str:
    return str(renumber[number]) if number in renumber else f"(removed {number})"
