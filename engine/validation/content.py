"""Guideline content: citations, rationale placeholders, editions and their dates, Tests.

- every rule row cites the guideline (``citation``);
- a rationale's ``{placeholders}`` name known facts (``placeholder``), since an unknown
  one would print *not documented* in a letter;
- an edition has an ``effective from`` date, and editions of one guideline neither
  overlap (``edition-overlap``) nor leave days between them (``edition-gap``);
- a workbook has worked examples (``no-tests``) whose columns name known facts;
- hidden sheets and rows are pointed out (``hidden``): a reviewer of the workbook does
  not see them, the engine does;
- macros are pointed out (``macros``): the engine never runs them, Excel may.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from engine.errors import did_you_mean
from engine.model import FactDef, Guideline, Workbook
from engine.validation.findings import Finding, Severity, at
from engine.validation.locate import CellLocator

_LITERAL_CITATION = re.compile(r'"[^"]*"|-?\d+(\.\d+)?|true|false|null')  # a value, not a citation
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")  # as engine.runtime.evaluate fills them
_HIDDEN_ROW = re.compile(r"^.*, sheet '(?P<sheet>.*)', row (?P<row>\d+): the row is hidden$")
_HIDDEN_SHEET = re.compile(r"^.*: sheet '(?P<sheet>.*)' is hidden$")
_MACROS = re.compile(r"^.*: the workbook contains macros \((?P<part>.*)\); they are ignored and never run$")


def check_workbook_content(
    wb: Workbook, glossary: Mapping[str, FactDef], locator: CellLocator, today: dt.date | None = None
) -> list[Finding]:
    findings: list[Finding] = []
    file = wb.path
    for warning in wb.warnings:
        if match := _HIDDEN_ROW.match(warning):
            findings.append(at("hidden", Severity.WARNING, "the row is hidden; reviewers of the workbook do not "
                               "see it, the engine reads it", file, f"{match['sheet']}!A{match['row']}"))
        elif match := _HIDDEN_SHEET.match(warning):
            findings.append(at("hidden", Severity.WARNING, "the sheet is hidden; reviewers of the workbook do "
                               "not see it, the engine reads it", file, match["sheet"]))
        elif match := _MACROS.match(warning):
            findings.append(at("macros", Severity.WARNING, f"the workbook contains macros ({match['part']}); "
                               "imr ignores them and never runs them, but Excel may when the file is opened", file))
    guideline = wb.guideline
    if guideline.effective_from is None:
        findings.append(at("effective-dates", Severity.WARNING,
                           f"edition {guideline.edition!r} has no 'effective from' date: it counts as in effect "
                           "on any date before its end", file, locator.guideline_value(file, "effective from")))
    elif guideline.effective_from > (today or dt.date.today()):
        findings.append(at("effective-dates", Severity.INFO,
                           f"edition {guideline.edition!r} takes effect on {guideline.effective_from}, "
                           "in the future", file, locator.guideline_value(file, "effective from")))
    for table in wb.tables:
        for rule in table.rules:
            if not rule.citation:
                where = rule.citation_address or f"{table.sheet}!A{rule.row}"
                what = "an empty Citation cell" if rule.citation_address else "no Citation column"
                findings.append(at("citation", Severity.ERROR,
                                   f"rule {rule.number} of {table.name!r} cites no guideline ({what})", file, where))
            elif _LITERAL_CITATION.fullmatch(rule.citation.strip()):
                findings.append(at("citation", Severity.ERROR,
                                   f"rule {rule.number} of {table.name!r} cites {rule.citation.strip()!r}, which reads "
                                   "as a cell value, not a guideline: an output written one column too far?",
                                   file, rule.citation_address or f"{table.sheet}!A{rule.row}"))
            for name in placeholders(rule.rationale):
                if name not in glossary:
                    hint = did_you_mean(name, glossary)
                    findings.append(at(
                        "placeholder", Severity.ERROR,
                        f"the rationale of rule {rule.number} names {{{name}}}, which is no known fact"
                        + (f" ({hint})" if hint else "") + "; it would print as 'not documented'",
                        file, locator.rationale(file, table.sheet, rule.row)))
    if not wb.tests:
        findings.append(at("no-tests", Severity.WARNING,
                           "the workbook has no worked examples: add a Tests sheet (docs/tables.md)", file))
    seen: set[str] = set()
    for test in wb.tests:
        for name in (*test.inputs, *test.expected):
            if name not in glossary and name not in seen:
                seen.add(name)
                hint = did_you_mean(name, glossary)
                findings.append(at("unknown-fact", Severity.ERROR,
                                   f"unknown fact {name!r} in a Tests column" + (f" ({hint})" if hint else ""),
                                   file, locator.tests_column(file, name)))
    return findings


def placeholders(text: str | None) -> list[str]:
    """The fact names a rationale's ``{placeholders}`` name, spaces normalised."""
    return [" ".join(m.split()) for m in PLACEHOLDER.findall(text or "")]


def check_editions(workbooks: Sequence[Workbook], locator: CellLocator) -> list[Finding]:
    """Editions of one guideline: no two in effect on one day, no day without one."""
    findings: list[Finding] = []
    by_id: dict[str, list[Workbook]] = {}
    for wb in workbooks:
        by_id.setdefault(wb.guideline.id, []).append(wb)
    for editions in by_id.values():
        ordered = sorted(editions, key=lambda w: w.guideline.effective_from or dt.date.min)
        for i, wb in enumerate(ordered):
            where = locator.guideline_value(wb.path, "effective from")
            for other in ordered[:i]:
                a, b = other.guideline, wb.guideline
                if a.edition == b.edition:
                    findings.append(at("edition-overlap", Severity.ERROR,
                                       f"edition {b.edition!r} of guideline {b.id!r} is loaded twice (also "
                                       f"{other.path})", wb.path, where))
                elif _overlap(a, b):
                    findings.append(at("edition-overlap", Severity.ERROR,
                                       f"editions {a.edition!r} ({_span(a)}, {other.path}) and {b.edition!r} "
                                       f"({_span(b)}) of guideline {b.id!r} are both in effect from "
                                       f"{max(a.effective_from or dt.date.min, b.effective_from or dt.date.min)}",
                                       wb.path, where))
            if i:
                before = ordered[i - 1].guideline
                start = wb.guideline.effective_from
                if before.effective_to and start and start > before.effective_to + dt.timedelta(days=1):
                    findings.append(at(
                        "edition-gap", Severity.WARNING,
                        f"no edition of guideline {wb.guideline.id!r} is in effect from "
                        f"{before.effective_to + dt.timedelta(days=1)} to {start - dt.timedelta(days=1)} "
                        f"(edition {before.edition!r} ends {before.effective_to})", wb.path, where))
    return findings


def _overlap(a: Guideline, b: Guideline) -> bool:
    """As the compiler decides it: each starts before the other ends."""
    a_before_b_ends = b.effective_to is None or a.effective_from is None or a.effective_from <= b.effective_to
    b_before_a_ends = a.effective_to is None or b.effective_from is None or b.effective_from <= a.effective_to
    return a_before_b_ends and b_before_a_ends


def _span(g: Guideline) -> str:
    return f"{g.effective_from or 'the start'} to {g.effective_to or 'now'}"
