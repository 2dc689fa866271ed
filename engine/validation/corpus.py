"""A folder of case files: the facts the cases supply, and the rows they fire.

``--cases FOLDER``: a fact counts as supplied when any case documents it, directly or
as a fact the case layer derives (``engine.cases.derive``: quantities from the request
text, days since the injury, ...).  ``--coverage FOLDER``: every item of every case is
decided, and per table the rows that no item fired are listed (``coverage``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from engine.cases.derive import item_facts
from engine.cases.determination import determine_item
from engine.cases.loader import case_files, load_case
from engine.cases.model import CaseFile
from engine.compiler.rulebase import Rulebase
from engine.errors import ImrError
from engine.validation.findings import Finding, Severity, at, from_error


@dataclass
class Corpus:
    folder: str
    cases: list[tuple[str, CaseFile]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def load_corpus(folder: Path) -> Corpus:
    """Every case file of the folder; one ``case`` error per file that does not read."""
    corpus = Corpus(str(folder))
    for path in case_files(folder):
        try:
            corpus.cases.append((str(path), load_case(path)))
        except ImrError as exc:
            corpus.findings.append(from_error("case", exc, str(path)))
    return corpus


def supplied_facts(corpus: Corpus, known: Collection[str]) -> set[str]:
    """Facts some case documents or lets the case layer derive."""
    supplied: set[str] = set()
    for file, case in corpus.cases:
        supplied.update(case.facts)
        for index in range(len(case.items)):
            try:
                supplied.update(item_facts(case, index, file, known=known).facts)
            except ImrError as exc:
                corpus.findings.append(from_error("case", exc, file))
    return supplied


def coverage(corpus: Corpus, rulebase: Rulebase, progress: Callable[[str], None] | None = None) -> list[Finding]:
    """Per table and edition, the rows no item of the corpus fires."""
    fired: dict[tuple[str, str], set[int]] = {}
    items = 0
    for file, case in corpus.cases:
        if progress is not None:
            progress(f"coverage: {file}")
        for index in range(len(case.items)):
            try:
                _, evaluation = determine_item(rulebase, case, index, file)
            except ImrError as exc:
                corpus.findings.append(from_error("case", exc, file))
                continue
            items += 1
            for name, result in evaluation.tables.items():
                fired.setdefault((name, result.edition), set()).update(result.matched)
    return _report(rulebase, fired, corpus.folder, len(corpus.cases), items)


def _report(
    rulebase: Rulebase, fired: Mapping[tuple[str, str], set[int]], folder: str, cases: int, items: int
) -> list[Finding]:
    findings = []
    corpus = f"{cases} cases ({items} items) of {folder}"
    for wb in rulebase.workbooks:
        for table in wb.tables:
            key = (table.name, table.edition)
            if key not in fired:
                findings.append(at("coverage", Severity.INFO,
                                   f"table {table.name!r} (edition {table.edition}) is in effect for no item of "
                                   f"the {corpus}", table.workbook, table.address))
                continue
            never = [rule.number for rule in table.rules if rule.number not in fired[key]]
            if never:
                listed = ", ".join(str(n) for n in never)
                rows = "rule" if len(never) == 1 else "rules"
                findings.append(at("coverage", Severity.INFO,
                                   f"{rows} {listed} of {table.name!r} ({len(never)} of {len(table.rules)}) fired "
                                   f"for no item of the {corpus}", table.workbook, table.address))
    return findings
